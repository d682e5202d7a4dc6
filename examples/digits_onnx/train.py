"""train.py: the pretrained model of examples/digits_onnx, made in PyTorch.

A small CNN (two 3x3 convolutions with ReLU and 2x2 max pooling, a dense
head over the ten classes) trained on PART of the 8x8 digits of
examples/digits (UCI optdigits, CC BY 4.0, ../digits/data/README.md): only
the samples i with i % 5 in {0, 1} and only the digits 0 to 5. It has never
seen a 6, 7, 8 or 9, nor any sample with i % 5 in {2, 3} (the device
fine-tunes on those, train.c) or i % 5 == 4 (held out from both).

Exported with torch.onnx.export to digits_onnx.onnx, which is checked in;
run again only to change the model (deterministic: fixed seed, one thread,
full-batch order from a seeded generator):

    /usr/bin/python3 examples/digits_onnx/train.py
"""
import gzip
import io
import os

import numpy as np
import torch
from torch import nn

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, "..", "digits", "data", "digits.csv.gz")


def load_digits():
    """All 1797 samples: pixels scaled to [0, 1] as (N, 1, 8, 8), labels."""
    with gzip.open(DATA, "rt") as f:
        rows = np.loadtxt(f, delimiter=",", dtype=np.int64)
    return (rows[:, :64].reshape(-1, 1, 8, 8) / 16.0).astype(np.float32), rows[:, 64]


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 8, 3, padding=1)
        self.conv2 = nn.Conv2d(8, 16, 3, padding=1)
        self.fc = nn.Linear(64, 10)

    def forward(self, x):
        x = torch.max_pool2d(torch.relu(self.conv1(x)), 2)
        x = torch.max_pool2d(torch.relu(self.conv2(x)), 2)
        return self.fc(torch.flatten(x, 1))


def main():
    torch.manual_seed(1)
    torch.set_num_threads(1)
    torch.use_deterministic_algorithms(True)
    x, y = load_digits()
    idx = np.arange(len(y))
    pick = (idx % 5 <= 1) & (y <= 5)
    xs, ys = torch.from_numpy(x[pick]), torch.from_numpy(y[pick])
    net = Net()
    opt = torch.optim.Adam(net.parameters(), lr=0.003)
    gen = torch.Generator().manual_seed(2)
    for epoch in range(30):
        order = torch.randperm(len(ys), generator=gen)
        total = 0.0
        for b in range(0, len(ys), 16):
            sel = order[b:b + 16]
            opt.zero_grad()
            loss = nn.functional.cross_entropy(net(xs[sel]), ys[sel])
            loss.backward()
            opt.step()
            total += float(loss) * len(sel)
        print(f"epoch {epoch + 1}: mean loss {total / len(ys):.4f}")
    net.eval()
    test = idx % 5 == 4
    with torch.no_grad():
        pred = net(torch.from_numpy(x[test])).argmax(1).numpy()
    seen = y[test] <= 5
    print(f"pretrained on {len(ys)} samples of the digits 0-5; held-out accuracy "
          f"{100 * np.mean(pred[seen] == y[test][seen]):.2f}% on 0-5, "
          f"{100 * np.mean(pred == y[test]):.2f}% on all ten")
    buf = io.BytesIO()
    torch.onnx.export(net, torch.zeros(1, 1, 8, 8), buf, input_names=["x"],
                      output_names=["y"], opset_version=13, do_constant_folding=True)
    with open(os.path.join(HERE, "digits_onnx.onnx"), "wb") as f:
        f.write(buf.getvalue())
    print(f"wrote digits_onnx.onnx ({len(buf.getvalue())} bytes)")


if __name__ == "__main__":
    main()
