file(REMOVE_RECURSE
  "CMakeFiles/test_wo_stats.dir/tests/unit/test_wo_stats.c.o"
  "CMakeFiles/test_wo_stats.dir/tests/unit/test_wo_stats.c.o.d"
  "test_wo_stats"
  "test_wo_stats.pdb"
)

# Per-language clean rules from dependency scanning.
foreach(lang C)
  include(CMakeFiles/test_wo_stats.dir/cmake_clean_${lang}.cmake OPTIONAL)
endforeach()
