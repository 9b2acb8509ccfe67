# Empty compiler generated dependencies file for test_grid.
# This may be replaced when dependencies are built.
