-- expect: FILE:5: layer 1 (dense): biases npy/b_2.npy has shape (2,), expected (3,)
return {
  name = "n", input = 2,
  layers = {
    { op = "dense", out = 3, biases = "npy/b_2.npy" },
  },
  loss = "mse",
}
