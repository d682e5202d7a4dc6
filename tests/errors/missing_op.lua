-- expect: FILE:5: layer 1: missing field 'op' (one of dense, identity, relu)
return {
  name = "n", input = 2,
  layers = {
    { out = 3 },
  },
  loss = "mse",
}
