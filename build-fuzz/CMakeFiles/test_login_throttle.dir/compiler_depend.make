# Empty compiler generated dependencies file for test_login_throttle.
# This may be replaced when dependencies are built.
