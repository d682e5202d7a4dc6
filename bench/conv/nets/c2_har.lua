-- C2: an activity-recognition shape: 3 sensor axes x 64 samples, two 1-D
-- convolutions, global average pooling and a dense head over six classes.
return {
  name = "c2_har", input = { 3, 64 },
  layers = {
    { op = "conv1d", out = 8, kernel = 5, padding = "same" },
    { op = "relu" },
    { op = "maxpool1d", kernel = 2 },
    { op = "conv1d", out = 16, kernel = 3 },
    { op = "relu" },
    { op = "global_avgpool" },
    { op = "dense", out = 6 },
  },
  loss = "softmax_cross_entropy",
}
