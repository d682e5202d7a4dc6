-- expect: FILE:5: layer 1 (dense): cannot read weights npy/missing.npy: No such file or directory
return {
  name = "n", input = 2,
  layers = {
    { op = "dense", out = 3, weights = "npy/missing.npy" },
  },
  loss = "mse",
}
