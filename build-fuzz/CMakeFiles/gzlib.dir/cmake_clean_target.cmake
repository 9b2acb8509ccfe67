file(REMOVE_RECURSE
  "libgzlib.a"
)
