return {
  name   = "n1_seed",            -- C identifier: the prefix of every generated symbol
  input  = 2,                 -- number of inputs
  layers = {
    { op = "dense", out = 3, bias = false,
      weights = { { 0.5, 0.25 }, { -1.0, 0.5 }, { 0.25, 1.0 } } },
    { op = "relu" },
    { op = "dense", out = 1, bias = false, weights = { { 1.0, 0.5, -0.5 } } },
  },
  loss   = "squared_error",
}
