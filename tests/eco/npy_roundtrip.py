"""The .npy round trip, float and double: NumPy writes weights and biases ->
the generator reads them (description in JSON for one network, Lua for the
other) -> NAME_init copies them -> flatprop_export_npy_* writes every tensor
-> NumPy reads them back and compares bit for bit. Prints one line per check
and exits non-zero on any difference."""
import argparse
import os
import shutil
import subprocess
import sys

import numpy as np

ap = argparse.ArgumentParser()
for a in ("lua", "generator", "cc", "include", "tool-include", "main", "work"):
    ap.add_argument("--" + a, required=True)
ap.add_argument("--libs", nargs="+", required=True)
args = ap.parse_args()

shutil.rmtree(args.work, ignore_errors=True)
os.makedirs(args.work)
rng = np.random.default_rng(2024)
failures = 0


def check(ok, what):
    global failures
    print(("ok   " if ok else "FAIL ") + what)
    if not ok:
        failures += 1


def run(cmd):
    r = subprocess.run(cmd, capture_output=True, text=True)
    if r.returncode != 0:
        sys.exit("failed: %s\n%s%s" % (" ".join(cmd), r.stdout, r.stderr))


def special(a):
    # exercise the decoder's edge cases: negative zero, a subnormal, the
    # largest finite value of the type
    flat = a.reshape(-1)
    flat[0] = -0.0
    flat[1] = np.finfo(a.dtype).tiny / 8
    flat[2] = np.finfo(a.dtype).max
    return a


for name, real, double in (("rt", np.float32, False), ("rtd", np.float64, True)):
    d = os.path.join(args.work, name)
    os.makedirs(os.path.join(d, "out"))
    w1 = special(rng.standard_normal((5, 3)).astype(real))
    b1 = rng.standard_normal(5).astype(real)
    w2 = rng.standard_normal((2, 5)).astype(real)
    # weights of one layer big-endian: the reader converts
    np.save(os.path.join(d, "w1.npy"), w1)
    np.save(os.path.join(d, "b1.npy"), b1.astype(b1.dtype.newbyteorder(">")))
    np.save(os.path.join(d, "w2.npy"), w2)
    if double:
        desc = os.path.join(d, name + ".lua")
        with open(desc, "w") as f:
            f.write('return { name = "%s", input = 3, layers = {\n'
                    '  { op = "dense", out = 5, weights = "w1.npy", biases = "b1.npy" },\n'
                    '  { op = "relu" },\n'
                    '  { op = "dense", out = 2, weights = "w2.npy" },\n'
                    '  { op = "dense", out = 4, name = "head" },\n'
                    '}, loss = "mse" }\n' % name)
    else:
        desc = os.path.join(d, name + ".json")
        with open(desc, "w") as f:
            f.write('{ "name": "%s", "input": 3, "layers": [\n'
                    '  { "op": "dense", "out": 5, "weights": "w1.npy", "biases": "b1.npy" },\n'
                    '  { "op": "relu" },\n'
                    '  { "op": "dense", "out": 2, "weights": "w2.npy" },\n'
                    '  { "op": "dense", "out": 4, "name": "head" }\n'
                    '], "loss": "mse" }\n' % name)
    run([args.lua, args.generator, "-o", d, "--type", "double" if double else "float",
         desc])
    exe = os.path.join(d, "export")
    run([args.cc, "-std=c99", "-Wall", "-Wextra", "-Wpedantic", "-Werror",
         "-DRT_DOUBLE=%d" % double, "-I", d, "-I", args.include, "-I", args.tool_include,
         args.main, os.path.join(d, name + ".c"), "-o", exe] + args.libs + ["-lm"])
    run([exe, os.path.join(d, "out")])
    expect = {"dense1_weights": w1, "dense1_biases": b1, "dense2_weights": w2,
              "dense2_biases": np.zeros(2, real)}
    for t, want in expect.items():
        got = np.load(os.path.join(d, "out", t + ".npy"))
        same = (got.dtype == np.dtype(real) and got.shape == want.shape
                and got.tobytes() == want.astype(real).tobytes())
        check(same, "%s %s: %s %s bit-exact" % (name, t, got.dtype, got.shape))
    head = np.load(os.path.join(d, "out", "head_weights.npy"))
    check(head.shape == (4, 2) and np.all(np.isfinite(head)) and np.any(head != 0),
          "%s head_weights: pseudo-random %s exported" % (name, head.shape))
    hb = np.load(os.path.join(d, "out", "head_biases.npy"))
    check(hb.shape == (4,) and not np.any(hb), "%s head_biases: zeros (4,)" % name)

print("%d failed" % failures)
sys.exit(1 if failures else 0)
