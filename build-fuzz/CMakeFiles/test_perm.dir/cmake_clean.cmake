file(REMOVE_RECURSE
  "CMakeFiles/test_perm.dir/tests/unit/test_perm.c.o"
  "CMakeFiles/test_perm.dir/tests/unit/test_perm.c.o.d"
  "test_perm"
  "test_perm.pdb"
)

# Per-language clean rules from dependency scanning.
foreach(lang C)
  include(CMakeFiles/test_perm.dir/cmake_clean_${lang}.cmake OPTIONAL)
endforeach()
