file(REMOVE_RECURSE
  "CMakeFiles/test_grid_messages.dir/tests/unit/test_grid_messages.c.o"
  "CMakeFiles/test_grid_messages.dir/tests/unit/test_grid_messages.c.o.d"
  "test_grid_messages"
  "test_grid_messages.pdb"
)

# Per-language clean rules from dependency scanning.
foreach(lang C)
  include(CMakeFiles/test_grid_messages.dir/cmake_clean_${lang}.cmake OPTIONAL)
endforeach()
