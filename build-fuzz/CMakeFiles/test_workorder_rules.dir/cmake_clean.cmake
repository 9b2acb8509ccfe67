file(REMOVE_RECURSE
  "CMakeFiles/test_workorder_rules.dir/tests/unit/test_workorder_rules.c.o"
  "CMakeFiles/test_workorder_rules.dir/tests/unit/test_workorder_rules.c.o.d"
  "test_workorder_rules"
  "test_workorder_rules.pdb"
)

# Per-language clean rules from dependency scanning.
foreach(lang C)
  include(CMakeFiles/test_workorder_rules.dir/cmake_clean_${lang}.cmake OPTIONAL)
endforeach()
