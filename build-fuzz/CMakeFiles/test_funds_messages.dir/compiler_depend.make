# Empty compiler generated dependencies file for test_funds_messages.
# This may be replaced when dependencies are built.
