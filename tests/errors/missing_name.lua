-- expect: FILE:2: missing field 'name' (the C prefix of the generated symbols)
return {
  input = 2,
  layers = { { op = "dense", out = 1 } },
  loss = "mse",
}
