# Empty dependencies file for test_respcache.
# This may be replaced when dependencies are built.
