file(REMOVE_RECURSE
  "CMakeFiles/fuzz_sheet.dir/tests/fuzz/fuzz_sheet.c.o"
  "CMakeFiles/fuzz_sheet.dir/tests/fuzz/fuzz_sheet.c.o.d"
  "fuzz_sheet"
  "fuzz_sheet.pdb"
)

# Per-language clean rules from dependency scanning.
foreach(lang C)
  include(CMakeFiles/fuzz_sheet.dir/cmake_clean_${lang}.cmake OPTIONAL)
endforeach()
