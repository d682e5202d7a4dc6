-- expect: FILE:3: name 7 must be a string
return {
  name = 7,
  input = 2, layers = { { op = "dense", out = 1 } }, loss = "mse",
}
