# Empty compiler generated dependencies file for test_qr.
# This may be replaced when dependencies are built.
