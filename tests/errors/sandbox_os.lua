-- expect: FILE:4: 'os' is not available in a network description (it runs sandboxed: no files, no system, no loading code)
return {
  name = "n", input = 2,
  layers = { { op = "dense", out = os.execute("true") } },
  loss = "mse",
}
