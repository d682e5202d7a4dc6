-- expect: FILE:7: layer 1 (dense): biases[2] must be a finite number, got nan
return {
  name = "n", input = 2,
  layers = {
    { op = "dense", out = 2,
      biases = { 0.5,
                 0/0 } },
  },
  loss = "mse",
}
