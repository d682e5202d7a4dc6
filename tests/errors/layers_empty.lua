-- expect: FILE:4: layers is empty: a network needs at least one dense layer
return {
  name = "n", input = 2,
  layers = {},
  loss = "mse",
}
