-- expect: FILE:2: missing field 'input' (the number of inputs)
return {
  name = "n",
  layers = { { op = "dense", out = 1 } }, loss = "mse",
}
