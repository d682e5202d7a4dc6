-- made by tests/onnx/make_models.py
return { name = "matmul_add", onnx = "matmul_add.onnx", loss = "squared_error" }
