file(REMOVE_RECURSE
  "CMakeFiles/test_workorder_sweep.dir/tests/unit/test_workorder_sweep.c.o"
  "CMakeFiles/test_workorder_sweep.dir/tests/unit/test_workorder_sweep.c.o.d"
  "test_workorder_sweep"
  "test_workorder_sweep.pdb"
)

# Per-language clean rules from dependency scanning.
foreach(lang C)
  include(CMakeFiles/test_workorder_sweep.dir/cmake_clean_${lang}.cmake OPTIONAL)
endforeach()
