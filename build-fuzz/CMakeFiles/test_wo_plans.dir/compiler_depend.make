# Empty compiler generated dependencies file for test_wo_plans.
# This may be replaced when dependencies are built.
