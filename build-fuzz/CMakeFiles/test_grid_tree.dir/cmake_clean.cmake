file(REMOVE_RECURSE
  "CMakeFiles/test_grid_tree.dir/tests/unit/test_grid_tree.c.o"
  "CMakeFiles/test_grid_tree.dir/tests/unit/test_grid_tree.c.o.d"
  "test_grid_tree"
  "test_grid_tree.pdb"
)

# Per-language clean rules from dependency scanning.
foreach(lang C)
  include(CMakeFiles/test_grid_tree.dir/cmake_clean_${lang}.cmake OPTIONAL)
endforeach()
