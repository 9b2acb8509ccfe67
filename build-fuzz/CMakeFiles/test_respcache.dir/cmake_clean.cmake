file(REMOVE_RECURSE
  "CMakeFiles/test_respcache.dir/tests/unit/test_respcache.c.o"
  "CMakeFiles/test_respcache.dir/tests/unit/test_respcache.c.o.d"
  "test_respcache"
  "test_respcache.pdb"
)

# Per-language clean rules from dependency scanning.
foreach(lang C)
  include(CMakeFiles/test_respcache.dir/cmake_clean_${lang}.cmake OPTIONAL)
endforeach()
