-- expect: FILE:5: layer 1: unknown op 'lstm' (expected one of avgpool1d, avgpool2d, conv1d, conv2d, dense, flatten, global_avgpool, identity, leaky_relu, maxpool1d, maxpool2d, relu, sigmoid, tanh)
return {
  name = "n", input = 2,
  layers = {
    { op = "lstm", out = 3 },
  },
  loss = "mse",
}
