file(REMOVE_RECURSE
  "CMakeFiles/test_sortition.dir/tests/unit/test_sortition.c.o"
  "CMakeFiles/test_sortition.dir/tests/unit/test_sortition.c.o.d"
  "test_sortition"
  "test_sortition.pdb"
)

# Per-language clean rules from dependency scanning.
foreach(lang C)
  include(CMakeFiles/test_sortition.dir/cmake_clean_${lang}.cmake OPTIONAL)
endforeach()
