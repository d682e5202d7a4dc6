"""onnx_torch: evaluate an ONNX graph with PyTorch, for the ONNX tests.

Takes: an onnx ModelProto and an input tensor. Gives: the graph's output,
computed op by op with torch.nn.functional in float64, with the
initializers as leaf tensors (so their gradients can be taken).

ONNX Runtime is not a Debian package and onnx 1.12 has no reference
evaluator, so the tests evaluate ONNX files this way: every op flatprop
reads or writes, following the ONNX operator documentation (opset 11-13).
"""
import math

import numpy as np
import onnx
import onnx.numpy_helper
import torch
import torch.nn.functional as F


def _attrs(node):
    return {a.name: onnx.helper.get_attribute_value(a) for a in node.attribute}


def _s(v):
    return v.decode() if isinstance(v, bytes) else v


def _auto_pads(auto, sizes, kernel, strides, dilations):
    """ONNX pads [b1..bn, e1..en] for auto_pad SAME_UPPER/SAME_LOWER."""
    n = len(sizes)
    before, after = [], []
    for d in range(n):
        out = math.ceil(sizes[d] / strides[d])
        total = max(0, (out - 1) * strides[d] + (kernel[d] - 1) * dilations[d] + 1 - sizes[d])
        small = total // 2
        if auto == "SAME_UPPER":
            before.append(small)
            after.append(total - small)
        else:
            before.append(total - small)
            after.append(small)
    return before + after


def _pads(at, x, kernel, strides, dilations):
    n = x.dim() - 2
    auto = _s(at.get("auto_pad", "NOTSET"))
    if auto in ("SAME_UPPER", "SAME_LOWER"):
        return _auto_pads(auto, list(x.shape[2:]), kernel, strides, dilations)
    if auto == "VALID":
        return [0] * (2 * n)
    return list(at.get("pads", [0] * (2 * n)))


def _torch_pad(pads, n):
    """ONNX [b1..bn, e1..en] as F.pad's (last axis first) pairs."""
    out = []
    for d in reversed(range(n)):
        out += [pads[d], pads[d + n]]
    return out


def _pool(x, at, kind):
    n = x.dim() - 2
    kernel = list(at["kernel_shape"])
    strides = list(at.get("strides", [1] * n))
    pads = _pads(at, x, kernel, strides, [1] * n)
    tp = _torch_pad(pads, n)
    if kind == "max":
        xp = F.pad(x, tp, value=-math.inf)
        f = F.max_pool1d if n == 1 else F.max_pool2d
        return f(xp, kernel, strides)
    f = F.avg_pool1d if n == 1 else F.avg_pool2d
    k = float(np.prod(kernel))
    s = f(F.pad(x, tp), kernel, strides) * k
    if at.get("count_include_pad", 0):
        return s / k
    ones = torch.ones((1, 1) + tuple(x.shape[2:]), dtype=x.dtype)
    cnt = f(F.pad(ones, tp), kernel, strides) * k
    return s / cnt


