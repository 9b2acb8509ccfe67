file(REMOVE_RECURSE
  "CMakeFiles/fuzz_parsers.dir/tests/fuzz/fuzz_parsers.c.o"
  "CMakeFiles/fuzz_parsers.dir/tests/fuzz/fuzz_parsers.c.o.d"
  "fuzz_parsers"
  "fuzz_parsers.pdb"
)

# Per-language clean rules from dependency scanning.
foreach(lang C)
  include(CMakeFiles/fuzz_parsers.dir/cmake_clean_${lang}.cmake OPTIONAL)
endforeach()
