file(REMOVE_RECURSE
  "CMakeFiles/test_grid_plans.dir/tests/unit/test_grid_plans.c.o"
  "CMakeFiles/test_grid_plans.dir/tests/unit/test_grid_plans.c.o.d"
  "test_grid_plans"
  "test_grid_plans.pdb"
)

# Per-language clean rules from dependency scanning.
foreach(lang C)
  include(CMakeFiles/test_grid_plans.dir/cmake_clean_${lang}.cmake OPTIONAL)
endforeach()
