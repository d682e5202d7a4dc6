-- made by tests/onnx/make_models.py
return { name = "conv2d_bn", onnx = "conv2d_bn.onnx", loss = "squared_error", train = { "fc" } }
