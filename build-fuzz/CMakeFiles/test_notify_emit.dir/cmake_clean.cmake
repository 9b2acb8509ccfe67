file(REMOVE_RECURSE
  "CMakeFiles/test_notify_emit.dir/tests/unit/test_notify_emit.c.o"
  "CMakeFiles/test_notify_emit.dir/tests/unit/test_notify_emit.c.o.d"
  "test_notify_emit"
  "test_notify_emit.pdb"
)

# Per-language clean rules from dependency scanning.
foreach(lang C)
  include(CMakeFiles/test_notify_emit.dir/cmake_clean_${lang}.cmake OPTIONAL)
endforeach()
