-- expect: FILE:3: layer 1 (dense): unknown field 'x\ny'
-- a newline inside a field name is printed escaped: the message stays one line
return { name = "n", input = 2, layers = { { op = "dense", out = 1, ["x\ny"] = 1 } }, loss = "mse" }
