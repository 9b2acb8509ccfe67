file(REMOVE_RECURSE
  "CMakeFiles/gongzhi.dir/src/main.c.o"
  "CMakeFiles/gongzhi.dir/src/main.c.o.d"
  "gongzhi"
  "gongzhi.pdb"
)

# Per-language clean rules from dependency scanning.
foreach(lang C)
  include(CMakeFiles/gongzhi.dir/cmake_clean_${lang}.cmake OPTIONAL)
endforeach()
