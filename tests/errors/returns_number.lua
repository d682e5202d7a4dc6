-- expect: FILE: the description must return a table, it returned a number
return 42
