-- expect: FILE:6: layer 1 (dense): out must be a positive integer, got 0.1
return {
  name = "n", input = 2,
  layers = {
    { op = "dense",
      out = 0.1 },
  },
  loss = "mse",
}
