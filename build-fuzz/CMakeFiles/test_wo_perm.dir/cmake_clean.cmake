file(REMOVE_RECURSE
  "CMakeFiles/test_wo_perm.dir/tests/unit/test_wo_perm.c.o"
  "CMakeFiles/test_wo_perm.dir/tests/unit/test_wo_perm.c.o.d"
  "test_wo_perm"
  "test_wo_perm.pdb"
)

# Per-language clean rules from dependency scanning.
foreach(lang C)
  include(CMakeFiles/test_wo_perm.dir/cmake_clean_${lang}.cmake OPTIONAL)
endforeach()
