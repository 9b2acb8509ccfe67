# Empty compiler generated dependencies file for test_grid_messages.
# This may be replaced when dependencies are built.
