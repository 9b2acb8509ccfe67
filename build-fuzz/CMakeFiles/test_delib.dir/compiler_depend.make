# Empty compiler generated dependencies file for test_delib.
# This may be replaced when dependencies are built.
