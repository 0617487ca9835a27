"""Times one GAZSL outer iteration of the ORIGINAL code (EthanZhu90/ZSL_GAN, train_CUB.py) on random data of the
CUB-easy shapes, to set beside `zsl-attngan gazsl bench` on the same machine.

The nets come from the original models.py (imported from --zslgan, a checkout of the repository; nothing is copied
here). train_CUB.py parses its arguments and builds its dataset at import, so its loop body cannot be imported: the
body below restates it step by step (5 critic steps with the gradient penalty, 1 generator step with the per-class
centroid loop and the regularisers, Adam (0.5, 0.9), reset_grad on both nets), the data layer's numpy gather of the
class texts included. CPU only (the original's .cuda() calls are what is left out).

Usage: /usr/bin/python3 gazsl_peer.py --zslgan ZSL_GAN_DIR [--iterations 3] [--threads 2]
"""
import argparse
import resource
import statistics
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F
from torch import autograd, optim

parser = argparse.ArgumentParser()
parser.add_argument("--zslgan", required=True, help="checkout of EthanZhu90/ZSL_GAN (for models.py)")
parser.add_argument("--iterations", type=int, default=3, help="timed outer iterations after one warm-up")
parser.add_argument("--threads", type=int, default=0, help="torch threads (0: torch's default)")
parser.add_argument("--text", type=int, default=7551)
parser.add_argument("--features", type=int, default=3584)
parser.add_argument("--classes", type=int, default=150)
parser.add_argument("--batch", type=int, default=1000)
parser.add_argument("--rows", type=int, default=8855, help="training rows (CUB easy: 8855)")
args = parser.parse_args()
sys.path.insert(0, args.zslgan)
from models import _netG, _netD, _param  # noqa: E402  (the original modules)

if args.threads > 0:
    torch.set_num_threads(args.threads)
torch.manual_seed(0)
rng = np.random.default_rng(0)
param = _param()
GP_LAMBDA, CENT_LAMBDA, REG_W_LAMBDA, REG_Wz_LAMBDA = 10, 1, 0.001, 0.0001

feat = rng.standard_normal((args.rows, args.features)).astype("float32")
labels_all = rng.integers(0, args.classes, args.rows)
text = rng.random((args.classes, args.text)).astype("float32")
centroid = torch.from_numpy(rng.standard_normal((args.classes, args.features)).astype("float32"))

netG, netD = _netG(args.text, args.features), _netD(args.classes, args.features)
optD = optim.Adam(netD.parameters(), lr=1e-4, betas=(0.5, 0.9))
optG = optim.Adam(netG.parameters(), lr=1e-4, betas=(0.5, 0.9))


def reset_grad():
    netG.zero_grad()
    netD.zero_grad()


def batch():
    idx = rng.integers(0, args.rows, args.batch)
    labels = labels_all[idx]
    text_feat = np.array([text[i, :] for i in labels])  # the original's data-layer gather
    return torch.from_numpy(feat[idx]), torch.from_numpy(labels.astype("int64")), torch.from_numpy(text_feat)


def gradient_penalty(real, fake):
    alpha = torch.rand(args.batch, 1).expand(real.size())
    interpolates = (alpha * real + (1 - alpha) * fake).requires_grad_(True)
    d, _ = netD(interpolates)
    g = autograd.grad(outputs=d, inputs=interpolates, grad_outputs=torch.ones(d.size()),
                      create_graph=True, retain_graph=True, only_inputs=True)[0]
    return ((g.norm(2, dim=1) - 1) ** 2).mean() * GP_LAMBDA


def iteration():
    for _ in range(5):
        X, y, t = batch()
        z = torch.randn(args.batch, param.z_dim)
        D_real, C_real = netD(X)
        (-torch.mean(D_real) + F.cross_entropy(C_real, y)).backward()
        G_sample = netG(z, t).detach()
        D_fake, C_fake = netD(G_sample)
        (torch.mean(D_fake) + F.cross_entropy(C_fake, y)).backward()
        gradient_penalty(X.data, G_sample.data).backward()
        optD.step()
        reset_grad()
    X, y, t = batch()
    z = torch.randn(args.batch, param.z_dim)
    G_sample = netG(z, t)
    D_fake, C_fake = netD(G_sample)
    _, C_real = netD(X)
    GC_loss = -torch.mean(D_fake) + (F.cross_entropy(C_real, y) + F.cross_entropy(C_fake, y)) / 2
    euclidean = torch.zeros(1)
    for i in range(args.classes):
        sample_idx = (y == i).data.nonzero().squeeze()
        if sample_idx.numel() == 0:
            euclidean += 0.0
        else:
            euclidean += (G_sample[sample_idx, :].mean(dim=0) - centroid[i]).pow(2).sum().sqrt()
    euclidean *= 1.0 / args.classes * CENT_LAMBDA
    reg = torch.zeros(1)
    for name, p in netG.named_parameters():
        if "weight" in name:
            reg += p.pow(2).sum()
    reg.mul_(REG_W_LAMBDA)
    reg_wz = netG.rdc_text.weight.pow(2).sum(dim=0).sqrt().sum().mul(REG_Wz_LAMBDA)
    (GC_loss + euclidean + reg + reg_wz).backward()
    optG.step()
    reset_grad()


a, b = torch.randn(args.batch, args.features), torch.randn(args.features, 4096)
a @ b
start = time.perf_counter()
for _ in range(5):
    a @ b
gflops = 2.0 * args.batch * args.features * 4096 * 5 / (time.perf_counter() - start) / 1e9

iteration()  # warm-up
times = []
for _ in range(args.iterations):
    start = time.perf_counter()
    iteration()
    times.append(time.perf_counter() - start)
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1e6
print(f"python gazsl iteration: median {statistics.median(times):.3f} s, min {min(times):.3f} s, max {max(times):.3f} s "
      f"({args.iterations} timed, torch {torch.__version__}, {torch.get_num_threads()} threads, peak RSS {peak:.2f} GB; critic-layer matmul {gflops:.0f} GFLOP/s)")
