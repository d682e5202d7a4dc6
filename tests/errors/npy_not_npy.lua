-- expect: FILE:5: layer 1 (dense): weights npy/not_npy.npy is not a NumPy .npy file (no \x93NUMPY magic)
return {
  name = "n", input = 2,
  layers = {
    { op = "dense", out = 3, weights = "npy/not_npy.npy" },
  },
  loss = "mse",
}
