file(REMOVE_RECURSE
  "CMakeFiles/test_xlsx.dir/tests/unit/test_xlsx.c.o"
  "CMakeFiles/test_xlsx.dir/tests/unit/test_xlsx.c.o.d"
  "test_xlsx"
  "test_xlsx.pdb"
)

# Per-language clean rules from dependency scanning.
foreach(lang C)
  include(CMakeFiles/test_xlsx.dir/cmake_clean_${lang}.cmake OPTIONAL)
endforeach()
