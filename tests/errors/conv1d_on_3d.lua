-- expect: FILE:5: layer 1 (conv1d): conv1d takes a (C, L) input, but its input is 1x8x8
return {
  name = "n", input = { 1, 8, 8 },
  layers = {
    { op = "conv1d", out = 2, kernel = 3 },
    { op = "flatten" }, { op = "dense", out = 1 },
  },
  loss = "mse",
}
