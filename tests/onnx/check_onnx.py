"""check_onnx: ONNX models in, generated C, and ONNX back out, against PyTorch.

For every case of cases.py: write the model and a description naming it,
generate the network (--type double), build a harness with the runtime that
prints forward, loss, gradient and backward's dx at a fixed point and saves
the parameters as a blob; write that blob back with --write-onnx; then check
  - forward, loss and dx against the original ONNX graph evaluated by PyTorch
    (onnx_torch.py; the module itself as well for the exported cases);
  - the gradient against PyTorch's gradient of the written-back graph's
    initializers (the folded parameters, in flatprop's layout), zero for
    frozen layers;
  - the written-back graph computes the same forward as the original;
  - the generated check program (--check) passes (the small networks).
One float case checks --type float to float precision.

usage: check_onnx.py --lua LUA --generator flatprop.lua --cc CC --root SRC --work DIR
"""
import argparse
import os
import subprocess
import sys

import numpy as np
import onnx
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import cases  # noqa: E402
import onnx_torch  # noqa: E402

torch.set_default_dtype(torch.float64)

HARNESS = r"""
#include <stdio.h>
#include "@N@.h"
static const @N@_real x[@U@_N_INPUTS] = { @X@ };
static const @N@_real target[@U@_N_OUTPUTS] = { @T@ };
static const @N@_real dy[@U@_N_OUTPUTS] = { @DY@ };
int main(int argc, char **argv) {
    static @N@_real p[@U@_N_PARAMS], g[@U@_N_PARAMS], g2[@U@_N_PARAMS];
    static @N@_real y[@U@_N_OUTPUTS], dx[@U@_N_INPUTS];
    static uint8_t blob[@U@_BLOB_SIZE];
    size_t i, w = 0;
    @N@_real L;
    FILE *f;
    (void)argc;
    @N@_init(p, 1);
    @N@_forward(p, x, y);
    L = @N@_gradient(p, x, target, g);
    @N@_backward(p, x, dy, g2, dx);
    for (i = 0; i < @U@_N_OUTPUTS; i++) printf("y %.17g\n", (double)y[i]);
    printf("loss %.17g\n", (double)L);
    for (i = 0; i < @U@_N_PARAMS; i++) printf("grad %.17g\n", (double)g[i]);
    for (i = 0; i < @U@_N_INPUTS; i++) printf("dx %.17g\n", (double)dx[i]);
    if (@N@_save(p, blob, sizeof blob, &w) != 0) return 2;
    f = fopen(argv[1], "wb");
    if (!f || fwrite(blob, 1, w, f) != w || fclose(f) != 0) return 3;
    return 0;
}
"""


def run(cmd, **kw):
    r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **kw)
    if r.returncode != 0:
        raise SystemExit("FAIL: %s\n%s%s" % (" ".join(cmd), r.stdout, r.stderr))
    return r.stdout


def loss_of(name, y, t):
    if name == "squared_error":
        return ((y - t) ** 2).sum()
    if name == "mse":
        return ((y - t) ** 2).mean()
    return -(t * torch.log_softmax(y, 1)).sum()


def close(what, got, want, rtol, atol):
    got, want = np.asarray(got, np.float64).ravel(), np.asarray(want, np.float64).ravel()
    if got.shape != want.shape:
        raise SystemExit("FAIL %s: %d values, expected %d" % (what, got.size, want.size))
    err = np.abs(got - want) - (atol + rtol * np.abs(want))
    if (err > 0).any():
        k = int(np.argmax(err))
        raise SystemExit("FAIL %s[%d]: %r, expected %r" % (what, k, got[k], want[k]))


