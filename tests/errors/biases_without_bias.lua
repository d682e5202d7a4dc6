-- expect: FILE:6: layer 1 (dense): biases given but bias = false
return {
  name = "n", input = 2,
  layers = {
    { op = "dense", out = 1, bias = false,
      biases = { 0.5 } },
  },
  loss = "mse",
}
