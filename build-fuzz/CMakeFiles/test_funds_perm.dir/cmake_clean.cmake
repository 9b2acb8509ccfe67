file(REMOVE_RECURSE
  "CMakeFiles/test_funds_perm.dir/tests/unit/test_funds_perm.c.o"
  "CMakeFiles/test_funds_perm.dir/tests/unit/test_funds_perm.c.o.d"
  "test_funds_perm"
  "test_funds_perm.pdb"
)

# Per-language clean rules from dependency scanning.
foreach(lang C)
  include(CMakeFiles/test_funds_perm.dir/cmake_clean_${lang}.cmake OPTIONAL)
endforeach()
