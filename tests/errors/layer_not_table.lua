-- expect: FILE:6: layer 2 must be a table such as { op = "dense", out = 4 }, got "relu"
return {
  name = "n", input = 2,
  layers = {
    { op = "dense", out = 3 },
    "relu",
  },
  loss = "mse",
}
