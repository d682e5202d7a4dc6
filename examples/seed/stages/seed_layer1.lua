-- The first layer of seed.lua on its own (z = W1 x), so the walkthrough can
-- show z and chain gradients through backward's dx.
return {
  name   = "seed_layer1",
  input  = 2,
  layers = {
    { op = "dense", out = 3, bias = false,
      weights = { { 0.5, 0.25 }, { -1.0, 0.5 }, { 0.25, 1.0 } } },
  },
  loss   = "squared_error",
}
