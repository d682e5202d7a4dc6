-- expect: FILE: the description raised an error that is not a string (table)
error({ code = 1 })
