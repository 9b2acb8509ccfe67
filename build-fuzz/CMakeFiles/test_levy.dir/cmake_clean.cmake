file(REMOVE_RECURSE
  "CMakeFiles/test_levy.dir/tests/unit/test_levy.c.o"
  "CMakeFiles/test_levy.dir/tests/unit/test_levy.c.o.d"
  "test_levy"
  "test_levy.pdb"
)

# Per-language clean rules from dependency scanning.
foreach(lang C)
  include(CMakeFiles/test_levy.dir/cmake_clean_${lang}.cmake OPTIONAL)
endforeach()
