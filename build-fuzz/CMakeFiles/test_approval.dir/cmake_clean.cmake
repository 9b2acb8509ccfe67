file(REMOVE_RECURSE
  "CMakeFiles/test_approval.dir/tests/unit/test_approval.c.o"
  "CMakeFiles/test_approval.dir/tests/unit/test_approval.c.o.d"
  "test_approval"
  "test_approval.pdb"
)

# Per-language clean rules from dependency scanning.
foreach(lang C)
  include(CMakeFiles/test_approval.dir/cmake_clean_${lang}.cmake OPTIONAL)
endforeach()
