# Empty compiler generated dependencies file for test_funds_yuan.
# This may be replaced when dependencies are built.
