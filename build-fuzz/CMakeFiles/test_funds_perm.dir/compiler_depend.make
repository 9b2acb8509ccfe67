# Empty compiler generated dependencies file for test_funds_perm.
# This may be replaced when dependencies are built.
