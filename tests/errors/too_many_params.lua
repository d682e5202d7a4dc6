-- expect: FILE:6: layer 2 (dense): the network would have more than 4000000 parameters (6001000 so far); that is more than straight-line code can hold
return {
  name = "n", input = 1000,
  layers = {
    { op = "dense", out = 1000 },
    { op = "dense", out = 5000 },
  },
  loss = "mse",
}
