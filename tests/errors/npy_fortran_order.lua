-- expect: FILE:5: layer 1 (dense): weights npy/w_fortran.npy is in Fortran order (fortran_order True), expected C order: save np.ascontiguousarray(a)
return {
  name = "n", input = 2,
  layers = {
    { op = "dense", out = 3, weights = "npy/w_fortran.npy" },
  },
  loss = "mse",
}
