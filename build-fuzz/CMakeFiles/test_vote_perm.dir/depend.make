# Empty dependencies file for test_vote_perm.
# This may be replaced when dependencies are built.
