file(REMOVE_RECURSE
  "CMakeFiles/test_grid_read.dir/tests/unit/test_grid_read.c.o"
  "CMakeFiles/test_grid_read.dir/tests/unit/test_grid_read.c.o.d"
  "test_grid_read"
  "test_grid_read.pdb"
)

# Per-language clean rules from dependency scanning.
foreach(lang C)
  include(CMakeFiles/test_grid_read.dir/cmake_clean_${lang}.cmake OPTIONAL)
endforeach()
