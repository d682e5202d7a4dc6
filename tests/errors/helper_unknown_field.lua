-- expect: FILE:7: layer 3 (dense): unknown field 'biass'; did you mean 'bias'?
return {
  name = "n", input = 2,
  layers = {
    dense { out = 3 },
    relu(),
    dense { out = 1, biass = true },
  },
  loss = "mse",
}
