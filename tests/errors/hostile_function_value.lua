-- expect: FILE:4: layers[1].init is a function; a description returns data only (tables, strings, numbers and booleans)
return {
  name = "n", input = 2,
  layers = { { op = "dense", out = 1, init = function() return 0 end } },
  loss = "mse",
}
