-- expect: FILE:5: layer 1 (maxpool2d): kernel 4 in width is larger than the padded input (3), so the output would be empty
return {
  name = "n", input = { 2, 3, 3 },
  layers = {
    { op = "maxpool2d", kernel = { 2, 4 } },
    { op = "flatten" }, { op = "dense", out = 1 },
  },
  loss = "mse",
}
