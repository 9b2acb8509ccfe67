# Empty dependencies file for test_sortition.
# This may be replaced when dependencies are built.
