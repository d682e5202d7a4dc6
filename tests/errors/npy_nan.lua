-- expect: FILE:5: layer 1 (dense): weights npy/w_nan.npy holds NaN at index [1, 1]
return {
  name = "n", input = 2,
  layers = {
    { op = "dense", out = 3, weights = "npy/w_nan.npy" },
  },
  loss = "mse",
}
