-- A small 1-D CNN for the check program as firmware: depthwise and grouped
-- convolutions with stride, dilation and padding pairs, both pools.
return {
  name = "mcu_conv1d", input = { 2, 16 },
  layers = {
    { op = "conv1d", out = 4, kernel = 3, stride = 1, dilation = 2, padding = { { 2, 1 } } },
    { op = "relu" },
    { op = "maxpool1d", kernel = 2, padding = 1 },
    { op = "conv1d", out = 4, kernel = 3, groups = 4, padding = "same", bias = false },
    { op = "tanh" },
    { op = "avgpool1d", kernel = 3, stride = 2, padding = 1, count_include_pad = false },
    { op = "flatten" },
    { op = "dense", out = 3 },
  },
  loss = "softmax_cross_entropy",
}
