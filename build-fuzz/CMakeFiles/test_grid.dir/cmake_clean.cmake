file(REMOVE_RECURSE
  "CMakeFiles/test_grid.dir/tests/unit/test_grid.c.o"
  "CMakeFiles/test_grid.dir/tests/unit/test_grid.c.o.d"
  "test_grid"
  "test_grid.pdb"
)

# Per-language clean rules from dependency scanning.
foreach(lang C)
  include(CMakeFiles/test_grid.dir/cmake_clean_${lang}.cmake OPTIONAL)
endforeach()
