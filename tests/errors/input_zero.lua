-- expect: FILE:4: input must be a positive integer, got 0
return {
  name = "n",
  input = 0,
  layers = { { op = "dense", out = 1 } }, loss = "mse",
}
