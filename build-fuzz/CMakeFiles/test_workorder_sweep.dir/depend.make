# Empty dependencies file for test_workorder_sweep.
# This may be replaced when dependencies are built.
