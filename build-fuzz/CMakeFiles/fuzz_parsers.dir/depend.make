# Empty dependencies file for fuzz_parsers.
# This may be replaced when dependencies are built.
