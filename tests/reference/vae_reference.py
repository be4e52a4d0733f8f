#!/usr/bin/python3
"""PyTorch reference for Vae.MLNet: a test oracle and the benchmark's peer. Never a runtime dependency.

Builds the model from the same architecture spec text that the native engine parses
(ArchitectureSpec.ToText in src/Vae.MLNet.Models), so parameter names and order match the engine's.

  forward  --spec F --params P --images X --eps E --n N --beta B --loss bce|mse --out O
      P: all parameters as float32, concatenated in named_parameters() order.
      X: [n,1,28,28] float32; E: [n,d] float32 (absent for an AE).
      O: mu [n,d], log_var [n,d] (zeros for an AE), logits [n,1,28,28] as float32, then
         total, reconstruction, kl (batch means, nats per image) as float64.
  train    --spec F --params P --images X --n N --beta B --loss L --optimizer adam|adamax --lr LR
           --steps K --seed S [--clip MAX_NORM] [--free-bits LAMBDA] --out O
      Seeds torch's generator with S, then takes K optimizer steps on the batch X (fresh z noise
      each step, drawn as the engine draws it). O: the parameters after training (float32, as P),
      then the K step losses (batch means of the total) as float64. With --free-bits > 0 the
      objective's KL term is sum_j max(lambda, batch mean of KL_j) (Kingma et al. 2016, eq. 15);
      the losses written are still reconstruction + beta * KL.
  (forward and train also take --names F: 'name shape...' lines, checked against named_parameters())
  bench    --spec F --data DIR --batch 128 --threads T --steps S --warmup W
      Prints 'train_img_per_s <value>' for S Adam steps on real Fashion-MNIST batches.
  blas     --threads T --seconds S
      Prints 'mm_gflops <value>' (torch.mm 2048x2048 float32) and the BLAS library and kernel behind it.
Run with /usr/bin/python3 (Debian's python3-torch).
"""
import argparse
import os
import gzip
import struct
import sys
import time

import numpy as np
import torch
from torch import nn
import torch.nn.functional as F


def parse_spec(text):
    spec = {"variational": True, "latent": 0, "head": 0, "input": (1, 28, 28), "encoder": [], "decoder": []}
    for raw in text.splitlines():
        parts = raw.split("#")[0].split()
        if not parts:
            continue
        key = parts[0]
        if key in ("encoder", "decoder"):
            spec[key].append((parts[1], [float(a) for a in parts[2:]]))
        elif key == "input":
            spec["input"] = tuple(int(a) for a in parts[1:4])
        elif key == "variational":
            spec["variational"] = int(parts[1]) != 0
        else:
            spec[key] = int(parts[1])
    return spec


def layer(op, a):
    i = [int(x) for x in a]
    if op == "linear":
        return nn.Linear(i[0], i[1])
    if op == "conv2d":
        return nn.Conv2d(i[0], i[1], i[2], stride=i[3], padding=i[4])
    if op == "convt2d":
        padding = (i[5], i[6]) if len(i) == 7 else i[5]
        return nn.ConvTranspose2d(i[0], i[1], i[2], stride=i[3], padding=i[4], output_padding=padding)
    if op == "maxpool2d":
        return nn.MaxPool2d(i[0])
    if op == "relu":
        return nn.ReLU()
    if op == "sigmoid":
        return nn.Sigmoid()
    if op == "leakyrelu":
        return nn.LeakyReLU(a[0])
    if op == "flatten":
        return nn.Flatten()
    if op == "unflatten":
        return nn.Unflatten(1, (i[0], i[1], i[2]))
    raise ValueError("unknown layer " + op)


class Vae(nn.Module):
    def __init__(self, spec):
        super().__init__()
        self.variational = spec["variational"]
        self.encoder = nn.Sequential(*[layer(op, a) for op, a in spec["encoder"]])
        self.mu = nn.Linear(spec["head"], spec["latent"])
        if self.variational:
            self.log_var = nn.Linear(spec["head"], spec["latent"])
        self.decoder = nn.Sequential(*[layer(op, a) for op, a in spec["decoder"]])

    def forward(self, x, eps=None):
        h = self.encoder(x)
        mu = self.mu(h)
        log_var = self.log_var(h) if self.variational else torch.zeros_like(mu)
        if self.variational:
            eps = torch.randn_like(mu) if eps is None else eps
            z = mu + torch.exp(0.5 * log_var) * eps
        else:
            z = mu
        return mu, log_var, self.decoder(z)


