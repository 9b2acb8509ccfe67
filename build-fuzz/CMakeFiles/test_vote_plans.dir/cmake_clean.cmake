file(REMOVE_RECURSE
  "CMakeFiles/test_vote_plans.dir/tests/unit/test_vote_plans.c.o"
  "CMakeFiles/test_vote_plans.dir/tests/unit/test_vote_plans.c.o.d"
  "test_vote_plans"
  "test_vote_plans.pdb"
)

# Per-language clean rules from dependency scanning.
foreach(lang C)
  include(CMakeFiles/test_vote_plans.dir/cmake_clean_${lang}.cmake OPTIONAL)
endforeach()
