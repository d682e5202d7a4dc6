-- expect: FILE:6: layer 1 (conv1d): weights[1][2] has 3 entries, expected 2 (weights must be nested lists of 1 x 2 x 2)
return {
  name = "n", input = { 2, 5 },
  layers = {
    { op = "conv1d", out = 1, kernel = 2, bias = false,
      weights = { { { 1, 2 }, { 3, 4, 5 } } } },
    { op = "flatten" }, { op = "dense", out = 1 },
  },
  loss = "mse",
}
