#!/usr/bin/env python3
"""Writes a benchmark workload as files: `small` (many 1-16 KiB objects) or `large` (few big ones).

Content is seeded pseudo-random bytes, so runs are repeatable and nothing compresses.
Usage: gen_data.py small|large DIR
"""
import os
import random
import sys

SMALL_COUNT = 10_000
LARGE_COUNT = 4
LARGE_SIZE = 256 * 1024 * 1024


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
    if kind == "small":
        for i in range(SMALL_COUNT):
            size = rng.randint(1024, 16 * 1024)
            write(os.path.join(root, f"d{i % 100:02d}", f"obj-{i:05d}.bin"), size, rng)
    elif kind == "large":
        for i in range(LARGE_COUNT):
            write(os.path.join(root, f"big-{i}.bin"), LARGE_SIZE, rng)
    else:
        sys.exit(f"unknown workload {kind!r}: use small or large")


if __name__ == "__main__":
    main()
