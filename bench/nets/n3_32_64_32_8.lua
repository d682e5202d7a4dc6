-- bench network n3_32_64_32_8: ReLU hidden layers, bias, squared error, float, batch 1
return {
  name   = "n3_32_64_32_8",
  input  = 32,
  layers = {
    { op = "dense", out = 64 },
    { op = "relu" },
    { op = "dense", out = 32 },
    { op = "relu" },
    { op = "dense", out = 8 },
  },
  loss   = "squared_error",
}
