-- expect: FILE:6: layer 1 (dense): weights[1][2] must be a finite number, got nan
return {
  name = "n", input = 2,
  layers = {
    { op = "dense", out = 1,
      weights = { { 1, 0/0 } } },
  },
  loss = "mse",
}