def loss_terms(x, logits, mu, log_var, loss, variational):
    """Per-image reconstruction (summed over pixels) and KL (Kingma & Welling 2013, Appendix B)."""
    if loss == "bce":
        rec = F.binary_cross_entropy_with_logits(logits, x, reduction="none").flatten(1).sum(1)
    else:
        rec = (torch.sigmoid(logits) - x).square().flatten(1).sum(1)
    if variational:
        kl = -0.5 * (1 + log_var - mu.square() - log_var.exp()).sum(1)
    else:
        kl = torch.zeros_like(rec)
    return rec, kl


def read_f32(path, count=None):
    data = np.fromfile(path, dtype=np.float32)
    if count is not None and data.size != count:
        sys.exit(f"{path}: {data.size} floats, expected {count}")
    return data


def check_names(model, path):
    if not path:
        return
    ours = [f"{n} {' '.join(str(s) for s in p.shape)}" for n, p in model.named_parameters()]
    theirs = [line.strip() for line in open(path) if line.strip()]
    if ours != theirs:
        sys.exit(f"parameter names/shapes differ:\n reference: {ours}\n engine:    {theirs}")


def load_model(args):
    spec = parse_spec(open(args.spec).read())
    model = Vae(spec)
    check_names(model, args.names)
    params = list(model.parameters())
    flat = read_f32(args.params, sum(p.numel() for p in params))
    offset = 0
    with torch.no_grad():
        for p in params:
            p.copy_(torch.from_numpy(flat[offset:offset + p.numel()]).view_as(p))
            offset += p.numel()
    return spec, model


def cmd_train(args):
    spec, model = load_model(args)
    c, h, w = spec["input"]
    x = torch.from_numpy(read_f32(args.images, args.n * c * h * w)).view(args.n, c, h, w)
    make = {"adam": torch.optim.Adam, "adamax": torch.optim.Adamax}[args.optimizer]
    opt = make(model.parameters(), lr=args.lr)
    torch.manual_seed(args.seed)
    model.train()
    losses = []
    for _ in range(args.steps):
        mu, log_var, logits = model(x)
        rec, kl = loss_terms(x, logits, mu, log_var, args.loss, spec["variational"])
        loss = (rec + args.beta * kl).mean()
        objective = loss
        if args.free_bits > 0 and spec["variational"]:
            kl_dim = (-0.5 * (1 + log_var - mu.square() - log_var.exp())).mean(0)
            objective = rec.mean() + args.beta * kl_dim.clamp(min=args.free_bits).sum()
        opt.zero_grad()
        objective.backward()
        if args.clip > 0:
            torch.nn.utils.clip_grad_norm_(model.parameters(), args.clip)
        opt.step()
        losses.append(loss.item())
    with open(args.out, "wb") as out:
        for p in model.parameters():
            out.write(p.detach().numpy().astype(np.float32).tobytes())
        out.write(struct.pack(f"<{len(losses)}d", *losses))


def cmd_forward(args):
    spec, model = load_model(args)
    n, d = args.n, spec["latent"]
    c, h, w = spec["input"]
    x = torch.from_numpy(read_f32(args.images, n * c * h * w)).view(n, c, h, w)
    eps = torch.from_numpy(read_f32(args.eps, n * d)).view(n, d) if spec["variational"] else None
    model.eval()
    with torch.no_grad():
        mu, log_var, logits = model(x, eps)
        rec, kl = loss_terms(x, logits, mu, log_var, args.loss, spec["variational"])
    r, k = rec.double().mean().item(), kl.double().mean().item()
    with open(args.out, "wb") as out:
        for t in (mu, log_var, logits):
            out.write(t.numpy().astype(np.float32).tobytes())
        out.write(struct.pack("<3d", r + args.beta * k, r, k))


