-- expect: FILE:5: unknown loss 'squared_eror'; did you mean 'squared_error'? (expected one of mse, softmax_cross_entropy, squared_error)
return {
  name = "n", input = 2,
  layers = { { op = "dense", out = 1 } },
  loss = "squared_eror",
}
