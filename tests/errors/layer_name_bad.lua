-- expect: FILE:6: layer 1 (dense): name "1st" must match [A-Za-z_][A-Za-z0-9_]*
return {
  name = "n", input = 2,
  layers = {
    { op = "dense", out = 1,
      name = "1st" },
  },
  loss = "mse",
}
