-- expect: FILE:5: layer 1 (dense): unexpected 1 key (fields are written name = value)
return {
  name = "n", input = 2,
  layers = {
    { "dense", op = "dense", out = 3 },
  },
  loss = "mse",
}
