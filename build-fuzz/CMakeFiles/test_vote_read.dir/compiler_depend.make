# Empty compiler generated dependencies file for test_vote_read.
# This may be replaced when dependencies are built.
