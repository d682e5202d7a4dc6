-- expect: FILE:7: layer 1 (dense): weights[2][2] must be a number, got "4"
return {
  name = "n", input = 2,
  layers = {
    { op = "dense", out = 2,
      weights = { { 1, 2 },
                  { 3, "4" } } },
  },
  loss = "mse",
}
