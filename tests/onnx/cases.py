"""cases: the ONNX models of the ONNX tests, one per op, attribute and folding
of SPEC.md §1c, made with torch.onnx.export and with onnx.helper.

Each case is (name, model bytes, loss, train list or None). Weights come from
fixed seeds, so the files are the same on every run of the same versions.
"""
import io

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper
import torch
import torch.nn as nn


def _export(module, shape, opset=13):
    module = module.double().eval()
    buf = io.BytesIO()
    x = torch.zeros((1,) + tuple(shape), dtype=torch.float64)
    torch.onnx.export(module.float(), x.float(), buf, input_names=["x"], output_names=["y"],
                      opset_version=opset, do_constant_folding=True)
    return buf.getvalue()


def _rand(rng, *shape, lo=-0.8, hi=0.8):
    return rng.uniform(lo, hi, size=shape).astype(np.float32)


def _graph(nodes, inits, in_shape, out_shape, opset=13, batch="N"):
    g = helper.make_graph(
        nodes, "g",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, [batch] + list(in_shape))],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, [batch] + list(out_shape))],
        [numpy_helper.from_array(v, k) for k, v in inits.items()])
    m = helper.make_model(g, opset_imports=[helper.make_opsetid("", opset)])
    m.ir_version = 7
    return m.SerializeToString()


