# Empty compiler generated dependencies file for test_vote_model.
# This may be replaced when dependencies are built.
