-- expect: FILE:6: unknown field 'optimizer'
return {
  name = "n", input = 2,
  layers = { { op = "dense", out = 1 } },
  loss = "mse",
  optimizer = "adam",
}
