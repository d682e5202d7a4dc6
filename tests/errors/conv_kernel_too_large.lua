-- expect: FILE:5: layer 1 (conv1d): the kernel spans 5, more than the padded input's 4 (length 4 + padding 0 + 0), so the output would be empty
return {
  name = "n", input = { 1, 4 },
  layers = {
    { op = "conv1d", out = 2, kernel = 5, padding = { { 0, 0 } } },
    { op = "flatten" }, { op = "dense", out = 1 },
  },
  loss = "mse",
}
