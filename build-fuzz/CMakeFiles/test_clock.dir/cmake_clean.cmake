file(REMOVE_RECURSE
  "CMakeFiles/test_clock.dir/tests/unit/test_clock.c.o"
  "CMakeFiles/test_clock.dir/tests/unit/test_clock.c.o.d"
  "test_clock"
  "test_clock.pdb"
)

# Per-language clean rules from dependency scanning.
foreach(lang C)
  include(CMakeFiles/test_clock.dir/cmake_clean_${lang}.cmake OPTIONAL)
endforeach()
