-- expect: FILE:6: layer 2 (dense): name 'W' and the name 'w' of layer 1 differ only in case, so they collide in the generated macros (N_W_...)
return {
  name = "n", input = 2,
  layers = {
    { op = "dense", out = 2, name = "w" },
    { op = "dense", out = 1, name = "W" },
  },
  loss = "mse",
}
