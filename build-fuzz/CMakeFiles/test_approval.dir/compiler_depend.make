# Empty compiler generated dependencies file for test_approval.
# This may be replaced when dependencies are built.
