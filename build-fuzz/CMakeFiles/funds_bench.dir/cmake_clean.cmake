file(REMOVE_RECURSE
  "CMakeFiles/funds_bench.dir/bench/funds_bench.c.o"
  "CMakeFiles/funds_bench.dir/bench/funds_bench.c.o.d"
  "funds_bench"
  "funds_bench.pdb"
)

# Per-language clean rules from dependency scanning.
foreach(lang C)
  include(CMakeFiles/funds_bench.dir/cmake_clean_${lang}.cmake OPTIONAL)
endforeach()
