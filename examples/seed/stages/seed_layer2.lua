-- The output layer of seed.lua on its own (y = W2 h).
return {
  name   = "seed_layer2",
  input  = 3,
  layers = {
    { op = "dense", out = 1, bias = false, weights = { { 1.0, 0.5, -0.5 } } },
  },
  loss   = "squared_error",
}
