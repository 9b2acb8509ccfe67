# Empty dependencies file for fuzz_http.
# This may be replaced when dependencies are built.
