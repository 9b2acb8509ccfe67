file(REMOVE_RECURSE
  "CMakeFiles/test_decision.dir/tests/unit/test_decision.c.o"
  "CMakeFiles/test_decision.dir/tests/unit/test_decision.c.o.d"
  "test_decision"
  "test_decision.pdb"
)

# Per-language clean rules from dependency scanning.
foreach(lang C)
  include(CMakeFiles/test_decision.dir/cmake_clean_${lang}.cmake OPTIONAL)
endforeach()
