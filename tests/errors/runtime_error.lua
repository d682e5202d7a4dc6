-- expect: FILE:5: attempt to perform arithmetic on a nil value
local widths = { 3 }
return {
  name = "n", input = 2,
  layers = { { op = "dense", out = widths[1] + nil } },
  loss = "mse",
}
