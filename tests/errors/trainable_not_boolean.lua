-- expect: FILE:6: layer 1 (dense): trainable must be true or false, got 0
return {
  name = "n", input = 2,
  layers = {
    { op = "dense", out = 1,
      trainable = 0 },
  },
  loss = "mse",
}
