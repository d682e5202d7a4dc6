-- expect: FILE:5: layer 1 (dense): weights npy/w_3x1.npy has shape (3, 1), expected (3, 2)
return {
  name = "n", input = 2,
  layers = {
    { op = "dense", out = 3, weights = "npy/w_3x1.npy" },
  },
  loss = "mse",
}
