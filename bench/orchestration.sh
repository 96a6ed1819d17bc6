#!/usr/bin/env bash
# The orchestration benchmark, one round: a synthetic source into a discarding sink through a
# running ferry worker, so only listing, ranges, activities and history are measured.
# Prints one TSV line: id, objects, seconds, objects/s, history events (all runs), runs,
# worker peak heap after GC (MiB), worker peak heap used (MiB).
# Usage: bench/orchestration.sh JAR CONFIG TEMPORAL_ADDRESS WORKER_GC_LOG ID
# Called by bench/run.sh, which starts the dev server and the worker (with -Xlog:gc into the log).
set -euo pipefail
jar=$1 config=$2 address=$3 gc_log=$4 id=$5
concurrency=${FERRY_BENCH_ORCHESTRATION_CONCURRENCY:-64}
work=$(dirname "$config")

gc_from=$(wc -l < "$gc_log")
java -jar "$jar" run --config "$config" --from synthetic: --to discard: --verify none \
  --concurrency "$concurrency" --id "$id" --json > "$work/$id.json" 2> "$work/$id.log" \
  || { echo "orchestration $id failed: see $work/$id.log" >&2; exit 1; }

# Every run of the chain (each continue-as-new starts one) with its history length.
temporal workflow list --address "$address" --query "WorkflowId='$id'" --output json \
  > "$work/$id-runs.json"

python3 - "$work/$id.json" "$work/$id-runs.json" "$gc_log" "$gc_from" "$id" <<'PY'
import datetime
import json
import re
import sys

progress_file, runs_file, gc_log, gc_from, run_id = sys.argv[1:]
p = json.load(open(progress_file))
if p["state"] != "COMPLETED" or p["objectsFailed"]:
    sys.exit(f"orchestration {run_id}: ended {p['state']} with {p['objectsFailed']} failed")
objects = p["objectsCopied"] + p["objectsSkipped"]
when = lambda s: datetime.datetime.fromisoformat(s.replace("Z", "+00:00"))
seconds = (when(p["updatedAt"]) - when(p["startedAt"])).total_seconds()

text = open(runs_file).read().strip()
runs = json.loads(text) if text.startswith("[") else [json.loads(l) for l in text.splitlines() if l]
events = sum(int(r.get("historyLength", 0)) for r in runs)

# G1 lines such as "[12.3s][info][gc] GC(7) Pause Young (Normal) (G1 Evacuation Pause) 301M->42M(512M) 3.1ms"
after = before = 0
for line in open(gc_log).read().splitlines()[int(gc_from):]:
    m = re.search(r"(\d+)M->(\d+)M\(\d+M\)", line)
    if m:
        before = max(before, int(m.group(1)))
        after = max(after, int(m.group(2)))
print(f"{run_id}\t{objects}\t{seconds:.1f}\t{objects / seconds:.0f}\t{events}\t{len(runs)}\t{after}\t{before}")
PY
