-- The 8x8 digits as 1x8x8 images: two 3x3 convolutions with ReLU and 2x2
-- max pooling, a dense head over the ten classes, softmax cross-entropy
-- (examples/digits_cnn/train.c; the benchmark C1 is the same network).
return {
  name = "digits_cnn", input = { 1, 8, 8 },
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
