# Empty compiler generated dependencies file for funds_bench.
# This may be replaced when dependencies are built.
