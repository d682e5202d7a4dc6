-- expect: FILE:2: unexpected 1 key in the network table (fields are written name = value)
return {
  name = "n", input = 2,
  layers = { { op = "dense", out = 1 } },
  loss = "mse",
  "extra",
}
