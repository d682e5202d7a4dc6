-- Fine-tuning on the device: a feature extractor trained elsewhere (frozen,
-- its weights from NumPy files) and a small head that learns on the device.
return {
  name   = "finetune",
  input  = 16,
  layers = {
    { op = "dense", out = 12, weights = "finetune/features_w.npy",
      biases = "finetune/features_b.npy", trainable = false, name = "features" },
    { op = "relu" },
    { op = "dense", out = 8, name = "hidden" },
    { op = "relu" },
    { op = "dense", out = 4, name = "head" },
  },
  loss   = "mse",
}
