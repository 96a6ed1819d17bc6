#!/usr/bin/env python3
"""Turns the benchmark's results into BENCHMARKS.md (medians, ratios, CPU seconds).

Usage: report.py RESULTS_TSV MACHINE_TXT [ORCHESTRATION_TSV [FIRST_RUN_TSV]] > BENCHMARKS.md
results.tsv columns (from run.sh): suite, workload, route, variant, tool, round, seconds,
  objects, bytes, tool_cpu_seconds, temporal_cpu_seconds, servers_cpu_seconds, load_average
orchestration.tsv columns (from orchestration.sh): id, objects, seconds, objects_per_second,
  history_events, runs, peak_heap_after_gc_mib, peak_heap_used_mib (later columns, the
  per-run history and payload peaks, are for bench/scale.sh and not reported here)
first-run.tsv: seconds and CPU seconds of the README's first command on a fresh FERRY_HOME
"""
import os
import collections
import re
import statistics
import sys

SERVERS = {"sp": "S3Proxy", "vg": "versitygw", "az": "Azurite", "gc": "fake-gcs-server"}
SETTINGS = {
    "default": "default",
    "c8": "8 transfers",
    "best": "best",
}
WORKLOADS = {"small": 0, "small2k": 1, "large": 2, "large64": 3, "debian": 4}


class Run:
    def __init__(self, fields):
        (self.suite, self.workload, self.route, self.variant, self.tool, rnd, secs, objects,
         nbytes, tcpu, temporal, scpu, load) = fields
        self.round = int(rnd)
        self.secs = float(secs)
        self.objects = int(objects)
        self.bytes = int(nbytes)
        self.tool_cpu = float(tcpu)
        self.temporal_cpu = float(temporal)
        self.servers_cpu = float(scpu)
        self.load = float(load)


def server(name):
    return SERVERS[name[:2]]


def route_label(route):
    src, dst = route.split(">")
    return f"{server(src)} → {server(dst)}"


def delay(route):
    m = re.search(r"d(\d+)$", route.split(">")[0])
    return int(m.group(1)) if m else None


def med(xs):
    return statistics.median(xs) if xs else None


def fmt(x, digits=2):
    return "–" if x is None else f"{x:.{digits}f}"


class Cell:
    """The runs of one row (suite, workload, route, settings), by tool."""

    def __init__(self, runs):
        self.by_tool = collections.defaultdict(list)
        for r in runs:
            self.by_tool[r.tool].append(r)
        first = runs[0]
        self.objects, self.bytes = first.objects, first.bytes
        self.loads = [r.load for r in runs]

    def secs(self, tool):
        return med([r.secs for r in self.by_tool.get(tool, [])])

    def cpu(self, tool, attr="tool_cpu"):
        return med([getattr(r, attr) for r in self.by_tool.get(tool, [])])

    def ratio(self, tool, base="rclone"):
        a, b = self.secs(base), self.secs(tool)
        return a / b if a and b else None

    def round_ratios(self, tool, base="rclone"):
        """rclone / ferry per round: the spread the noise leaves on the ratio."""
        mine = {r.round: r.secs for r in self.by_tool.get(tool, [])}
        return [b.secs / mine[b.round] for b in self.by_tool.get(base, []) if b.round in mine]

    def spread(self, tool, base="rclone"):
        rs = self.round_ratios(tool, base)
        return f"{min(rs):.2f}–{max(rs):.2f}" if len(rs) > 1 else "–"

    def rounds(self):
        return min(len(v) for v in self.by_tool.values())


def cells(runs, suite):
    groups = collections.defaultdict(list)
    for r in runs:
        if r.suite == suite:
            groups[(r.workload, r.route, r.variant)].append(r)
    order = lambda k: (WORKLOADS.get(k[0], 9), delay(k[1]) or 0, k[1], k[2] != "default")
    return [(k, Cell(groups[k])) for k in sorted(groups, key=order)]


