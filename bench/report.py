#!/usr/bin/env python3
"""Turns the benchmark's results into BENCHMARKS.md (medians and ratios).

Usage: report.py RESULTS_TSV MACHINE_TXT [ORCHESTRATION_TSV] > BENCHMARKS.md
results.tsv columns: workload, route, tool, round, seconds, objects, bytes, tool_cpu_seconds,
  s3_servers_cpu_seconds
orchestration.tsv columns (from orchestration.sh): id, objects, seconds, objects_per_second,
  history_events, runs, peak_heap_after_gc_mib, peak_heap_used_mib
"""
import collections
import statistics
import sys

ORDER = {"small": 0, "large": 1, "debian": 2}


def rate(per_second):
    return f"{per_second:.0f}" if per_second >= 10 else f"{per_second:.2f}"


def transfers(path):
    rows = collections.defaultdict(list)
    cpu = collections.defaultdict(list)
    sizes = {}
    with open(path) as f:
        for line in f:
            if not line.strip():
                continue
            workload, route, tool, _round, secs, objects, nbytes, tcpu, scpu = (
                line.rstrip("\n").split("\t"))
            rows[(workload, route, tool)].append(float(secs))
            cpu[(workload, route, tool)].append((float(tcpu), float(scpu)))
            sizes[(workload, route)] = (int(objects), int(nbytes))
    if not sizes:
        return
    print("## Transfers: ferry against rclone\n")
    print("Both tools against the same two S3Proxy servers on loopback, the same data and 8")
    print("concurrent transfers, runs alternated (the first tool of a round changes every round);")
    print("medians of the rounds. The ratio is rclone time / ferry time: above 1 ferry is faster.")
    print("Each run's destination was checked to hold exactly the source's objects and bytes.\n")
    print("| workload | route | objects | MiB | rclone s | ferry s | rclone obj/s | ferry obj/s "
          "| rclone MB/s | ferry MB/s | ratio |")
    print("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for workload, route in sorted(sizes, key=lambda k: (ORDER.get(k[0], 9), k)):
        objects, nbytes = sizes[(workload, route)]
        r = statistics.median(rows[(workload, route, "rclone")])
        fe = statistics.median(rows[(workload, route, "ferry")])
        print(
            f"| {workload} | {route} | {objects} | {nbytes / 2**20:.1f} | {r:.2f} | {fe:.2f} "
            f"| {rate(objects / r)} | {rate(objects / fe)} | {nbytes / 1e6 / r:.1f} "
            f"| {nbytes / 1e6 / fe:.1f} | **{r / fe:.2f}** |"
        )
    rounds = {k: len(v) for k, v in rows.items()}
    print(f"\nRounds per cell: {min(rounds.values())}.\n")
    print("CPU seconds per run (medians): the tool's own (for ferry its client and its worker's")
    print("share) and both S3Proxy servers'.\n")
    print("| workload | route | rclone CPU s | ferry CPU s | S3 servers CPU s under rclone "
          "| S3 servers CPU s under ferry |")
    print("|---|---|---:|---:|---:|---:|")
    for workload, route in sorted(sizes, key=lambda k: (ORDER.get(k[0], 9), k)):
        r = cpu[(workload, route, "rclone")]
        fe = cpu[(workload, route, "ferry")]
        med = lambda xs, i: statistics.median(x[i] for x in xs)
        print(f"| {workload} | {route} | {med(r, 0):.1f} | {med(fe, 0):.1f} | {med(r, 1):.1f} "
              f"| {med(fe, 1):.1f} |")
    print()


def orchestration(path):
    runs = []
    with open(path) as f:
        for line in f:
            if line.strip():
                runs.append(line.rstrip("\n").split("\t"))
    if not runs:
        return
    print("## Orchestration: synthetic source into a discarding sink\n")
    print("`ferry run --from synthetic: --to discard: --verify none --concurrency 64` on the dev")
    print("server: the objects are generated and dropped by the worker, so this measures listing,")
    print("ranges, activities and history, not storage. Seconds run from the workflow's start to")
    print("its completion; history events are summed over every continue-as-new run. The worker")
    print("heap comes from its `-Xlog:gc` during the run: the peak live heap after a collection,")
    print("and the peak occupancy before one (which grows with -Xmx: the worker runs with -Xmx1g).\n")
    print("| run | objects | seconds | objects/s | history events | events per 1,000 objects "
          "| runs | heap after GC, peak MiB | heap before GC, peak MiB |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for run_id, objects, secs, rate, events, nruns, after, before in runs:
        print(f"| {run_id} | {int(objects):,} | {float(secs):.1f} | {float(rate):,.0f} | {events} "
              f"| {int(events) * 1000 / int(objects):.1f} | {nruns} | {after} | {before} |")
    median = statistics.median(float(r[3]) for r in runs)
    print(f"\nMedian: {median:,.0f} objects/s.\n")


NOTES = """## Reading the numbers

- The machine has 2 cores shared with other work, so a run is mostly CPU-bound: the CPU table
  says where the time went. Ferry's CPU is its client (`./ferry run`, started from its class-data
  archive) plus the worker's share. Before the rounds of each workload and route, four unreported
  rounds warm the JITs of the worker and of both S3 servers for its code paths, as a long-lived
  worker is warm in use (measured: large S3 -> S3 took ferry 16 s cold, 8.5 s from the third run;
  small filesystem -> S3 15.9 s on its first run, 8.9 s on the second, 4.3 s from the fourth;
  with two warm-up rounds the measured ferry rounds of that row still fell, 9.7, 8.4 and 7.7 s).
  `./ferry run` itself starts cold every time.
- Listing: S3Proxy's filesystem store reads every file under a LIST request's prefix, extended
  attributes included, before it cuts the page, so each page of a flat listing walks the whole
  bucket again. Listing the 10,000-object bucket costs it about 3 CPU s flat (10 requests) and
  0.35 CPU s walked per directory (101 requests), measured with `rclone lsf -R` with and without
  ListR. Both tools walk per directory here: rclone by default (no `--fast-list`), ferry through
  `listing: directories` in the profiles of both servers. Ferry's ListRanges hands back the ranges
  it has cut after half a second, so copies start at once; its first and its last ranges are
  spread over every slot, so that no slot finishes long after the others; each range's copy
  takes the objects ListRanges listed instead of listing again.
- Where the small S3 -> S3 time goes: both S3 servers, the tool, and for ferry its client and
  the Temporal dev server share 2 cores and keep them nearly busy, so a row moves only with the
  CPU it costs. Measured beside these runs on warm processes: ferry's run cost about 9.5 CPU s
  (the servers 5.2-5.9, its worker 2.9, its client 0.8, the dev server about 0.6), rclone's
  about 13.5 (the servers 7.4-8.8, rclone itself 5.7-6.8). The worker makes each GET and single
  PUT as a blocking call on the transfer's own thread; through the MinIO client's dispatcher
  threads it cost 4.0 CPU s.
- Verify of a COPY into S3 lists nothing and no VerifyRange runs: every PUT carried Content-MD5
  and every part a CRC32C, which the server checked on arrival. Copy does not list a destination
  preflight found empty (on a range's first attempt). So under ferry the destination server sees
  PUTs alone, and the source server one listing and the GETs.
- The same store drops entries from a listing of a directory that is being written into; ferry's
  verify therefore stats a key the destination listing missed before calling it missing.
- The orchestration benchmark uses `--verify none`: a discarding sink keeps nothing to verify.
"""


def main():
    machine = open(sys.argv[2]).read().strip()
    print("# Benchmarks\n")
    print("Made by `bench/run.sh` on one machine. The machines are shared and noisy: compare")
    print("the ratios, not the absolute figures.\n")
    print("Machine:\n\n```\n" + machine + "\n```\n")
    transfers(sys.argv[1])
    if len(sys.argv) > 3:
        orchestration(sys.argv[3])
    print(NOTES)


if __name__ == "__main__":
    main()
