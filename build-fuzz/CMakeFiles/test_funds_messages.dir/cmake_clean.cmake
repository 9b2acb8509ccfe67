file(REMOVE_RECURSE
  "CMakeFiles/test_funds_messages.dir/tests/unit/test_funds_messages.c.o"
  "CMakeFiles/test_funds_messages.dir/tests/unit/test_funds_messages.c.o.d"
  "test_funds_messages"
  "test_funds_messages.pdb"
)

# Per-language clean rules from dependency scanning.
foreach(lang C)
  include(CMakeFiles/test_funds_messages.dir/cmake_clean_${lang}.cmake OPTIONAL)
endforeach()
