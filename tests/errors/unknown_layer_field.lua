-- expect: FILE:6: layer 1 (dense): unknown field 'outt'; did you mean 'out'?
return {
  name = "n", input = 2,
  layers = {
    { op = "dense",
      outt = 3 },
  },
  loss = "mse",
}
