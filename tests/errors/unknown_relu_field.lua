-- expect: FILE:6: layer 2 (relu): unknown field 'slope'
return {
  name = "n", input = 2,
  layers = {
    { op = "dense", out = 3 },
    { op = "relu", slope = 0.1 },
  },
  loss = "mse",
}
