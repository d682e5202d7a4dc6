-- expect: FILE:6: layer 2: unknown op 'rellu'; did you mean 'relu'? (expected one of dense, identity, leaky_relu, relu, sigmoid, tanh)
return {
  name = "n", input = 2,
  layers = {
    { op = "dense", out = 3 },
    { op = "rellu" },
  },
  loss = "mse",
}
