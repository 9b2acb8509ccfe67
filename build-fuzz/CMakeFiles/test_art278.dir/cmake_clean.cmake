file(REMOVE_RECURSE
  "CMakeFiles/test_art278.dir/tests/unit/test_art278.c.o"
  "CMakeFiles/test_art278.dir/tests/unit/test_art278.c.o.d"
  "test_art278"
  "test_art278.pdb"
)

# Per-language clean rules from dependency scanning.
foreach(lang C)
  include(CMakeFiles/test_art278.dir/cmake_clean_${lang}.cmake OPTIONAL)
endforeach()
