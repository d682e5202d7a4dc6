-- expect: FILE:5: layer 1: op must be a string, got 1
return {
  name = "n", input = 2,
  layers = {
    { op = 1, out = 3 },
  },
  loss = "mse",
}
