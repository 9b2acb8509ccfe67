file(REMOVE_RECURSE
  "CMakeFiles/workorders_bench.dir/bench/workorders_bench.c.o"
  "CMakeFiles/workorders_bench.dir/bench/workorders_bench.c.o.d"
  "workorders_bench"
  "workorders_bench.pdb"
)

# Per-language clean rules from dependency scanning.
foreach(lang C)
  include(CMakeFiles/workorders_bench.dir/cmake_clean_${lang}.cmake OPTIONAL)
endforeach()
