-- expect: FILE:4: the network has no dense layer, so nothing to train
return {
  name = "n", input = 2,
  layers = {
    { op = "relu" },
  },
  loss = "mse",
}
