-- expect: FILE:6: layer 1 (dense): weights must be a list of 1 row of 2 numbers, got 0.5
return {
  name = "n", input = 2,
  layers = {
    { op = "dense", out = 1,
      weights = 0.5 },
  },
  loss = "mse",
}
