-- expect: FILE:5: layer 1 (dense): out = 1000001 is larger than the limit of 1000000
return {
  name = "n", input = 2,
  layers = {
    { op = "dense", out = 1000001 },
  },
  loss = "mse",
}
