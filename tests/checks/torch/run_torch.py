"""PyTorch as an independent reference for the generated conv and pool code.

For every network of NETS (tests/checks/torch/nets.py), in float and double:
write its description, generate it, compile it with driver.c, run it at a
fixed point (parameters, input, target, dy drawn from a fixed seed), and
compare what it prints -- forward, loss, gradient (and its loss), backward
(J^T dy and dx) and one train_step (its loss and the parameters after it) --
with what PyTorch computes in double from the same numbers: the ops of
torch.nn.functional (conv1d/conv2d with PyTorch's own padding, "same" and
"valid", max/avg pooling), autograd for the gradients, torch.optim.SGD for
the step. Frozen layers' parameters do not require a gradient in PyTorch;
their gradient entries must stay 0 and their parameters unchanged.

A point is drawn again while any ReLU input or max-pool window (the gap
between the window's first maximum and the runner-up) is within MARGIN of a
kink, so float and double take the same branches as PyTorch.

Prints one line per network and type with the worst |difference| / tolerance,
every mismatch, and exits non-zero on any."""
import argparse
import math
import os
import shutil
import subprocess
import sys
import warnings

import numpy as np
import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from nets import NETS  # noqa: E402

torch.set_default_dtype(torch.float64)
# PyTorch says that "same" with an even kernel pads a copy of the input: expected
warnings.filterwarnings("ignore", message="Using padding='same'")

# |actual - expected| <= rtol |expected| + atol S, S the largest |expected| of
# the vector (for the step: of the update lr * grad, plus the rounding of the
# parameters themselves).
TOL = {
    "double": {"rtol": 1e-12, "atol": 1e-12},
    "float": {"rtol": 2e-4, "atol": 5e-5},
}
EPS = {"double": 2.0 ** -52, "float": 2.0 ** -23}
MARGIN = 2.0 ** -8
LR = 0.125


def lua_value(v):
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, str):
        return '"%s"' % v
    if isinstance(v, (list, tuple)):
        return "{ " + ", ".join(lua_value(e) for e in v) + " }"
    if isinstance(v, float):
        return repr(v)
    return str(v)


def lua_description(net):
    lines = ["-- written by tests/checks/torch/run_torch.py", "return {",
             '  name = "%s",' % net["name"], "  input = %s," % lua_value(net["input"]),
             "  layers = {"]
    for layer in net["layers"]:
        fields = ['op = "%s"' % layer["op"]]
        for k in sorted(layer):
            if k != "op":
                fields.append("%s = %s" % (k, lua_value(layer[k])))
        lines.append("    { " + ", ".join(fields) + " },")
    lines += ["  },", '  loss = "%s",' % net["loss"], "}"]
    return "\n".join(lines) + "\n"


def per_dim(v, ndim, default):
    if v is None:
        v = default
    if isinstance(v, (list, tuple)):
        return list(v)
    return [v] * ndim


# ---- the network in PyTorch -------------------------------------------------

