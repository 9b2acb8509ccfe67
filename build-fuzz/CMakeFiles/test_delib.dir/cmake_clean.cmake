file(REMOVE_RECURSE
  "CMakeFiles/test_delib.dir/tests/unit/test_delib.c.o"
  "CMakeFiles/test_delib.dir/tests/unit/test_delib.c.o.d"
  "test_delib"
  "test_delib.pdb"
)

# Per-language clean rules from dependency scanning.
foreach(lang C)
  include(CMakeFiles/test_delib.dir/cmake_clean_${lang}.cmake OPTIONAL)
endforeach()
