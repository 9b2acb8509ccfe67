file(REMOVE_RECURSE
  "CMakeFiles/test_vote_model.dir/tests/unit/test_vote_model.c.o"
  "CMakeFiles/test_vote_model.dir/tests/unit/test_vote_model.c.o.d"
  "test_vote_model"
  "test_vote_model.pdb"
)

# Per-language clean rules from dependency scanning.
foreach(lang C)
  include(CMakeFiles/test_vote_model.dir/cmake_clean_${lang}.cmake OPTIONAL)
endforeach()
