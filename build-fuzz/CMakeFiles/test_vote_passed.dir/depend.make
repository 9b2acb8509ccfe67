# Empty dependencies file for test_vote_passed.
# This may be replaced when dependencies are built.
