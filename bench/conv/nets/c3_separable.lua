-- C3: a depthwise-separable block: a depthwise 3x3 convolution then a 1x1
-- convolution, over 8 channels of 12x12, pooled into a small regression head.
return {
  name = "c3_separable", input = { 8, 12, 12 },
  layers = {
    { op = "conv2d", out = 8, kernel = 3, padding = 1, groups = 8 },
    { op = "relu" },
    { op = "conv2d", out = 16, kernel = 1 },
    { op = "relu" },
    { op = "global_avgpool" },
    { op = "dense", out = 4 },
  },
  loss = "squared_error",
}