def load_images(directory, count, shape=(1, 28, 28)):
    c, h, w = shape
    with gzip.open(f"{directory}/train-images-idx3-ubyte.gz", "rb") as f:
        f.read(16)
        raw = np.frombuffer(f.read(min(count * c, 60000) * 784), dtype=np.uint8)
    # A fast run at a small shape can want more planes than the 60,000 training images: they repeat, as on the C# side.
    raw = np.resize(raw, count * c * 784)
    images = torch.from_numpy(raw.astype(np.float32) / 255.0).view(count, c, 28, 28)
    if (h, w) == (28, 28):
        return images
    # Each channel one real image resized by nearest neighbour, as the C# side of the benchmark makes them.
    rows = torch.arange(h) * 28 // h
    cols = torch.arange(w) * 28 // w
    return images[:, :, rows][:, :, :, cols].contiguous()


def cmd_bench(args):
    torch.set_num_threads(args.threads)
    torch.manual_seed(0)
    spec = parse_spec(open(args.spec).read())
    model = Vae(spec)
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    images = load_images(args.data, args.batch * (args.steps + args.warmup), spec["input"])
    model.train()

    def step(i):
        x = images[i * args.batch:(i + 1) * args.batch]
        mu, log_var, logits = model(x)
        rec, kl = loss_terms(x, logits, mu, log_var, "bce", model.variational)
        loss = (rec + kl).mean()
        opt.zero_grad()
        loss.backward()
        opt.step()
        return loss.item()

    for i in range(args.warmup):
        step(i)
    start = time.perf_counter()
    for i in range(args.warmup, args.warmup + args.steps):
        step(i)
    elapsed = time.perf_counter() - start
    print(f"train_img_per_s {args.batch * args.steps / elapsed:.1f}")


def cmd_blas(args):
    """The peer's own BLAS: torch.mm on 2048x2048 float32 (GFLOP/s), and which library and kernel serve it."""
    torch.set_num_threads(args.threads)
    a, b = torch.randn(2048, 2048), torch.randn(2048, 2048)
    for _ in range(2):
        torch.mm(a, b)
    n, start = 0, time.perf_counter()
    while time.perf_counter() - start < args.seconds:
        torch.mm(a, b)
        n += 1
    print(f"mm_gflops {2 * 2048 ** 3 * n / (time.perf_counter() - start) / 1e9:.1f}")
    library = os.path.realpath("/usr/lib/x86_64-linux-gnu/libblas.so.3")
    print(f"blas_library {library}")
    try:
        import ctypes
        openblas = ctypes.CDLL("libopenblas.so.0")
        openblas.openblas_get_corename.restype = ctypes.c_char_p
        print(f"blas_core {openblas.openblas_get_corename().decode()}")
    except OSError:
        print("blas_core none")


def main():
    parser = argparse.ArgumentParser()
    sub = parser.add_subparsers(dest="command", required=True)
    f = sub.add_parser("forward")
    t = sub.add_parser("train")
    for p in (f, t):
        for name in ("--spec", "--params", "--images", "--eps", "--out", "--names"):
            p.add_argument(name)
        p.add_argument("--n", type=int, required=True)
        p.add_argument("--beta", type=float, default=1.0)
        p.add_argument("--loss", choices=("bce", "mse"), default="bce")
    t.add_argument("--optimizer", choices=("adam", "adamax"), default="adam")
    t.add_argument("--lr", type=float, default=1e-3)
    t.add_argument("--steps", type=int, default=3)
    t.add_argument("--seed", type=int, default=0)
    t.add_argument("--clip", type=float, default=0.0)
    t.add_argument("--free-bits", type=float, default=0.0)
    b = sub.add_parser("bench")
    b.add_argument("--spec", required=True)
    b.add_argument("--data", default="/usr/share/datasets/fashion-mnist")
    b.add_argument("--batch", type=int, default=128)
    b.add_argument("--threads", type=int, default=2)
    b.add_argument("--steps", type=int, default=50)
    b.add_argument("--warmup", type=int, default=5)
    m = sub.add_parser("blas")
    m.add_argument("--threads", type=int, default=2)
    m.add_argument("--seconds", type=float, default=3.0)
    args = parser.parse_args()
    torch.set_num_threads(2)
    {"forward": cmd_forward, "train": cmd_train, "bench": cmd_bench, "blas": cmd_blas}[args.command](args)


if __name__ == "__main__":
    main()
