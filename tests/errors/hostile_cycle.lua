-- expect: FILE:2: layers[1].again contains itself; a description returns a tree of tables
local l = { op = "dense", out = 1 }
l.again = l
return { name = "n", input = 2, layers = { l }, loss = "mse" }
