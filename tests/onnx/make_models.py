"""make_models: write the small ONNX models checked in under tests/onnx/models,
so the generator's ONNX reader is tested where Python is missing.

For each model: NAME.onnx, NAME.lua (a description naming it), NAME.point (a
point for --reference: x, target) and NAME.expect (forward and loss there, as
PyTorch evaluates the ONNX graph, in float64). Rerun after changing cases.py:
    python3 tests/onnx/make_models.py
"""
import os
import sys

import numpy as np
import onnx
import torch

here = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, here)
import cases  # noqa: E402
import onnx_torch  # noqa: E402
from check_onnx import loss_of  # noqa: E402

KEEP = ("softmax", "conv2d_bn", "conv_auto_pad", "conv1d_helper", "matmul_add")


def main():
    out = os.path.join(here, "models")
    os.makedirs(out, exist_ok=True)
    for name, data, loss, train in cases.all_cases():
        if name not in KEEP:
            continue
        with open(os.path.join(out, name + ".onnx"), "wb") as f:
            f.write(data)
        with open(os.path.join(out, name + ".lua"), "w") as f:
            f.write("-- made by tests/onnx/make_models.py\n")
            f.write('return { name = "%s", onnx = "%s.onnx", loss = "%s"%s }\n' % (
                name, name, loss, "" if train is None else
                ", train = { %s }" % ", ".join('"%s"' % t for t in train)))
        model = onnx.load_from_string(data)
        dims = [d.dim_value for d in model.graph.input[0].type.tensor_type.shape.dim][1:]
        x = np.random.RandomState(len(name)).uniform(-1, 1, size=[1] + dims)
        y = onnx_torch.evaluate(model, torch.tensor(x), logits=True)
        t = np.zeros((1, y.numel()))
        t[0, y.numel() // 2] = 1.0
        L = loss_of(loss, y, torch.tensor(t))
        with open(os.path.join(out, name + ".point"), "w") as f:
            f.write("# made by tests/onnx/make_models.py\n")
            f.write("x: %s\n" % " ".join("%.17g" % v for v in x.ravel()))
            f.write("target: %s\n" % " ".join("%.17g" % v for v in t.ravel()))
        with open(os.path.join(out, name + ".expect"), "w") as f:
            for i, v in enumerate(y.detach().numpy().ravel()):
                f.write("y[%d] = %.17g\n" % (i, v))
            f.write("loss = %.17g\n" % L.item())
        print("wrote", name)


if __name__ == "__main__":
    main()
