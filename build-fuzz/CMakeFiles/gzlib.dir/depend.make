# Empty dependencies file for gzlib.
# This may be replaced when dependencies are built.
