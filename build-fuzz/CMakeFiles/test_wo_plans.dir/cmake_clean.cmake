file(REMOVE_RECURSE
  "CMakeFiles/test_wo_plans.dir/tests/unit/test_wo_plans.c.o"
  "CMakeFiles/test_wo_plans.dir/tests/unit/test_wo_plans.c.o.d"
  "test_wo_plans"
  "test_wo_plans.pdb"
)

# Per-language clean rules from dependency scanning.
foreach(lang C)
  include(CMakeFiles/test_wo_plans.dir/cmake_clean_${lang}.cmake OPTIONAL)
endforeach()
