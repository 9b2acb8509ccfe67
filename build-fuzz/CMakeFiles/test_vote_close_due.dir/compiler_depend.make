# Empty compiler generated dependencies file for test_vote_close_due.
# This may be replaced when dependencies are built.
