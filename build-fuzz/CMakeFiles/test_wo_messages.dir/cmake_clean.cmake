file(REMOVE_RECURSE
  "CMakeFiles/test_wo_messages.dir/tests/unit/test_wo_messages.c.o"
  "CMakeFiles/test_wo_messages.dir/tests/unit/test_wo_messages.c.o.d"
  "test_wo_messages"
  "test_wo_messages.pdb"
)

# Per-language clean rules from dependency scanning.
foreach(lang C)
  include(CMakeFiles/test_wo_messages.dir/cmake_clean_${lang}.cmake OPTIONAL)
endforeach()
