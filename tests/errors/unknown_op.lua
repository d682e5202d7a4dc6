-- expect: FILE:6: layer 2: unknown op 'rellu'; did you mean 'relu'? (expected one of avgpool1d, avgpool2d, conv1d, conv2d, dense, flatten, global_avgpool, identity, leaky_relu, maxpool1d, maxpool2d, relu, sigmoid, tanh)
return {
  name = "n", input = 2,
  layers = {
    { op = "dense", out = 3 },
    { op = "rellu" },
  },
  loss = "mse",
}
