# Empty compiler generated dependencies file for test_funds_plans.
# This may be replaced when dependencies are built.