class MLP(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc1 = nn.Linear(6, 5)
        self.fc2 = nn.Linear(5, 3)

    def forward(self, x):
        return self.fc2(torch.relu(self.fc1(x)))


class MLPSoftmax(nn.Module):
    def __init__(self, log):
        super().__init__()
        self.log = log
        self.hidden = nn.Linear(4, 6)
        self.bn = nn.BatchNorm1d(6)
        self.out = nn.Linear(6, 3)

    def forward(self, x):
        h = torch.sigmoid(nn.functional.leaky_relu(self.bn(self.hidden(x)), 0.2))
        z = self.out(nn.functional.dropout(h, 0.3, self.training))
        return torch.log_softmax(z, 1) if self.log else torch.softmax(z, 1)


class Conv1d(nn.Module):
    def __init__(self):
        super().__init__()
        self.c1 = nn.Conv1d(3, 4, 5, padding=2, dilation=1)
        self.c2 = nn.Conv1d(4, 4, 3, stride=2, groups=4, dilation=2)
        self.pool = nn.MaxPool1d(2)
        self.fc = nn.Linear(4 * 2, 2)

    def forward(self, x):
        h = self.pool(torch.relu(self.c1(x)))
        h = torch.tanh(self.c2(h))
        return self.fc(torch.flatten(h, 1))


class Conv2dBN(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(2, 4, 3, padding=(1, 2), stride=(2, 1))
        self.bn = nn.BatchNorm2d(4)
        self.pool = nn.MaxPool2d(3, stride=2, padding=1)
        self.conv2 = nn.Conv2d(4, 6, (2, 3), dilation=(1, 2), bias=False)
        self.avg = nn.AvgPool2d(2, stride=1, padding=1, count_include_pad=False)
        self.gap = nn.AdaptiveAvgPool2d(1)
        self.fc = nn.Linear(6, 3)

    def forward(self, x):
        h = self.pool(torch.relu(self.bn(self.conv(x))))
        h = self.avg(torch.relu(self.conv2(h)))
        return self.fc(torch.flatten(self.gap(h), 1))


class PadConv(nn.Module):
    """ZeroPad2d (asymmetric) before a conv, AvgPool2d with count_include_pad
    (PyTorch's default: exported as a Pad and an AveragePool), a kernel (3, 2),
    and a Reshape to a vector (x.view)."""
    def __init__(self):
        super().__init__()
        self.pad = nn.ZeroPad2d((1, 0, 2, 1))
        self.conv = nn.Conv2d(1, 3, 3)
        self.avg = nn.AvgPool2d(3, stride=2, padding=1)
        self.same = nn.Conv2d(3, 2, (3, 2), padding=(1, 1))
        self.fc = nn.Linear(2 * 4 * 4, 2)

    def forward(self, x):
        h = self.avg(torch.relu(self.conv(self.pad(x))))
        h = torch.sigmoid(self.same(h))
        return self.fc(h.reshape(1, -1))


def torch_cases():
    out = []
    torch.manual_seed(1)
    out.append(("mlp", _export(MLP(), (6,)), "squared_error", None))
    torch.manual_seed(2)
    out.append(("mlp_frozen", _export(MLP(), (6,)), "mse", ["fc2"]))
    for log in (False, True):
        torch.manual_seed(3)
        m = MLPSoftmax(log)
        m.bn.running_mean.uniform_(-0.5, 0.5)
        m.bn.running_var.uniform_(0.5, 2.0)
        m.bn.weight.data.uniform_(0.5, 1.5)
        m.bn.bias.data.uniform_(-0.5, 0.5)
        out.append(("log_softmax" if log else "softmax", _export(m, (4,)),
                    "softmax_cross_entropy", None))
    torch.manual_seed(4)
    out.append(("conv1d", _export(Conv1d(), (3, 16)), "squared_error", None))
    torch.manual_seed(5)
    m = Conv2dBN()
    m.bn.running_mean.uniform_(-0.5, 0.5)
    m.bn.running_var.uniform_(0.5, 2.0)
    m.bn.weight.data.uniform_(0.5, 1.5)
    m.bn.bias.data.uniform_(-0.5, 0.5)
    out.append(("conv2d_bn", _export(m, (2, 9, 7)), "squared_error", ["fc"]))
    torch.manual_seed(6)
    out.append(("pad_conv", _export(PadConv(), (1, 7, 7)), "squared_error", None))
    return out


def helper_cases():
    """Graphs written with onnx.helper: the forms torch does not export."""
    rng = np.random.RandomState(7)
    out = []
    # Gemm: transB = 0, alpha, beta, a scalar C; a Gemm without C; Identity
    w1, c1 = _rand(rng, 5, 4), np.array([0.25], np.float32)
    w2 = _rand(rng, 3, 4)
    nodes = [
        helper.make_node("Gemm", ["x", "w1", "c1"], ["a"], alpha=0.5, beta=2.0, name="g1"),
        helper.make_node("Tanh", ["a"], ["b"]),
        helper.make_node("Identity", ["b"], ["c"]),
        helper.make_node("Gemm", ["c", "w2"], ["y"], transB=1, name="g2"),
    ]
    out.append(("gemm_forms", _graph(nodes, {"w1": w1, "c1": c1, "w2": w2}, [5], [3]),
                "squared_error", None))
    # Gemm with C of shape [1, out], MatMul + Add, a constant Transpose of a
    # weight, Dropout (opset 12 inputs), Squeeze/Unsqueeze that only reshape
    wt = _rand(rng, 6, 3)  # transposed into B = [3, 6] for the MatMul
    nodes = [
        helper.make_node("Gemm", ["x", "w", "c"], ["a"], transB=1, name="fc_a"),
        helper.make_node("Relu", ["a"], ["b"]),
        helper.make_node("Unsqueeze", ["b", "ax"], ["b1"]),
        helper.make_node("Squeeze", ["b1", "ax"], ["b2"]),
        helper.make_node("Dropout", ["b2", "ratio"], ["b3"]),
        helper.make_node("Transpose", ["wt"], ["wb"], perm=[1, 0]),
        helper.make_node("MatMul", ["b3", "wb"], ["m"], name="mm"),
        helper.make_node("Add", ["m", "bias"], ["y"]),
    ]
    inits = {"w": _rand(rng, 3, 4), "c": _rand(rng, 1, 3), "wt": wt,
             "bias": _rand(rng, 6), "ax": np.array([2], np.int64),
             "ratio": np.array(0.5, np.float32)}
    out.append(("matmul_add", _graph(nodes, inits, [4], [6]), "squared_error", None))
    # Conv auto_pad SAME_UPPER, SAME_LOWER (stride 2), VALID; AveragePool
    # with its default count_include_pad = 0 and pads; a zero Pad folded
    # into a MaxPool after a Relu; GlobalAveragePool then Reshape; BN on conv
    nodes = [
        helper.make_node("Conv", ["x", "k1", "b1"], ["c1"], auto_pad="SAME_UPPER",
                         kernel_shape=[2, 3], name="up"),
        helper.make_node("Relu", ["c1"], ["r1"]),
        helper.make_node("Conv", ["r1", "k2"], ["c2"], auto_pad="SAME_LOWER",
                         strides=[2, 2], name="low"),
        helper.make_node("BatchNormalization", ["c2", "s", "bb", "mu", "var"], ["n2"],
                         epsilon=1e-3),
        helper.make_node("AveragePool", ["n2"], ["p2"], kernel_shape=[2, 2],
                         pads=[1, 1, 1, 1], strides=[1, 1]),
        helper.make_node("Conv", ["p2", "k3"], ["c3"], auto_pad="VALID", group=2,
                         name="valid"),
        helper.make_node("Relu", ["c3"], ["r3"]),
        helper.make_node("Pad", ["r3", "pads"], ["q3"], mode="constant"),
        helper.make_node("MaxPool", ["q3"], ["m3"], kernel_shape=[2, 2], strides=[1, 1]),
        helper.make_node("GlobalAveragePool", ["m3"], ["g"]),
        helper.make_node("Reshape", ["g", "shape"], ["y"]),
    ]
    inits = {"k1": _rand(rng, 4, 2, 2, 3), "b1": _rand(rng, 4), "k2": _rand(rng, 4, 4, 3, 3),
             "s": _rand(rng, 4, lo=0.5, hi=1.5), "bb": _rand(rng, 4),
             "mu": _rand(rng, 4, lo=-0.3, hi=0.3), "var": _rand(rng, 4, lo=0.5, hi=2),
             "k3": _rand(rng, 4, 2, 2, 2),
             "pads": np.array([0, 0, 1, 1, 0, 0, 1, 1], np.int64),
             "shape": np.array([0, -1], np.int64)}
    out.append(("conv_auto_pad", _graph(nodes, inits, [2, 7, 8], [4]), "mse", None))
    # 1-D: asymmetric pads on a Conv, a LeakyRelu, an AveragePool with
    # count_include_pad = 1, Flatten, a final Softmax (opset 11: axis 1)
    nodes = [
        helper.make_node("Conv", ["x", "k"], ["c"], pads=[2, 1], dilations=[2], name="conv"),
        helper.make_node("LeakyRelu", ["c"], ["l"], alpha=0.1),
        helper.make_node("AveragePool", ["l"], ["p"], kernel_shape=[3], strides=[2],
                         pads=[1, 1], count_include_pad=1),
        helper.make_node("Flatten", ["p"], ["f"]),
        helper.make_node("Gemm", ["f", "w", "b"], ["z"], transB=1, name="head"),
        helper.make_node("Softmax", ["z"], ["y"]),
    ]
    inits = {"k": _rand(rng, 3, 2, 3), "w": _rand(rng, 4, 3 * 5), "b": _rand(rng, 4)}
    out.append(("conv1d_helper", _graph(nodes, inits, [2, 10], [4], opset=11, batch=1),
                "softmax_cross_entropy", None))
    return out


def all_cases():
    return torch_cases() + helper_cases()
