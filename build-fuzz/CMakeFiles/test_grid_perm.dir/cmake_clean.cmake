file(REMOVE_RECURSE
  "CMakeFiles/test_grid_perm.dir/tests/unit/test_grid_perm.c.o"
  "CMakeFiles/test_grid_perm.dir/tests/unit/test_grid_perm.c.o.d"
  "test_grid_perm"
  "test_grid_perm.pdb"
)

# Per-language clean rules from dependency scanning.
foreach(lang C)
  include(CMakeFiles/test_grid_perm.dir/cmake_clean_${lang}.cmake OPTIONAL)
endforeach()
