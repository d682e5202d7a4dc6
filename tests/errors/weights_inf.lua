-- expect: FILE:6: layer 1 (dense): weights[1][1] must be a finite number, got -inf
return {
  name = "n", input = 2,
  layers = {
    { op = "dense", out = 1,
      weights = { { -math.huge, 1 } } },
  },
  loss = "mse",
}
