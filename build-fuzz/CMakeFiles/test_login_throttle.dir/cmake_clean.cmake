file(REMOVE_RECURSE
  "CMakeFiles/test_login_throttle.dir/tests/unit/test_login_throttle.c.o"
  "CMakeFiles/test_login_throttle.dir/tests/unit/test_login_throttle.c.o.d"
  "test_login_throttle"
  "test_login_throttle.pdb"
)

# Per-language clean rules from dependency scanning.
foreach(lang C)
  include(CMakeFiles/test_login_throttle.dir/cmake_clean_${lang}.cmake OPTIONAL)
endforeach()
