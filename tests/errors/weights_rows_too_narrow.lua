-- expect: FILE:6: layer 1 (dense): weights has 3 rows of 1, expected 3 rows of 2
return {
  name = "n", input = 2,
  layers = {
    { op = "dense", out = 3,
      weights = { { 1 }, { 2 }, { 3 } } },
  },
  loss = "mse",
}
