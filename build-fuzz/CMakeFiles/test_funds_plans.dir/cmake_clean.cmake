file(REMOVE_RECURSE
  "CMakeFiles/test_funds_plans.dir/tests/unit/test_funds_plans.c.o"
  "CMakeFiles/test_funds_plans.dir/tests/unit/test_funds_plans.c.o.d"
  "test_funds_plans"
  "test_funds_plans.pdb"
)

# Per-language clean rules from dependency scanning.
foreach(lang C)
  include(CMakeFiles/test_funds_plans.dir/cmake_clean_${lang}.cmake OPTIONAL)
endforeach()
