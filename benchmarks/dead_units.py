#!/usr/bin/python3
"""Counts dead ReLU units in a run folder's encoder (docs/latent-quality.md).

  /usr/bin/python3 benchmarks/dead_units.py RUN_DIR [DATA_DIR]

Reads the weights of RUN_DIR/encoder.onnx (python3-onnx) and runs the encoder's first layers in
PyTorch (python3-torch) over the test images of DATA_DIR (default: Debian's Fashion-MNIST). A unit is
dead when its pre-activation is never positive: a ReLU then passes no gradient and never recovers.
Works for encoders of the form conv2d, activation, conv2d, activation, flatten[, linear, activation]
(the conv preset and its ReLU variants; a leaky unit has a gradient whatever its sign, so it cannot
die). Test and benchmark tool only; never a runtime dependency.
"""
import gzip
import sys

import numpy as np
import onnx
import torch
import torch.nn.functional as F
from onnx import numpy_helper

run = sys.argv[1]
data = sys.argv[2] if len(sys.argv) > 2 else "/usr/share/datasets/fashion-mnist"
w = {i.name: torch.from_numpy(numpy_helper.to_array(i).copy()) for i in onnx.load(f"{run}/encoder.onnx").graph.initializer}
with gzip.open(f"{data}/t10k-images-idx3-ubyte.gz") as f:
    x = torch.from_numpy(np.frombuffer(f.read()[16:], np.uint8).astype(np.float32) / 255).view(-1, 1, 28, 28)


def dead_channels(pre):
    return int(((pre > 0).flatten(2).any(2).any(0) == 0).sum())


with torch.no_grad():
    c1 = F.conv2d(x, w["encoder.0.weight"], w["encoder.0.bias"], stride=2, padding=1)
    c2 = F.conv2d(F.relu(c1), w["encoder.2.weight"], w["encoder.2.bias"], stride=2, padding=1)
    print(f"conv 1: {dead_channels(c1)} of {c1.shape[1]} channels dead; conv 2: {dead_channels(c2)} of {c2.shape[1]}")
    if "encoder.5.weight" in w:
        dense = F.relu(c2).flatten(1) @ w["encoder.5.weight"].T + w["encoder.5.bias"]
        print(f"dense layer: {int(((dense > 0).any(0) == 0).sum())} of {dense.shape[1]} units dead")
