file(REMOVE_RECURSE
  "CMakeFiles/test_pii.dir/tests/unit/test_pii.c.o"
  "CMakeFiles/test_pii.dir/tests/unit/test_pii.c.o.d"
  "test_pii"
  "test_pii.pdb"
)

# Per-language clean rules from dependency scanning.
foreach(lang C)
  include(CMakeFiles/test_pii.dir/cmake_clean_${lang}.cmake OPTIONAL)
endforeach()
