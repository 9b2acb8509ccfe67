file(REMOVE_RECURSE
  "CMakeFiles/test_grid_build.dir/tests/unit/test_grid_build.c.o"
  "CMakeFiles/test_grid_build.dir/tests/unit/test_grid_build.c.o.d"
  "test_grid_build"
  "test_grid_build.pdb"
)

# Per-language clean rules from dependency scanning.
foreach(lang C)
  include(CMakeFiles/test_grid_build.dir/cmake_clean_${lang}.cmake OPTIONAL)
endforeach()
