-- expect: FILE:4: input must be a positive integer, got "2"
return {
  name = "n",
  input = "2",
  layers = { { op = "dense", out = 1 } }, loss = "mse",
}
