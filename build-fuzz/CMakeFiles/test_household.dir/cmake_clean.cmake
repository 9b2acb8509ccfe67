file(REMOVE_RECURSE
  "CMakeFiles/test_household.dir/tests/unit/test_household.c.o"
  "CMakeFiles/test_household.dir/tests/unit/test_household.c.o.d"
  "test_household"
  "test_household.pdb"
)

# Per-language clean rules from dependency scanning.
foreach(lang C)
  include(CMakeFiles/test_household.dir/cmake_clean_${lang}.cmake OPTIONAL)
endforeach()
