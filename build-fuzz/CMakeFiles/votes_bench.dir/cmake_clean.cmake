file(REMOVE_RECURSE
  "CMakeFiles/votes_bench.dir/bench/votes_bench.c.o"
  "CMakeFiles/votes_bench.dir/bench/votes_bench.c.o.d"
  "votes_bench"
  "votes_bench.pdb"
)

# Per-language clean rules from dependency scanning.
foreach(lang C)
  include(CMakeFiles/votes_bench.dir/cmake_clean_${lang}.cmake OPTIONAL)
endforeach()
