#!/usr/bin/env python3
"""Turns the benchmark's results.tsv into the tables of BENCHMARKS.md (medians and ratios).

Usage: report.py RESULTS_TSV MACHINE_TXT > BENCHMARKS.md
results.tsv columns: workload, route, tool, round, seconds, objects, bytes
"""
import collections
import statistics
import sys


def main():
    rows = collections.defaultdict(list)
    sizes = {}
    with open(sys.argv[1]) as f:
        for line in f:
            workload, route, tool, _round, secs, objects, nbytes = line.split("\t")
            rows[(workload, route, tool)].append(float(secs))
            sizes[(workload, route)] = (int(objects), int(nbytes))
    machine = open(sys.argv[2]).read().strip()
    print("# Benchmarks: ferry against rclone\n")
    print("Made by `bench/run.sh` on one machine, both tools against the same two S3Proxy servers")
    print("on loopback, the same data and 8 concurrent transfers, runs alternated; medians of the")
    print("rounds. The machines are shared and noisy: compare the ratio (rclone time / ferry time,")
    print("above 1 means ferry is faster), not the absolute figures.\n")
    print("Machine:\n\n```\n" + machine + "\n```\n")
    print("| workload | route | objects | MiB | rclone s | ferry s | ferry obj/s | ferry MB/s | ratio |")
    print("|---|---|---:|---:|---:|---:|---:|---:|---:|")
    for workload, route in sorted(sizes):
        objects, nbytes = sizes[(workload, route)]
        r = statistics.median(rows[(workload, route, "rclone")])
        fe = statistics.median(rows[(workload, route, "ferry")])
        print(
            f"| {workload} | {route} | {objects} | {nbytes / 2**20:.1f} | {r:.2f} | {fe:.2f} "
            f"| {objects / fe:.0f} | {nbytes / 1e6 / fe:.1f} | **{r / fe:.2f}** |"
        )
    rounds = {k: len(v) for k, v in rows.items()}
    print(f"\nRounds per cell: {min(rounds.values())}.")


if __name__ == "__main__":
    main()
