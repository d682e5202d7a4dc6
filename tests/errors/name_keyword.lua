-- expect: FILE:3: name "float" is a C keyword
return {
  name = "float",
  input = 2, layers = { { op = "dense", out = 1 } }, loss = "mse",
}
