# Empty dependencies file for test_vote_plans.
# This may be replaced when dependencies are built.
