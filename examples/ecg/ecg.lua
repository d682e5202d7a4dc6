-- Forecasting an electrocardiogram: a window of 48 samples (133 ms at
-- 360 Hz) -> the next 8 samples (22 ms), both relative to the window's last
-- sample, in mV; two 1-D convolutions with ReLU and max pooling, a dense
-- head, mean squared error (examples/ecg/train.c).
return {
  name = "ecg", input = { 1, 48 },
  layers = {
    { op = "conv1d", out = 8, kernel = 5 },
    { op = "relu" },
    { op = "maxpool1d", kernel = 2 },
    { op = "conv1d", out = 8, kernel = 5 },
    { op = "relu" },
    { op = "maxpool1d", kernel = 2 },
    { op = "flatten" },
    { op = "dense", out = 8 },
  },
  loss = "mse",
}
