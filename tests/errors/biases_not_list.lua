-- expect: FILE:6: layer 1 (dense): biases must be a list of 2 numbers, got 0.5
return {
  name = "n", input = 2,
  layers = {
    { op = "dense", out = 2,
      biases = 0.5 },
  },
  loss = "mse",
}
