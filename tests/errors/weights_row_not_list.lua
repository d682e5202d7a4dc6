-- expect: FILE:7: layer 1 (dense): weights row 2 must be a list of 2 numbers, got 3
return {
  name = "n", input = 2,
  layers = {
    { op = "dense", out = 2,
      weights = { { 1, 2 },
                  3 } },
  },
  loss = "mse",
}
