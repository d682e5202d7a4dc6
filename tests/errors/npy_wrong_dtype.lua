-- expect: FILE:5: layer 1 (dense): weights npy/w_int.npy has dtype '<i8', expected float32 or float64 ('<f4', '<f8', '>f4' or '>f8')
return {
  name = "n", input = 2,
  layers = {
    { op = "dense", out = 3, weights = "npy/w_int.npy" },
  },
  loss = "mse",
}
