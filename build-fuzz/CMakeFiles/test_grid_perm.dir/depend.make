# Empty dependencies file for test_grid_perm.
# This may be replaced when dependencies are built.
