-- expect: FILE:5: layer 1 (conv2d): padding "same" needs stride 1, got stride 2 in width
return {
  name = "n", input = { 1, 8, 8 },
  layers = {
    { op = "conv2d", out = 2, kernel = 3, padding = "same", stride = { 1, 2 } },
    { op = "flatten" }, { op = "dense", out = 1 },
  },
  loss = "mse",
}
