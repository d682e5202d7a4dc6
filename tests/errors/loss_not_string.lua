-- expect: FILE:5: loss must be a string, got a table
return {
  name = "n", input = 2,
  layers = { { op = "dense", out = 1 } },
  loss = { "mse" },
}
