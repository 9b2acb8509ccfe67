file(REMOVE_RECURSE
  "CMakeFiles/test_vote_passed.dir/tests/unit/test_vote_passed.c.o"
  "CMakeFiles/test_vote_passed.dir/tests/unit/test_vote_passed.c.o.d"
  "test_vote_passed"
  "test_vote_passed.pdb"
)

# Per-language clean rules from dependency scanning.
foreach(lang C)
  include(CMakeFiles/test_vote_passed.dir/cmake_clean_${lang}.cmake OPTIONAL)
endforeach()
