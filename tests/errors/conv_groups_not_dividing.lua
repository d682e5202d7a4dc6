-- expect: FILE:5: layer 1 (conv1d): groups = 3 must divide the input channels (6) and out (4)
return {
  name = "n", input = { 6, 8 },
  layers = {
    { op = "conv1d", out = 4, kernel = 3, groups = 3 },
    { op = "flatten" }, { op = "dense", out = 1 },
  },
  loss = "mse",
}
