-- expect: FILE:6: layer 1 (dense): biases has 1 number, expected 2
return {
  name = "n", input = 2,
  layers = {
    { op = "dense", out = 2,
      biases = { 0.5 } },
  },
  loss = "mse",
}
