-- expect: FILE:6: layer 1 (dense): bias must be true or false, got "no"
return {
  name = "n", input = 2,
  layers = {
    { op = "dense", out = 1,
      bias = "no" },
  },
  loss = "mse",
}
