"""Writes scikit-learn's UCI handwritten digits (Alpaydin & Kaynak; 1,797 images of 8x8, 0-16) as an MNIST-layout
IDX folder: each image scaled to 20x20 (bilinear) and centred in a 28x28 frame, as MNIST centres its digits; the first
1,500 images are the training split, the other 297 the test split. A small real dataset that no test uses, for the
small-data figures of docs/latent-quality.md.

Usage: /usr/bin/python3 benchmarks/uci_digits_idx.py OUT_DIR
"""
import os
import struct
import sys

import numpy as np
from scipy.ndimage import zoom
from sklearn.datasets import load_digits

TRAIN = 1500


def frame(image8):
    scaled = np.clip(zoom(image8.astype(np.float64), 20 / 8, order=1), 0, 16)
    out = np.zeros((28, 28))
    out[4:24, 4:24] = scaled
    return np.rint(out * 255 / 16).astype(np.uint8)


def write(path, magic, array):
    with open(path, "wb") as f:
        f.write(struct.pack(">I", magic))
        for size in array.shape:
            f.write(struct.pack(">I", size))
        f.write(array.tobytes())


def main(out):
    digits = load_digits()
    images = np.stack([frame(i) for i in digits.images])
    labels = digits.target.astype(np.uint8)
    os.makedirs(out, exist_ok=True)
    for prefix, rows in (("train", slice(0, TRAIN)), ("t10k", slice(TRAIN, None))):
        write(os.path.join(out, f"{prefix}-images-idx3-ubyte"), 0x803, images[rows])
        write(os.path.join(out, f"{prefix}-labels-idx1-ubyte"), 0x801, labels[rows])
    print(f"{out}: {TRAIN} training and {len(labels) - TRAIN} test images")


if __name__ == "__main__":
    main(sys.argv[1])
