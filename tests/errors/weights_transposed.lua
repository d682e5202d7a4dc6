-- expect: FILE:6: layer 1 (dense): weights has 3 rows of 1, expected 2 rows of 3
return {
  name = "n", input = 3,
  layers = {
    { op = "dense", out = 2,
      weights = { { 1 }, { 2 }, { 3 } } },
  },
  loss = "mse",
}
