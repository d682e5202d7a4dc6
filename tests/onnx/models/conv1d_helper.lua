-- made by tests/onnx/make_models.py
return { name = "conv1d_helper", onnx = "conv1d_helper.onnx", loss = "softmax_cross_entropy" }
