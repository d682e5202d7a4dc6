-- expect: FILE:4: layers must be a list of layers, got "dense"
return {
  name = "n", input = 2,
  layers = "dense",
  loss = "mse",
}