class Net:
    """The description's layers as PyTorch functions, with their parameter
    tensors in flatprop's layout order (weights in PyTorch's shape, then bias)."""

    def __init__(self, desc):
        self.desc = desc
        self.tensors = []  # (layer index, "weight"/"bias", shape, fan_in, trainable)
        inp = desc["input"]
        shape = list(inp) if isinstance(inp, (list, tuple)) else [inp]
        self.in_shape = list(shape)
        for i, layer in enumerate(desc["layers"]):
            op = layer["op"]
            trainable = layer.get("trainable", True)
            if op in ("conv1d", "conv2d"):
                ndim = int(op[4])
                groups = layer.get("groups", 1)
                k = per_dim(layer["kernel"], ndim, None)
                w = [layer["out"], shape[0] // groups] + k
                self.tensors.append((i, "weight", w, w[1] * int(np.prod(k)), trainable))
                if layer.get("bias", True):
                    self.tensors.append((i, "bias", [layer["out"]], None, trainable))
            elif op == "dense":
                self.tensors.append((i, "weight", [layer["out"], shape[0]], shape[0],
                                     trainable))
                if layer.get("bias", True):
                    self.tensors.append((i, "bias", [layer["out"]], None, trainable))
            # the next shape: run the layer on zeros
            shape = list(self.layer(i, torch.zeros([1] + shape), self._zeros(i)).shape[1:])
        self.out_shape = shape
        self.n_params = sum(int(np.prod(t[2])) for t in self.tensors)
        self.n_in = int(np.prod(self.in_shape))
        self.n_out = int(np.prod(self.out_shape))

    def _zeros(self, i):
        return {t[1]: torch.zeros(t[2]) for t in self.tensors if t[0] == i}

    def split(self, flat):
        """flat parameters -> per layer { "weight": tensor, "bias": tensor }"""
        out, off = {}, 0
        for i, kind, shape, _, _ in self.tensors:
            n = int(np.prod(shape))
            out.setdefault(i, {})[kind] = flat[off:off + n].reshape(shape)
            off += n
        return out

    def layer(self, i, x, p, probe=None):
        L = self.desc["layers"][i]
        op = L["op"]
        if op in ("conv1d", "conv2d"):
            ndim = int(op[4])
            conv = F.conv1d if ndim == 1 else F.conv2d
            stride = per_dim(L.get("stride"), ndim, 1)
            dilation = per_dim(L.get("dilation"), ndim, 1)
            pad = L.get("padding", 0)
            if isinstance(pad, str):
                padding = pad  # PyTorch's own "same" / "valid"
            else:
                pads = per_dim(pad, ndim, 0)
                pairs = [e if isinstance(e, (list, tuple)) else [e, e] for e in pads]
                if all(a == b for a, b in pairs):
                    padding = [a for a, _ in pairs]
                else:  # a pair { before, after }: F.pad, last dimension first
                    spec = []
                    for a, b in reversed(pairs):
                        spec += [a, b]
                    x = F.pad(x, spec)
                    padding = 0
            return conv(x, p["weight"], p.get("bias"), stride=stride, padding=padding,
                        dilation=dilation, groups=L.get("groups", 1))
        if op == "dense":
            return F.linear(x, p["weight"], p.get("bias"))
        if op in ("maxpool1d", "maxpool2d", "avgpool1d", "avgpool2d"):
            ndim = int(op[-2])
            k = per_dim(L["kernel"], ndim, None)
            s = per_dim(L.get("stride"), ndim, k)
            pad = per_dim(L.get("padding"), ndim, 0)
            if op.startswith("max"):
                if probe is not None:
                    probe.maxpool(x, k, s, pad)
                f = F.max_pool1d if ndim == 1 else F.max_pool2d
                return f(x, k, s, pad)
            f = F.avg_pool1d if ndim == 1 else F.avg_pool2d
            return f(x, k, s, pad, count_include_pad=L.get("count_include_pad", True))
        if op == "global_avgpool":
            return x.mean(dim=list(range(2, x.dim())))
        if op == "flatten":
            return torch.flatten(x, 1)
        if op == "relu":
            if probe is not None:
                probe.kink(x)
            return F.relu(x)
        if op == "leaky_relu":
            if probe is not None:
                probe.kink(x)
            return F.leaky_relu(x, L.get("slope", 0.01))
        if op == "sigmoid":
            return torch.sigmoid(x)
        if op == "tanh":
            return torch.tanh(x)
        if op == "identity":
            return x
        raise ValueError("no PyTorch rule for op " + op)

    def forward(self, flat, x, probe=None):
        p = self.split(flat)
        h = x.reshape([1] + self.in_shape)
        for i in range(len(self.desc["layers"])):
            h = self.layer(i, h, p.get(i, {}), probe)
        return h.reshape(-1)

    def loss(self, y, t):
        name = self.desc["loss"]
        if name == "squared_error":
            return ((y - t) ** 2).sum()
        if name == "mse":
            return ((y - t) ** 2).mean()
        if name == "softmax_cross_entropy":
            return -(t * F.log_softmax(y, dim=0)).sum()
        raise ValueError("no PyTorch rule for loss " + name)

    def frozen_mask(self):
        m = []
        for _, _, shape, _, trainable in self.tensors:
            m += [not trainable] * int(np.prod(shape))
        return np.array(m, dtype=bool)


class Probe:
    """The distance of the forward pass to its nearest kink."""

    def __init__(self):
        self.gap = math.inf

    def kink(self, z):
        a = z.detach().abs()
        if a.numel():
            self.gap = min(self.gap, float(a.min()))

    def maxpool(self, x, k, s, pad):
        x = x.detach()
        spec = []
        for p in reversed(pad):
            spec += [p, p]
        x = F.pad(x, spec, value=-math.inf)
        for d in range(len(k)):
            x = x.unfold(2 + d, k[d], s[d])
        w = x.reshape(-1, int(np.prod(k)))
        if w.shape[1] < 2:
            return
        top = w.topk(2, dim=1).values
        gap = top[:, 0] - top[:, 1]
        # a tie of exact zeros (behind dead ReLUs) is the same in every precision
        gap = torch.where((gap == 0) & (top[:, 0] == 0), torch.full_like(gap, math.inf), gap)
        self.gap = min(self.gap, float(gap.min()))


# ---- points -------------------------------------------------------------------

def quantize(a, step):
    return np.round(a / step) * step


def draw(net, ty, rng):
    parts = []
    for _, kind, shape, fan_in, _ in net.tensors:
        n = int(np.prod(shape))
        if kind == "weight":
            limit = math.sqrt(6.0 / fan_in)
            parts.append(quantize(rng.uniform(-limit, limit, n), 2.0 ** -12))
        else:
            parts.append(quantize(rng.uniform(-0.5, 0.5, n), 2.0 ** -12))
    params = np.concatenate(parts)
    x = quantize(rng.uniform(-1, 1, net.n_in), 2.0 ** -10)
    if net.desc["loss"] == "softmax_cross_entropy":
        t = rng.uniform(0.05, 1.05, net.n_out)
        t = t / t.sum()
    else:
        t = rng.uniform(-1, 1, net.n_out)
    dy = quantize(rng.uniform(-1, 1, net.n_out), 2.0 ** -8)
    real = np.float32 if ty == "float" else np.float64
    # exact in the scalar type: the C code and PyTorch see the same numbers
    return [a.astype(real).astype(np.float64) for a in (params, x, t, dy)]


def point(net, ty, seed):
    rng = np.random.default_rng(seed)
    for _ in range(200):
        pt = draw(net, ty, rng)
        probe = Probe()
        with torch.no_grad():
            net.forward(torch.tensor(pt[0]), torch.tensor(pt[1]), probe)
        if probe.gap >= MARGIN:
            return pt, probe.gap
    sys.exit("%s: no point away from the kinks in 200 draws" % net.desc["name"])


def expected(net, params, x, t, dy):
    frozen = net.frozen_mask()
    P = torch.tensor(params, requires_grad=True)
    X = torch.tensor(x, requires_grad=True)
    T = torch.tensor(t)
    y = net.forward(P, X)
    L = net.loss(y, T)
    (g,) = torch.autograd.grad(L, P)
    y2 = net.forward(P, X)
    bg, dx = torch.autograd.grad(y2, (P, X), torch.tensor(dy))
    g, bg = g.numpy().copy(), bg.numpy().copy()
    g[frozen] = 0.0
    bg[frozen] = 0.0
    # one SGD step of PyTorch's own optimizer over the trainable tensors
    split = net.split(torch.tensor(params))
    leaves = []
    for i, kind, _, _, trainable in net.tensors:
        leaf = split[i][kind].clone().requires_grad_(trainable)
        split[i][kind] = leaf
        leaves.append(leaf)
    opt = torch.optim.SGD([v for v in leaves if v.requires_grad], lr=LR)
    opt.zero_grad()
    flat = torch.cat([v.reshape(-1) for v in leaves])
    step_loss = net.loss(net.forward(flat, torch.tensor(x)), T)
    step_loss.backward()
    opt.step()
    stepped = torch.cat([v.detach().reshape(-1) for v in leaves]).numpy()
    return {
        "y": y.detach().numpy(), "loss": np.array([float(L)]),
        "gradient_loss": np.array([float(L)]), "grad": g, "bgrad": bg,
        "dx": dx.numpy(), "step_loss": np.array([float(step_loss)]), "stepped": stepped,
    }


# ---- running -------------------------------------------------------------------

def run(cmd):
    r = subprocess.run(cmd, capture_output=True, text=True)
    if r.returncode != 0:
        sys.exit("failed: %s\n%s%s" % (" ".join(cmd), r.stdout, r.stderr))
    return r.stdout


def build(args, net, ty, work):
    name = net["name"] + ("_d" if ty == "double" else "_f")
    d = os.path.join(work, name)
    os.makedirs(d)
    desc = os.path.join(d, net["name"] + ".lua")
    with open(desc, "w") as f:
        f.write(lua_description(net))
    run([args.lua, args.generator, "-o", d, "--type", ty, "--name", name, desc])
    exe = os.path.join(d, "driver")
    run([args.cc, "-std=c99", "-O1", "-Wall", "-Wextra", "-Wpedantic", "-Werror",
         "-I", d, "-I", args.include, "-DNET=" + name, "-DNET_UPPER=" + name.upper(),
         '-DNET_HEADER="%s.h"' % name, "-o", exe, args.driver, os.path.join(d, name + ".c"),
         args.runtime, "-lm"])
    return d, exe


def parse(text):
    out = {}
    for line in text.splitlines():
        f = line.split()
        out[f[0]] = np.array([float.fromhex(v) for v in f[1:]])
    return out


def main():
    ap = argparse.ArgumentParser()
    for a in ("lua", "generator", "cc", "include", "runtime", "driver", "work"):
        ap.add_argument("--" + a, required=True)
    ap.add_argument("--only", help="run only the networks whose name contains this")
    args = ap.parse_args()
    shutil.rmtree(args.work, ignore_errors=True)
    os.makedirs(args.work)
    failures = 0
    n_compared = 0
    for k, desc in enumerate(NETS):
        if args.only and args.only not in desc["name"]:
            continue
        net = Net(desc)
        for ty in ("float", "double"):
            tol = TOL[ty]
            (params, x, t, dy), gap = point(net, ty, 1000 + k)
            d, exe = build(args, desc, ty, os.path.join(args.work, ty))
            with open(os.path.join(d, "point.txt"), "w") as f:
                f.write("%d %d %d\n" % (net.n_params, net.n_in, net.n_out))
                for v in np.concatenate([params, x, t, dy, [LR]]):
                    f.write(float(v).hex() + "\n")
            got = parse(run([exe, os.path.join(d, "point.txt")]))
            want = expected(net, params, x, t, dy)
            frozen = net.frozen_mask()
            bad = []
            worst = 0.0

            def compare(key, a, e, scale, extra=0.0):
                nonlocal worst, n_compared
                extra = np.broadcast_to(extra, len(e))
                for j in range(len(e)):
                    err = abs(a[j] - e[j])
                    allowed = tol["rtol"] * abs(e[j]) + tol["atol"] * scale + extra[j]
                    n_compared += 1
                    if err > allowed or not math.isfinite(a[j]):
                        bad.append("%s[%d]: expected %.17g, actual %.17g" % (key, j, e[j], a[j]))
                    elif allowed > 0:
                        worst = max(worst, err / allowed)

            for key in ("y", "loss", "gradient_loss", "grad", "bgrad", "dx", "step_loss"):
                e = want[key]
                if len(got.get(key, [])) != len(e):
                    bad.append("%s: %d values, expected %d" % (key, len(got.get(key, [])),
                                                              len(e)))
                    continue
                scale = max(abs(e).max(), abs(want["loss"][0]) if key == "grad" else 0.0)
                compare(key, got[key], e, scale)
            for key in ("grad", "bgrad"):
                if np.any(got[key][frozen] != 0.0):
                    bad.append("%s: a frozen layer's entry changed" % key)
            # the step: compare the update itself (the parameters round it in
            # the scalar type, so allow for that rounding)
            upd_c = got["stepped"] - params
            upd_t = want["stepped"] - params
            compare("step", upd_c, upd_t, abs(upd_t).max(), 2 * EPS[ty] * abs(params))
            if np.any(got["stepped"][frozen] != params[frozen]):
                bad.append("step: a frozen layer's parameter changed")
            status = "ok  " if not bad else "FAIL"
            print("%s %-12s %-6s %4d parameters, %4d inputs; kink margin %.3g; loss %.9g; "
                  "worst |difference| / tolerance %.3g" % (status, desc["name"], ty,
                                                          net.n_params, net.n_in, gap,
                                                          want["loss"][0], worst))
            for b in bad[:20]:
                print("     " + b)
            failures += 1 if bad else 0
    print("%d values compared; %d network(s) disagree with PyTorch" % (n_compared, failures))
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
