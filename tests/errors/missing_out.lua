-- expect: FILE:5: layer 1 (dense): missing field 'out' (the number of outputs, a positive integer)
return {
  name = "n", input = 2,
  layers = {
    { op = "dense", bias = false },
  },
  loss = "mse",
}
