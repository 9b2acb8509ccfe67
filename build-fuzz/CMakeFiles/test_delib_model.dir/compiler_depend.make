# Empty compiler generated dependencies file for test_delib_model.
# This may be replaced when dependencies are built.
