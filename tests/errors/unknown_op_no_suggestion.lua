-- expect: FILE:5: layer 1: unknown op 'conv2d' (expected one of dense, identity, leaky_relu, relu, sigmoid, tanh)
return {
  name = "n", input = 2,
  layers = {
    { op = "conv2d", out = 3 },
  },
  loss = "mse",
}
