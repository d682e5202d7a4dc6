-- expect: FILE:2: missing field 'layers' (the list of layers)
return {
  name = "n", input = 2,
  loss = "mse",
}
