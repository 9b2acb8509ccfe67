# Empty compiler generated dependencies file for test_household.
# This may be replaced when dependencies are built.
