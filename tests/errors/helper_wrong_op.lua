-- expect: FILE:5: dense(): field op is 'relu'
return {
  name = "n", input = 2,
  layers = {
    dense { op = "relu", out = 1 },
  },
  loss = "mse",
}
