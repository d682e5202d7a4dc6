-- expect: FILE:4: 'rleu' is not a known helper or function; did you mean 'relu'?
return {
  name = "n", input = 2,
  layers = { dense { out = 4 }, rleu(), dense { out = 1 } },
  loss = "mse",
}
