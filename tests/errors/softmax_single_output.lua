-- expect: FILE:5: loss 'softmax_cross_entropy' needs at least 2 outputs, the network has 1 (use sigmoid with squared_error or mse for one output)
return {
  name = "n", input = 2,
  layers = { { op = "dense", out = 1 } },
  loss = "softmax_cross_entropy",
}
