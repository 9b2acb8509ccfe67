# Empty dependencies file for workorders_bench.
# This may be replaced when dependencies are built.
