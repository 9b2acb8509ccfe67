file(REMOVE_RECURSE
  "CMakeFiles/test_delib_model.dir/tests/unit/test_delib_model.c.o"
  "CMakeFiles/test_delib_model.dir/tests/unit/test_delib_model.c.o.d"
  "test_delib_model"
  "test_delib_model.pdb"
)

# Per-language clean rules from dependency scanning.
foreach(lang C)
  include(CMakeFiles/test_delib_model.dir/cmake_clean_${lang}.cmake OPTIONAL)
endforeach()
