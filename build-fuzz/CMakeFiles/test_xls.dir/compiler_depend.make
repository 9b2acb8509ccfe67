# Empty compiler generated dependencies file for test_xls.
# This may be replaced when dependencies are built.
