# Empty dependencies file for gz_fmtcheck.
# This may be replaced when dependencies are built.
