-- expect: FILE:6: layer 2: op 'sigmoid' is not supported by this version of flatprop (supported: dense, identity, relu)
return {
  name = "n", input = 2,
  layers = {
    { op = "dense", out = 3 },
    { op = "sigmoid" },
  },
  loss = "mse",
}
