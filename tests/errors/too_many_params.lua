-- expect: FILE:5: layer 1 (dense): the network would have more than 200000 parameters (1000000 so far, about 10000000 lines and 350.0 MB of straight-line C); raise the limit with --max-params
return {
  name = "n", input = 1000,
  layers = {
    { op = "dense", out = 1000 },
    { op = "dense", out = 5000 },
  },
  loss = "mse",
}
