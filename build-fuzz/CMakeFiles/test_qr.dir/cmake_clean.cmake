file(REMOVE_RECURSE
  "CMakeFiles/test_qr.dir/tests/unit/test_qr.c.o"
  "CMakeFiles/test_qr.dir/tests/unit/test_qr.c.o.d"
  "test_qr"
  "test_qr.pdb"
)

# Per-language clean rules from dependency scanning.
foreach(lang C)
  include(CMakeFiles/test_qr.dir/cmake_clean_${lang}.cmake OPTIONAL)
endforeach()
