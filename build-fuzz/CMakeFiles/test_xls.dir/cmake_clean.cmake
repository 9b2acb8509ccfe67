file(REMOVE_RECURSE
  "CMakeFiles/test_xls.dir/tests/unit/test_xls.c.o"
  "CMakeFiles/test_xls.dir/tests/unit/test_xls.c.o.d"
  "test_xls"
  "test_xls.pdb"
)

# Per-language clean rules from dependency scanning.
foreach(lang C)
  include(CMakeFiles/test_xls.dir/cmake_clean_${lang}.cmake OPTIONAL)
endforeach()
