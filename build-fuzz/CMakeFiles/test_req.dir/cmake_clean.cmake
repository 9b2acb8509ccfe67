file(REMOVE_RECURSE
  "CMakeFiles/test_req.dir/tests/unit/test_req.c.o"
  "CMakeFiles/test_req.dir/tests/unit/test_req.c.o.d"
  "test_req"
  "test_req.pdb"
)

# Per-language clean rules from dependency scanning.
foreach(lang C)
  include(CMakeFiles/test_req.dir/cmake_clean_${lang}.cmake OPTIONAL)
endforeach()
