file(REMOVE_RECURSE
  "CMakeFiles/test_todo.dir/tests/unit/test_todo.c.o"
  "CMakeFiles/test_todo.dir/tests/unit/test_todo.c.o.d"
  "test_todo"
  "test_todo.pdb"
)

# Per-language clean rules from dependency scanning.
foreach(lang C)
  include(CMakeFiles/test_todo.dir/cmake_clean_${lang}.cmake OPTIONAL)
endforeach()
