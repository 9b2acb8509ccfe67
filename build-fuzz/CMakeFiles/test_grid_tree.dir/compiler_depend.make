# Empty compiler generated dependencies file for test_grid_tree.
# This may be replaced when dependencies are built.
