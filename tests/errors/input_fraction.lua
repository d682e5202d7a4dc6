-- expect: FILE:4: input must be a positive integer, got 2.5
return {
  name = "n",
  input = 2.5,
  layers = { { op = "dense", out = 1 } }, loss = "mse",
}
