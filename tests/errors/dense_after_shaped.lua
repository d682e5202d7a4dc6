-- expect: FILE:7: layer 3 (dense): dense takes a vector, but its input is 4x14 (add { op = "flatten" } or { op = "global_avgpool" } before it)
return {
  name = "n", input = { 3, 16 },
  layers = {
    { op = "conv1d", out = 4, kernel = 3 },
    { op = "relu" },
    { op = "dense", out = 2 },
  },
  loss = "mse",
}
