-- made by tests/onnx/make_models.py
return { name = "softmax", onnx = "softmax.onnx", loss = "softmax_cross_entropy" }
