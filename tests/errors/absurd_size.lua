-- expect: FILE:5: layer 1 (dense): the network would have more than 16777216 parameters (10000000000 so far); that is more than flatprop generates code for
return {
  name = "n", input = 100000,
  layers = {
    { op = "dense", out = 100000 },
  },
  loss = "mse",
}
