-- C1: the digits CNN (examples/digits_cnn): 1x8x8 images, two 3x3 convolutions
-- with ReLU and 2x2 max pooling, a dense head over the ten classes.
return {
  name = "c1_digits_cnn", input = { 1, 8, 8 },
  layers = {
    { op = "conv2d", out = 8, kernel = 3, padding = 1 },
    { op = "relu" },
    { op = "maxpool2d", kernel = 2 },
    { op = "conv2d", out = 16, kernel = 3, padding = 1 },
    { op = "relu" },
    { op = "maxpool2d", kernel = 2 },
    { op = "flatten" },
    { op = "dense", out = 10 },
  },
  loss = "softmax_cross_entropy",
}
