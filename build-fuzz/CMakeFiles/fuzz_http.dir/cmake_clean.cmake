file(REMOVE_RECURSE
  "CMakeFiles/fuzz_http.dir/tests/fuzz/fuzz_http.c.o"
  "CMakeFiles/fuzz_http.dir/tests/fuzz/fuzz_http.c.o.d"
  "fuzz_http"
  "fuzz_http.pdb"
)

# Per-language clean rules from dependency scanning.
foreach(lang C)
  include(CMakeFiles/fuzz_http.dir/cmake_clean_${lang}.cmake OPTIONAL)
endforeach()
