file(REMOVE_RECURSE
  "CMakeFiles/test_vote_close_due.dir/tests/unit/test_vote_close_due.c.o"
  "CMakeFiles/test_vote_close_due.dir/tests/unit/test_vote_close_due.c.o.d"
  "test_vote_close_due"
  "test_vote_close_due.pdb"
)

# Per-language clean rules from dependency scanning.
foreach(lang C)
  include(CMakeFiles/test_vote_close_due.dir/cmake_clean_${lang}.cmake OPTIONAL)
endforeach()
