-- expect: FILE:2: missing field 'loss' (one of mse, softmax_cross_entropy, squared_error)
return {
  name = "n", input = 2,
  layers = { { op = "dense", out = 1 } },
}