def evaluate(model, x, params=None, logits=False):
    """The graph's output for input x; params: name -> tensor (leaves) to use
    for initializers (default: their values, float64); logits: stop before a
    final Softmax/LogSoftmax (what flatprop's forward returns)."""
    g = model.graph
    env = {}
    for t in g.initializer:
        if params is not None and t.name in params:
            env[t.name] = params[t.name]
        else:
            a = onnx.numpy_helper.to_array(t)
            env[t.name] = torch.tensor(a.astype(np.float64) if a.dtype.kind == "f" else a)
    inits = {t.name for t in g.initializer}
    inputs = [i for i in g.input if i.name not in inits]
    env[inputs[0].name] = x
    for k, node in enumerate(g.node):
        if logits and k == len(g.node) - 1 and node.op_type in ("Softmax", "LogSoftmax"):
            return env[node.input[0]]
        at = _attrs(node)
        ins = [env[i] if i else None for i in node.input]
        op = node.op_type
        if op == "Constant":
            a = onnx.numpy_helper.to_array(at["value"])
            y = torch.tensor(a.astype(np.float64) if a.dtype.kind == "f" else a)
        elif op == "ConstantOfShape":
            v = onnx.numpy_helper.to_array(at["value"]) if "value" in at else np.zeros(1)
            y = torch.full([int(d) for d in ins[0]], float(v.ravel()[0]))
        elif op == "Concat":
            y = torch.cat(ins, at.get("axis", 0))
        elif op == "Cast":
            y = ins[0].long() if at["to"] in (6, 7) else ins[0].double()
        elif op == "Slice":
            y = ins[0]
            axes = [int(v) for v in ins[3]] if len(ins) > 3 else list(range(len(ins[1])))
            steps = [int(v) for v in ins[4]] if len(ins) > 4 else [1] * len(axes)
            for st, en, ax, sp in zip(ins[1], ins[2], axes, steps):
                idx = [slice(None)] * y.dim()
                size = y.shape[ax]
                st, en = int(st), int(en)
                if sp > 0:
                    idx[ax] = slice(max(-size, min(size, st)), max(-size - 1, min(size, en)), sp)
                    y = y[tuple(idx)]
                else:  # torch has no negative steps: flip, then slice forward
                    st = st + size if st < 0 else min(st, size - 1)
                    en = en + size if en < 0 else min(en, size - 1)
                    en = max(en, -1)
                    sel = list(range(st, en, sp))
                    y = torch.index_select(y, ax, torch.tensor(sel, dtype=torch.long))
        elif op == "Gemm":
            a, b = ins[0], ins[1]
            if at.get("transA", 0):
                a = a.t()
            if at.get("transB", 0):
                b = b.t()
            y = at.get("alpha", 1.0) * (a @ b)
            if len(ins) > 2 and ins[2] is not None:
                y = y + at.get("beta", 1.0) * ins[2]
        elif op == "MatMul":
            y = ins[0] @ ins[1]
        elif op == "Add":
            y = ins[0] + ins[1]
        elif op == "Conv":
            w = ins[1]
            n = w.dim() - 2
            kernel = list(w.shape[2:])
            strides = list(at.get("strides", [1] * n))
            dil = list(at.get("dilations", [1] * n))
            pads = _pads(at, ins[0], kernel, strides, dil)
            xp = F.pad(ins[0], _torch_pad(pads, n))
            f = F.conv1d if n == 1 else F.conv2d
            y = f(xp, w, ins[2] if len(ins) > 2 else None, strides, 0, dil, at.get("group", 1))
        elif op == "MaxPool":
            y = _pool(ins[0], at, "max")
        elif op == "AveragePool":
            y = _pool(ins[0], at, "avg")
        elif op == "GlobalAveragePool":
            y = ins[0].mean(dim=tuple(range(2, ins[0].dim())), keepdim=True)
        elif op == "Flatten":
            y = torch.flatten(ins[0], at.get("axis", 1))
        elif op == "Reshape":
            shape = [int(v) for v in ins[1]]
            shape = [ins[0].shape[i] if s == 0 else s for i, s in enumerate(shape)]
            y = ins[0].reshape(shape)
        elif op == "Squeeze":
            axes = at.get("axes", None)
            if axes is None and len(ins) > 1:
                axes = [int(v) for v in ins[1]]
            y = ins[0]
            for ax in sorted([a % y.dim() for a in axes], reverse=True):
                y = y.squeeze(ax)
        elif op == "Unsqueeze":
            axes = at.get("axes", None)
            if axes is None:
                axes = [int(v) for v in ins[1]]
            y = ins[0]
            rank = y.dim() + len(axes)
            for ax in sorted(a % rank for a in axes):
                y = y.unsqueeze(ax)
        elif op == "Transpose":
            perm = at.get("perm", list(reversed(range(ins[0].dim()))))
            y = ins[0].permute(*perm)
        elif op == "Pad":
            pads = list(at["pads"]) if "pads" in at else [int(v) for v in ins[1]]
            n = len(pads) // 2
            y = F.pad(ins[0], _torch_pad(pads, n))
        elif op == "BatchNormalization":
            xx, s, b, m, v = ins[:5]
            shape = (1, -1) + (1,) * (xx.dim() - 2)
            y = (xx - m.reshape(shape)) / torch.sqrt(v.reshape(shape) + at.get("epsilon", 1e-5))
            y = y * s.reshape(shape) + b.reshape(shape)
        elif op in ("Identity", "Dropout"):
            y = ins[0]
        elif op == "Relu":
            y = torch.relu(ins[0])
        elif op == "LeakyRelu":
            y = F.leaky_relu(ins[0], at.get("alpha", 0.01))
        elif op == "Sigmoid":
            y = torch.sigmoid(ins[0])
        elif op == "Tanh":
            y = torch.tanh(ins[0])
        elif op == "Softmax":
            y = torch.softmax(ins[0], at.get("axis", -1))
        elif op == "LogSoftmax":
            y = torch.log_softmax(ins[0], at.get("axis", -1))
        else:
            raise ValueError("onnx_torch: no evaluator for " + op)
        env[node.output[0]] = y
    return env[g.output[0].name]
