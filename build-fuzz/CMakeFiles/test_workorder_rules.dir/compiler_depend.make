# Empty compiler generated dependencies file for test_workorder_rules.
# This may be replaced when dependencies are built.