def transfer_table(runs, suite, with_old=False):
    rows = cells(runs, suite)
    if not rows:
        return False
    old = "| rclone 1.60 s | ratio to 1.60 " if with_old else ""
    print(f"| workload | route | settings | objects | MiB | rclone s | ferry s | ratio "
          f"| ratio per round {old}| rclone CPU s | ferry CPU s | + Temporal CPU s "
          f"| servers CPU s, rclone / ferry | load |")
    print("|---|---|---|---:|---:|---:|---:|---:|---:|" + ("---:|---:|" if with_old else "")
          + "---:|---:|---:|---:|---:|")
    for (workload, route, variant), c in rows:
        d = delay(route)
        label = route_label(route) + (f", D = {d} ms" if d is not None else "")
        olds = ""
        if with_old:
            olds = f"| {fmt(c.secs('rclone-1.60'))} | {fmt(c.ratio('ferry', 'rclone-1.60'))} "
        print(f"| {workload} | {label} | {SETTINGS[variant]} | {c.objects} "
              f"| {c.bytes / 2**20:.0f} | {fmt(c.secs('rclone'))} | {fmt(c.secs('ferry'))} "
              f"| **{fmt(c.ratio('ferry'))}** | {c.spread('ferry')} {olds}"
              f"| {fmt(c.cpu('rclone'), 1)} | {fmt(c.cpu('ferry'), 1)} "
              f"| {fmt(c.cpu('ferry', 'temporal_cpu'), 1)} "
              f"| {fmt(c.cpu('rclone', 'servers_cpu'), 1)} / {fmt(c.cpu('ferry', 'servers_cpu'), 1)} "
              f"| {min(c.loads):.1f}–{max(c.loads):.1f} |")
    print(f"\nMeasured rounds per row: {min(c.rounds() for _, c in rows)}.\n")
    return True


