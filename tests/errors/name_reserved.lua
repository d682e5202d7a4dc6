-- expect: FILE:3: name "__net" is reserved in C (leading underscore or '__')
return {
  name = "__net",
  input = 2, layers = { { op = "dense", out = 1 } }, loss = "mse",
}