def check_case(a, name, data, loss, train, ctype="double"):
    work = os.path.join(a.work, name + ("" if ctype == "double" else "_" + ctype))
    os.makedirs(work, exist_ok=True)
    model_path = os.path.join(work, name + ".onnx")
    with open(model_path, "wb") as f:
        f.write(data)
    desc = os.path.join(work, name + ".lua")
    with open(desc, "w") as f:
        f.write('return { name = "%s", onnx = "%s.onnx", loss = "%s"%s }\n' % (
            name, name, loss,
            "" if train is None else ", train = { %s }" % ", ".join('"%s"' % t for t in train)))
    run([a.lua, a.generator, "-o", work, "--type", ctype, desc])
    model = onnx.load(model_path)
    in_dims = [d.dim_value for d in model.graph.input[0].type.tensor_type.shape.dim][1:]
    rng = np.random.RandomState(len(name))
    x = rng.uniform(-1, 1, size=[1] + in_dims)
    xt = torch.tensor(x, requires_grad=True)
    y_ref = onnx_torch.evaluate(model, xt, logits=True)
    n_out = y_ref.numel()
    t = np.zeros((1, n_out))
    t[0, n_out // 2] = 1.0 if loss == "softmax_cross_entropy" else 0.5
    dy = rng.uniform(-1, 1, size=(1, n_out))
    fmt = "%.17e" if ctype == "double" else "%.9ef"
    src = HARNESS.replace("@X@", ", ".join(fmt % v for v in x.ravel()))
    src = src.replace("@T@", ", ".join(fmt % v for v in t.ravel()))
    src = src.replace("@DY@", ", ".join(fmt % v for v in dy.ravel()))
    src = src.replace("@U@", name.upper()).replace("@N@", name)
    with open(os.path.join(work, "main.c"), "w") as f:
        f.write(src)
    rt = os.path.join(a.root, "runtime")
    srcs = [os.path.join(rt, "src", s) for s in sorted(os.listdir(os.path.join(rt, "src")))
            if s.endswith(".c")]
    exe = os.path.join(work, "harness")
    run([a.cc, "-std=c99", "-O1", "-ffp-contract=off", "-I", work,
         "-I", os.path.join(rt, "include"), os.path.join(work, "main.c"),
         os.path.join(work, name + ".c")] + srcs + ["-lm", "-o", exe])
    blob = os.path.join(work, name + ".blob")
    out = run([exe, blob])
    # the generated check program (finite differences, reference evaluator),
    # on the small networks only, to keep the test short
    if name in ("softmax", "matmul_add", "gemm_forms") and ctype == "double":
        run([a.lua, a.generator, "-o", work, "--type", ctype, "--check", desc])
        chk = os.path.join(work, "check")
        run([a.cc, "-std=c99", "-O1", "-ffp-contract=off", "-I", work,
             "-I", os.path.join(rt, "include"), os.path.join(work, name + "_check.c"),
             os.path.join(work, name + ".c")] + srcs + ["-lm", "-o", chk])
        if "PASS " + name not in run([chk]):
            raise SystemExit("FAIL %s: its check program did not pass" % name)
    got = {"y": [], "loss": [], "grad": [], "dx": []}
    for line in out.splitlines():
        k, v = line.split()
        got[k].append(float(v))
    rtol, atol = (1e-9, 1e-12) if ctype == "double" else (2e-4, 2e-5)
    if ctype == "float":  # the float network computes from float inputs
        xt = torch.tensor(x.astype(np.float32).astype(np.float64), requires_grad=True)
        y_ref = onnx_torch.evaluate(model, xt, logits=True)
    tt = torch.tensor(t)
    L = loss_of(loss, y_ref, tt)
    close(name + " forward", got["y"], y_ref.detach().numpy(), rtol, atol)
    close(name + " loss", got["loss"], L.item(), rtol, atol)
    (dx_ref,) = torch.autograd.grad((y_ref * torch.tensor(dy)).sum(), xt)
    close(name + " dx", got["dx"], dx_ref.numpy(), rtol, atol)

    # back to ONNX: the blob's parameters in the folded graph
    back_path = os.path.join(work, name + "_back.onnx")
    run([a.lua, a.generator, "--type", ctype, "--write-onnx", blob, back_path, desc])
    back = onnx.load(back_path)
    onnx.checker.check_model(back)
    params = {}
    for init in back.graph.initializer:
        v = onnx.numpy_helper.to_array(init).astype(np.float64)
        params[init.name] = torch.tensor(v, requires_grad=True)
    y_back = onnx_torch.evaluate(back, xt.detach(), params)
    close(name + " written-back forward", y_back.detach().numpy(), y_ref.detach().numpy(),
          rtol, atol)
    Lb = loss_of(loss, y_back, tt)
    grads = torch.autograd.grad(Lb, [params[i.name] for i in back.graph.initializer])
    want = []
    for init, gr in zip(back.graph.initializer, grads):
        layer = init.name.rsplit(".", 1)[0]
        frozen = train is not None and layer not in train
        want.append(np.zeros(gr.numel()) if frozen else gr.numpy().ravel())
    close(name + " gradient", got["grad"], np.concatenate(want), rtol, atol)
    return model


def main():
    p = argparse.ArgumentParser()
    for k in ("lua", "generator", "cc", "root", "work"):
        p.add_argument("--" + k, required=True)
    a = p.parse_args()
    os.makedirs(a.work, exist_ok=True)
    n = 0
    for name, data, loss, train in cases.all_cases():
        check_case(a, name, data, loss, train)
        n += 1
        print("ok", name)
    # the exporting framework itself agrees with the evaluator
    for name, module, shape in (("mlp", cases.MLP, (6,)), ("conv1d", cases.Conv1d, (3, 16)),
                                ("pad_conv", cases.PadConv, (1, 7, 7))):
        torch.manual_seed({"mlp": 1, "conv1d": 4, "pad_conv": 6}[name])
        m = module().double().eval()
        model = onnx.load(os.path.join(a.work, name, name + ".onnx"))
        x = torch.tensor(np.random.RandomState(3).uniform(-1, 1, size=(1,) + shape))
        close(name + " evaluator vs module", onnx_torch.evaluate(model, x).detach().numpy(),
              m(x).detach().numpy(), 1e-5, 1e-6)  # the file holds float32 weights
        print("ok", name, "evaluator matches the PyTorch module")
    # one network in float
    name, data, loss, train = cases.all_cases()[4]
    check_case(a, name, data, loss, train, "float")
    print("ok", name, "float")
    print("%d cases passed" % n)


if __name__ == "__main__":
    main()
