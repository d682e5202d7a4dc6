-- expect: FILE:8: layer 3 (dense): name 'hidden' is already used by layer 1
return {
  name = "n", input = 2,
  layers = {
    { op = "dense", out = 3, name = "hidden" },
    { op = "relu" },
    { op = "dense", out = 1,
      name = "hidden" },
  },
  loss = "mse",
}
