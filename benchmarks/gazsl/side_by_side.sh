#!/usr/bin/env bash
# One GAZSL outer iteration at the original's CUB-easy shapes, the original code (gazsl_peer.py) then ours
# (zsl-attngan gazsl bench), straight after each other on the same machine, same thread count.
#   ZSLGAN_DIR=<checkout of EthanZhu90/ZSL_GAN> CLI=<built zsl-attngan.dll> [THREADS=2] [ITERATIONS=3] ./side_by_side.sh
# Needs Debian's python3-torch and libopenblas0-pthread (without an optimised BLAS, torch falls back to a reference
# GEMM about 50 times slower, and the comparison says nothing).
set -euo pipefail
: "${ZSLGAN_DIR:?set ZSLGAN_DIR to a checkout of EthanZhu90/ZSL_GAN}"
: "${CLI:?set CLI to the built zsl-attngan.dll}"
THREADS=${THREADS:-2}
ITERATIONS=${ITERATIONS:-3}
here=$(dirname "$0")
echo "machine: $(lscpu | sed -n 's/^Model name: *//p'), $(nproc) cores, load $(cut -d' ' -f1 /proc/loadavg)"
/usr/bin/python3 "$here/gazsl_peer.py" --zslgan "$ZSLGAN_DIR" --iterations "$ITERATIONS" --threads "$THREADS"
# Ours twice: on the system's OpenBLAS (the same BLAS as the Python side; the gazsl commands' default when it is
# installed) and on libtorch's bundled oneMKL.
OMP_NUM_THREADS=$THREADS ZSLATTNGAN_BLAS=openblas dotnet "$CLI" gazsl bench --iterations "$ITERATIONS"
OMP_NUM_THREADS=$THREADS ZSLATTNGAN_BLAS=bundled dotnet "$CLI" gazsl bench --iterations "$ITERATIONS"
