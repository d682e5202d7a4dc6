-- expect: FILE:7: layer 1 (dense): weights row 2 has 3 numbers, expected 2
return {
  name = "n", input = 2,
  layers = {
    { op = "dense", out = 3,
      weights = { { 1, 2 },
                  { 3, 4, 5 },
                  { 6, 7 } } },
  },
  loss = "mse",
}
