-- expect: FILE:6: layer 2 (dense): out must be a positive integer, got -3
return {
  name = "n", input = 2,
  layers = {
    { op = "dense", out = 3 },
    { op = "dense", out = -3 },
  },
  loss = "mse",
}
