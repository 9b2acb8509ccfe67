# Empty compiler generated dependencies file for test_vote_progress.
# This may be replaced when dependencies are built.
