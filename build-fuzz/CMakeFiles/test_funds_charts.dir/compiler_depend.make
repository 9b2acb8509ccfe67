# Empty compiler generated dependencies file for test_funds_charts.
# This may be replaced when dependencies are built.
