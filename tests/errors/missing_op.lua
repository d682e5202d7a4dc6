-- expect: FILE:5: layer 1: missing field 'op' (one of dense, identity, leaky_relu, relu, sigmoid, tanh)
return {
  name = "n", input = 2,
  layers = {
    { out = 3 },
  },
  loss = "mse",
}
