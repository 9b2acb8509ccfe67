# Empty dependencies file for test_levy.
# This may be replaced when dependencies are built.
