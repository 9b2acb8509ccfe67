# Empty compiler generated dependencies file for test_decision.
# This may be replaced when dependencies are built.