def ceiling_table(runs):
    """Each tool's large-object throughput as a share of what the servers allow (ceiling.sh)."""
    rows = [(k, c) for k, c in cells(runs, "s3") if c.by_tool.get("ceiling")]
    if not rows:
        return
    print("## Large objects against the servers' ceiling\n")
    print("The *ceiling* is `bench/ceiling.sh` in the same rounds as the tools: curl reads every")
    print("byte of the source objects as ranged GETs of 16 MiB and writes as many bytes into the")
    print("destination as plain PUTs of 16 MiB, 16 requests in flight each way, no payload hashed")
    print("by the client. A copy's servers do that work and more (completing a multipart upload),")
    print("so no tool can beat it on the route; *share* = ceiling time / tool time.\n")
    print("| workload | route | ceiling s | ceiling MiB/s | rclone s | rclone share | ferry s "
          "| ferry share | ferry share per round | curl CPU s | load |")
    print("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for (workload, route, _), c in rows:
        ceiling = c.secs("ceiling")
        share = lambda tool: f"{ceiling / c.secs(tool):.0%}" if c.secs(tool) else "–"
        per_round = c.round_ratios("ferry", "ceiling")
        spread = f"{min(per_round):.0%}–{max(per_round):.0%}" if len(per_round) > 1 else "–"
        print(f"| {workload} | {route_label(route)} | {fmt(ceiling)} "
              f"| {c.bytes / 2**20 / ceiling:.0f} | {fmt(c.secs('rclone'))} | {share('rclone')} "
              f"| {fmt(c.secs('ferry'))} | **{share('ferry')}** | {spread} "
              f"| {fmt(c.cpu('ceiling'), 1)} | {min(c.loads):.1f}–{max(c.loads):.1f} |")
    print()


def cold_table(runs):
    rows = cells(runs, "cold")
    if not rows:
        return
    warm = {(k[0], k[1]): c for k, c in cells(runs, "s3") if k[2] == "default"}
    print("| workload | route | rclone s | ferry warm s | ferry fresh worker s | ferry embedded s "
          "| ratio warm | ratio fresh worker | ratio embedded | rclone CPU s "
          "| fresh worker CPU s (+ Temporal) | embedded CPU s | load |")
    print("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for (workload, route, _), c in rows:
        w = warm.get((workload, route))
        wsecs = w.secs("ferry") if w else None
        rsecs = c.secs("rclone")
        print(f"| {workload} | {route_label(route)} | {fmt(rsecs)} | {fmt(wsecs)} "
              f"| {fmt(c.secs('ferry-fresh-worker'))} | {fmt(c.secs('ferry-embedded'))} "
              f"| {fmt(w.ratio('ferry') if w else None)} "
              f"| **{fmt(c.ratio('ferry-fresh-worker'))}** | **{fmt(c.ratio('ferry-embedded'))}** "
              f"| {fmt(c.cpu('rclone'), 1)} | {fmt(c.cpu('ferry-fresh-worker'), 1)} "
              f"(+ {fmt(c.cpu('ferry-fresh-worker', 'temporal_cpu'), 1)}) "
              f"| {fmt(c.cpu('ferry-embedded'), 1)} | {min(c.loads):.1f}–{max(c.loads):.1f} |")
    print(f"\nRounds per row: {min(c.rounds() for _, c in rows)}.\n")


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
    for run_id, objects, secs, rate, events, nruns, after, before, *_ in runs:
        print(f"| {run_id} | {int(objects):,} | {float(secs):.1f} | {float(rate):,.0f} | {events} "
              f"| {int(events) * 1000 / int(objects):.1f} | {nruns} | {after} | {before} |")
    median = statistics.median(float(r[3]) for r in runs)
    print(f"\nMedian: {median:,.0f} objects/s.\n")


def main():
    runs = []
    with open(sys.argv[1]) as f:
        runs = [Run(line.rstrip("\n").split("\t")) for line in f if line.strip()]
    machine = open(sys.argv[2]).read().strip()
    print("# Benchmarks\n")
    print(open(sys.argv[0].replace("report.py", "report-intro.md")).read())
    print("Machine of the run below:\n\n```\n" + machine + "\n```\n")
    sections = [
        ("s3", "## S3 → S3, warm worker", True),
        ("debian", "## S3 → S3, a real source tree (git's, from Debian), warm worker", False),
        ("azure", "## S3 → Azure Blob Storage (Azurite), warm worker", False),
        ("gcs", "## S3 → Google Cloud Storage (fake-gcs-server), warm worker", False),
        ("latency", "## Small files through a latency-injecting proxy, warm worker", False),
    ]
    for suite, title, with_old in sections:
        if any(r.suite == suite for r in runs):
            print(title + "\n")
            transfer_table(runs, suite, with_old)
        if suite == "s3":
            ceiling_table(runs)
    if any(r.suite == "cold" for r in runs):
        print("## Cold: a fresh worker's first migration, and a fresh embedded `ferry run`\n")
        print("Every ferry run here is the first of its JVM: a freshly started `./ferry worker` (its")
        print("start-up, until it polls, is not in the time) or `./ferry run --embedded`, which starts")
        print("the Temporal dev server and a worker inside its own process; both start from the")
        print("class-data archive the README's first command recorded. The storage servers are warm")
        print("(one unreported rclone copy per route). rclone starts cold every time; its time")
        print("is from the same rounds. \"ferry warm\" and \"ratio warm\" repeat the S3 → S3 rows at")
        print("default settings for comparison. Default settings throughout.\n")
        cold_table(runs)
    if len(sys.argv) > 4 and os.path.exists(sys.argv[4]):
        secs, cpu = open(sys.argv[4]).read().split()
        print(f"The README's first command (`./ferry run --embedded` of the 7-file sample tree on a "
              f"fresh FERRY_HOME, which also records the class-data archive) took {float(secs):.1f} s "
              f"and {float(cpu):.1f} CPU s in this run.\n")
    if len(sys.argv) > 3:
        orchestration(sys.argv[3])
    print(open(sys.argv[0].replace("report.py", "report-notes.md")).read())


if __name__ == "__main__":
    main()
