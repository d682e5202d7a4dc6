-- expect: FILE:6: layer 1 (dense): weights[1][2] = 1e+39 is outside the range of float
return {
  name = "n", input = 2,
  layers = {
    { op = "dense", out = 1,
      weights = { { 1, 1e39 } } },
  },
  loss = "mse",
}
