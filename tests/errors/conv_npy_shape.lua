-- expect: FILE:5: layer 1 (conv1d): weights npy/w_3x1.npy has shape (3, 1), expected (3, 1, 2)
return {
  name = "n", input = { 1, 5 },
  layers = {
    { op = "conv1d", out = 3, kernel = 2, weights = "npy/w_3x1.npy" },
    { op = "flatten" }, { op = "dense", out = 1 },
  },
  loss = "mse",
}
