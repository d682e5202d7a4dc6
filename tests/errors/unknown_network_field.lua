-- expect: FILE:4: unknown field 'layer'; did you mean 'layers'?
return {
  name = "n", input = 2,
  layer = { { op = "dense", out = 1 } },
  loss = "mse",
}
