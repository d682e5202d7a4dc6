-- The CNN pretrained in PyTorch on the digits 0-5 (train.py), read from its
-- ONNX export; on the device only the dense head `fc` learns (train.c), the
-- two convolutions are frozen.
return {
  name = "digits_onnx", onnx = "digits_onnx.onnx",
  loss = "softmax_cross_entropy", train = { "fc" },
}
