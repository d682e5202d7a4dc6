-- expect: FILE:4: input must be a positive integer or a list of 2 or 3 positive integers ({ C, L } or { C, H, W }), got a list of 4
return {
  name = "n",
  input = { 1, 2, 3, 4 },
  layers = { { op = "flatten" }, { op = "dense", out = 1 } },
  loss = "mse",
}
