-- expect: FILE:4: name "my-net" must match [A-Za-z_][A-Za-z0-9_]*
return {
  input = 2,
  name = "my-net",
  layers = { { op = "dense", out = 1 } }, loss = "mse",
}
