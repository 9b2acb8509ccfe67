# Empty dependencies file for test_grid_build.
# This may be replaced when dependencies are built.
