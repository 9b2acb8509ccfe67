file(REMOVE_RECURSE
  "CMakeFiles/test_ledger.dir/tests/unit/test_ledger.c.o"
  "CMakeFiles/test_ledger.dir/tests/unit/test_ledger.c.o.d"
  "test_ledger"
  "test_ledger.pdb"
)

# Per-language clean rules from dependency scanning.
foreach(lang C)
  include(CMakeFiles/test_ledger.dir/cmake_clean_${lang}.cmake OPTIONAL)
endforeach()
