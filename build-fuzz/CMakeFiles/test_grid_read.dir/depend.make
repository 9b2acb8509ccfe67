# Empty dependencies file for test_grid_read.
# This may be replaced when dependencies are built.
