-- expect: FILE:6: layer 2: op 'tanh' is not supported by this version of flatprop (supported: dense, identity, relu)
return {
  name = "n", input = 2,
  layers = {
    dense { out = 3 },
    tanh(),
  },
  loss = "mse",
}
