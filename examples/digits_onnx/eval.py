"""eval.py: the fine-tuned model, evaluated in Python.

Takes: --original (digits_onnx.onnx, the PyTorch export), --tuned (the model
`flatprop --write-onnx` wrote from the device's blob), --log (the device's
output, run.cmake's log.txt), --data (digits.csv.gz). Evaluates both ONNX
files with tests/onnx/onnx_torch.py (onnx 1.12 has no reference evaluator)
on the held-out samples (i % 5 == 4, used neither in pretraining nor in
fine-tuning), prints the accuracy before and after, and fails unless the
fine-tuned model is at least 25 points better and each count is within two
samples of what the device measured in float (this evaluates in float64).
Exit status 77 (a skipped test) when python3 has no torch or onnx.
"""
import argparse
import gzip
import os
import re
import sys

try:
    import numpy as np
    import onnx
    import torch
except ImportError as e:
    print(f"skipped: {e}")
    sys.exit(77)

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "tests", "onnx"))
import onnx_torch  # noqa: E402


def correct(path, x, y):
    model = onnx.load(path)
    with torch.no_grad():
        out = onnx_torch.evaluate(model, torch.from_numpy(x))
    return int((out.argmax(1).numpy() == y).sum())


def main():
    ap = argparse.ArgumentParser()
    for name in ("original", "tuned", "log", "data"):
        ap.add_argument("--" + name, required=True)
    a = ap.parse_args()
    with gzip.open(a.data, "rt") as f:
        rows = np.loadtxt(f, delimiter=",", dtype=np.int64)
    test = np.arange(len(rows)) % 5 == 4
    x = (rows[test, :64].reshape(-1, 1, 8, 8) / 16.0).astype(np.float64)
    y = rows[test, 64]
    n = len(y)
    before, after = correct(a.original, x, y), correct(a.tuned, x, y)
    with open(a.log) as f:
        device = [int(m) for m in re.findall(r"held-out accuracy [0-9.]+% \((\d+)/", f.read())]
    print(f"python (onnx + torch), {n} held-out digits: before {100 * before / n:.2f}% "
          f"({before}/{n}, {a.original}), after {100 * after / n:.2f}% ({after}/{n}, {a.tuned})")
    print(f"the device counted {device[0]}/{n} before, {device[1]}/{n} after")
    ok = True
    if abs(before - device[0]) > 2 or abs(after - device[1]) > 2:
        print("FAILED: python and the device disagree by more than two samples")
        ok = False
    if after < before + 0.25 * n:
        print("FAILED: the fine-tuned model is not 25 points better")
        ok = False
    if ok:
        print("fine-tuned model better by "
              f"{100 * (after - before) / n:.2f} points: ok")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
