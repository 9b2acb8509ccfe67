# Empty compiler generated dependencies file for test_perm.
# This may be replaced when dependencies are built.
