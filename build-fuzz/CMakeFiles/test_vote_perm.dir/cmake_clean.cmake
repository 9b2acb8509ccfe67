file(REMOVE_RECURSE
  "CMakeFiles/test_vote_perm.dir/tests/unit/test_vote_perm.c.o"
  "CMakeFiles/test_vote_perm.dir/tests/unit/test_vote_perm.c.o.d"
  "test_vote_perm"
  "test_vote_perm.pdb"
)

# Per-language clean rules from dependency scanning.
foreach(lang C)
  include(CMakeFiles/test_vote_perm.dir/cmake_clean_${lang}.cmake OPTIONAL)
endforeach()
