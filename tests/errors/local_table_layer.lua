-- expect: FILE:5: layer 1 (dense): bias must be true or false, got 1
local hidden = {
  op = "dense",
  out = 3,
  bias = 1,
}
return {
  name = "n", input = 2,
  layers = { hidden, { op = "relu" }, { op = "dense", out = 1 } },
  loss = "mse",
}
