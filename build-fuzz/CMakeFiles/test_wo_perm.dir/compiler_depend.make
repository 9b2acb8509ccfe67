# Empty compiler generated dependencies file for test_wo_perm.
# This may be replaced when dependencies are built.
