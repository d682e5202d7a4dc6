-- expect: FILE:5: layer 1 (dense): name "return" is a C keyword
return {
  name = "n", input = 2,
  layers = {
    { op = "dense", out = 1, name = "return" },
  },
  loss = "mse",
}
