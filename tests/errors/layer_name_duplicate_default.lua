-- expect: FILE:6: layer 2 (dense): name 'dense2' is already used by layer 1
return {
  name = "n", input = 2,
  layers = {
    { op = "dense", out = 3, name = "dense2" },
    { op = "dense", out = 1 },
  },
  loss = "mse",
}
