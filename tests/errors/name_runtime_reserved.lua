-- expect: FILE:3: name "flatprop_npy" is reserved: flatprop's runtime uses the names flatprop and flatprop_*
return {
  name = "flatprop_npy", input = 2,
  layers = { { op = "dense", out = 1 } },
  loss = "mse",
}
