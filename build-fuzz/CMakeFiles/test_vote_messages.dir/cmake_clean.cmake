file(REMOVE_RECURSE
  "CMakeFiles/test_vote_messages.dir/tests/unit/test_vote_messages.c.o"
  "CMakeFiles/test_vote_messages.dir/tests/unit/test_vote_messages.c.o.d"
  "test_vote_messages"
  "test_vote_messages.pdb"
)

# Per-language clean rules from dependency scanning.
foreach(lang C)
  include(CMakeFiles/test_vote_messages.dir/cmake_clean_${lang}.cmake OPTIONAL)
endforeach()
