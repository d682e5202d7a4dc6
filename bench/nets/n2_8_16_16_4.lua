-- bench network n2_8_16_16_4: ReLU hidden layers, bias, squared error, float, batch 1
return {
  name   = "n2_8_16_16_4",
  input  = 8,
  layers = {
    { op = "dense", out = 16 },
    { op = "relu" },
    { op = "dense", out = 16 },
    { op = "relu" },
    { op = "dense", out = 4 },
  },
  loss   = "squared_error",
}
