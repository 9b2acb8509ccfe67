# Empty compiler generated dependencies file for test_password.
# This may be replaced when dependencies are built.
