-- expect: FILE:5: layer 1 (dense): weights npy/w_inf.npy holds -Inf at index [2, 0]
return {
  name = "n", input = 2,
  layers = {
    { op = "dense", out = 3, weights = "npy/w_inf.npy" },
  },
  loss = "mse",
}
