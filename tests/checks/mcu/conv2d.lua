-- A small 2-D CNN for the check program as firmware: a frozen first
-- convolution, stride and padding per dimension, max pooling, global average.
return {
  name = "mcu_conv2d", input = { 1, 6, 6 },
  layers = {
    { op = "conv2d", out = 3, kernel = 3, padding = 1, trainable = false },
    { op = "relu" },
    { op = "maxpool2d", kernel = 2 },
    { op = "conv2d", out = 4, kernel = { 2, 3 }, stride = { 1, 2 }, padding = { 1, { 0, 1 } } },
    { op = "leaky_relu", slope = 0.1 },
    { op = "global_avgpool" },
    { op = "dense", out = 2 },
  },
  loss = "squared_error",
}
