-- expect: FILE:5: layer 1 (avgpool1d): padding 2 is more than half the kernel (3)
return {
  name = "n", input = { 1, 8 },
  layers = {
    { op = "avgpool1d", kernel = 3, padding = 2 },
    { op = "flatten" }, { op = "dense", out = 1 },
  },
  loss = "mse",
}
