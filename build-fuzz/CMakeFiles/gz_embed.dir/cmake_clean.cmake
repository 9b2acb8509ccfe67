file(REMOVE_RECURSE
  "CMakeFiles/gz_embed.dir/tools/embed.c.o"
  "CMakeFiles/gz_embed.dir/tools/embed.c.o.d"
  "gz_embed"
  "gz_embed.pdb"
)

# Per-language clean rules from dependency scanning.
foreach(lang C)
  include(CMakeFiles/gz_embed.dir/cmake_clean_${lang}.cmake OPTIONAL)
endforeach()
