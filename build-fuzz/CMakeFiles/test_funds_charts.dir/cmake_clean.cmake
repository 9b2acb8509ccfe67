file(REMOVE_RECURSE
  "CMakeFiles/test_funds_charts.dir/tests/unit/test_funds_charts.c.o"
  "CMakeFiles/test_funds_charts.dir/tests/unit/test_funds_charts.c.o.d"
  "test_funds_charts"
  "test_funds_charts.pdb"
)

# Per-language clean rules from dependency scanning.
foreach(lang C)
  include(CMakeFiles/test_funds_charts.dir/cmake_clean_${lang}.cmake OPTIONAL)
endforeach()
