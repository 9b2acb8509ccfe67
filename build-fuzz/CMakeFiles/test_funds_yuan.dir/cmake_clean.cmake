file(REMOVE_RECURSE
  "CMakeFiles/test_funds_yuan.dir/tests/unit/test_funds_yuan.c.o"
  "CMakeFiles/test_funds_yuan.dir/tests/unit/test_funds_yuan.c.o.d"
  "test_funds_yuan"
  "test_funds_yuan.pdb"
)

# Per-language clean rules from dependency scanning.
foreach(lang C)
  include(CMakeFiles/test_funds_yuan.dir/cmake_clean_${lang}.cmake OPTIONAL)
endforeach()
