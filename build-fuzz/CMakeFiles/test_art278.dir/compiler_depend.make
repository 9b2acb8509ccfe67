# Empty compiler generated dependencies file for test_art278.
# This may be replaced when dependencies are built.
