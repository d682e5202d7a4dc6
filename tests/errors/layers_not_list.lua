-- expect: FILE:4: layers must be a list of layers, got a table
return {
  name = "n", input = 2,
  layers = { first = { op = "dense", out = 1 } },
  loss = "mse",
}
