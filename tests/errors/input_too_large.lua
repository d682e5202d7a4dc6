-- expect: FILE:4: input = 2000000 is larger than the limit of 1000000
return {
  name = "n",
  input = 2000000,
  layers = { { op = "dense", out = 1 } }, loss = "mse",
}
