# Empty compiler generated dependencies file for test_pii.
# This may be replaced when dependencies are built.
