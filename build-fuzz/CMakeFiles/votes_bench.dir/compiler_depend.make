# Empty compiler generated dependencies file for votes_bench.
# This may be replaced when dependencies are built.
