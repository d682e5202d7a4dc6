-- expect: FILE:5: loss 'softmax_cross_entropy' is not supported by this version of flatprop (supported: mse, squared_error)
return {
  name = "n", input = 2,
  layers = { { op = "dense", out = 1 } },
  loss = "softmax_cross_entropy",
}
