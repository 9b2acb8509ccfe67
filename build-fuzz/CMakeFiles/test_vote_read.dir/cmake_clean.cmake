file(REMOVE_RECURSE
  "CMakeFiles/test_vote_read.dir/tests/unit/test_vote_read.c.o"
  "CMakeFiles/test_vote_read.dir/tests/unit/test_vote_read.c.o.d"
  "test_vote_read"
  "test_vote_read.pdb"
)

# Per-language clean rules from dependency scanning.
foreach(lang C)
  include(CMakeFiles/test_vote_read.dir/cmake_clean_${lang}.cmake OPTIONAL)
endforeach()
