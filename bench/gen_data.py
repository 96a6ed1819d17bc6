#!/usr/bin/env python3
"""Writes a benchmark workload as files: `small` (10,000 objects of 1-16 KiB), `small2k` (the
first 2,000 of them), `large` (4 big ones, FERRY_BENCH_LARGE_MIB MiB each, default 256) or
`large64` (4 of 64 MiB).

Content is seeded pseudo-random bytes, so runs are repeatable and nothing compresses.
Usage: gen_data.py small|small2k|large|large64 DIR
"""
import os
import random
import sys

SMALL_COUNT = 10_000
LARGE_COUNT = 4
LARGE_SIZE = int(os.environ.get("FERRY_BENCH_LARGE_MIB", "256")) * 1024 * 1024


def write(path, size, rng):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as out:
        left = size
        block = rng.randbytes(1 << 20)
        while left > 0:
            n = min(left, len(block))
            out.write(block[:n])
            left -= n
            block = block[1:] + block[:1]


def main():
    kind, root = sys.argv[1], sys.argv[2]
    rng = random.Random(42)
    if kind in ("small", "small2k"):
        for i in range(SMALL_COUNT if kind == "small" else 2_000):
            size = rng.randint(1024, 16 * 1024)
            write(os.path.join(root, f"d{i % 100:02d}", f"obj-{i:05d}.bin"), size, rng)
    elif kind in ("large", "large64"):
        for i in range(LARGE_COUNT):
            size = LARGE_SIZE if kind == "large" else 64 * 1024 * 1024
            write(os.path.join(root, f"big-{i}.bin"), size, rng)
    else:
        sys.exit(f"unknown workload {kind!r}: use small, small2k, large or large64")


if __name__ == "__main__":
    main()
