file(REMOVE_RECURSE
  "CMakeFiles/test_watchdog.dir/tests/unit/test_watchdog.c.o"
  "CMakeFiles/test_watchdog.dir/tests/unit/test_watchdog.c.o.d"
  "test_watchdog"
  "test_watchdog.pdb"
)

# Per-language clean rules from dependency scanning.
foreach(lang C)
  include(CMakeFiles/test_watchdog.dir/cmake_clean_${lang}.cmake OPTIONAL)
endforeach()
