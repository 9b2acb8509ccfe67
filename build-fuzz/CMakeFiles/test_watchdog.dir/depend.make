# Empty dependencies file for test_watchdog.
# This may be replaced when dependencies are built.
