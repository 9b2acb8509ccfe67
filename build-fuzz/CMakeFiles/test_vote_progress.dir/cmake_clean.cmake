file(REMOVE_RECURSE
  "CMakeFiles/test_vote_progress.dir/tests/unit/test_vote_progress.c.o"
  "CMakeFiles/test_vote_progress.dir/tests/unit/test_vote_progress.c.o.d"
  "test_vote_progress"
  "test_vote_progress.pdb"
)

# Per-language clean rules from dependency scanning.
foreach(lang C)
  include(CMakeFiles/test_vote_progress.dir/cmake_clean_${lang}.cmake OPTIONAL)
endforeach()
