# Empty compiler generated dependencies file for test_grid_plans.
# This may be replaced when dependencies are built.
