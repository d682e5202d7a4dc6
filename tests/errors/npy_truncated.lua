-- expect: FILE:5: layer 1 (dense): weights npy/w_truncated.npy is truncated: 21 data bytes, expected 24
return {
  name = "n", input = 2,
  layers = {
    { op = "dense", out = 3, weights = "npy/w_truncated.npy" },
  },
  loss = "mse",
}
