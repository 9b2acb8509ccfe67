file(REMOVE_RECURSE
  "CMakeFiles/gz_fmtcheck.dir/tools/fmtcheck.c.o"
  "CMakeFiles/gz_fmtcheck.dir/tools/fmtcheck.c.o.d"
  "gz_fmtcheck"
  "gz_fmtcheck.pdb"
)

# Per-language clean rules from dependency scanning.
foreach(lang C)
  include(CMakeFiles/gz_fmtcheck.dir/cmake_clean_${lang}.cmake OPTIONAL)
endforeach()
