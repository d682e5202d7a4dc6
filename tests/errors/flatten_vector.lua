-- expect: FILE:6: layer 2 (flatten): flatten takes a shaped input (C, L) or (C, H, W), but its input is already a vector (3)
return {
  name = "n", input = 4,
  layers = {
    { op = "dense", out = 3 },
    { op = "flatten" },
    { op = "dense", out = 1 },
  },
  loss = "mse",
}
