# Empty dependencies file for test_notify_emit.
# This may be replaced when dependencies are built.
