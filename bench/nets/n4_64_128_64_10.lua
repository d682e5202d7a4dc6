-- bench network n4_64_128_64_10: ReLU hidden layers, bias, squared error, float, batch 1
return {
  name   = "n4_64_128_64_10",
  input  = 64,
  layers = {
    { op = "dense", out = 128 },
    { op = "relu" },
    { op = "dense", out = 64 },
    { op = "relu" },
    { op = "dense", out = 10 },
  },
  loss   = "squared_error",
}
