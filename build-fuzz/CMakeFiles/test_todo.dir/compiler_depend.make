# Empty compiler generated dependencies file for test_todo.
# This may be replaced when dependencies are built.
