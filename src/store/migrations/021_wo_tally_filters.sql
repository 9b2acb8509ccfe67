-- 021_wo_tally_filters: the tallies of 018 split by category and state, so a
-- list filtered by either (or both) at a community, grid, compound or above
-- has an exact total from a few tally rows instead of a count over its
-- orders capped at 10,000. Only "overdue", which changes with the clock and
-- not with a write, is still counted. Dropping 018's triggers is written
-- differently on each backend, so the dialect files do all of it; every
-- migration has a common file, and this one's statement does nothing.
SELECT 1;
