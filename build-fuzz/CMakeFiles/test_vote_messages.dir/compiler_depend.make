# Empty compiler generated dependencies file for test_vote_messages.
# This may be replaced when dependencies are built.
