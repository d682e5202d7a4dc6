-- expect: FILE:4: math.random is not available in a network description (its numbers differ between Lua versions; write the values, or leave them out for init to choose)
return {
  name = "n", input = 2,
  layers = { { op = "dense", out = 1, weights = { { math.random(), 0 } } } },
  loss = "mse",
}
