# Empty dependencies file for test_req.
# This may be replaced when dependencies are built.
