-- made by tests/onnx/make_models.py
return { name = "conv_auto_pad", onnx = "conv_auto_pad.onnx", loss = "mse" }
