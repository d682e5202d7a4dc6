-- expect: FILE:2: layers[1] has a key that is a table; keys are names or numbers
return { name = "n", input = 2, layers = { { op = "dense", out = 1, [{}] = 1 } }, loss = "mse" }
