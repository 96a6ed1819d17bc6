#!/usr/bin/env bash
# The orchestration benchmark, one round: a synthetic source into a discarding sink through a
# running ferry worker, so only listing, ranges, activities and history are measured.
# Prints one TSV line: id, objects, seconds, objects/s, history events (all runs), runs,
# worker peak heap after GC (MiB), worker peak heap used (MiB), most history events of one run,
# largest single payload in any run's history (bytes), largest sum of payloads of one event (bytes).
# Usage: bench/orchestration.sh JAR CONFIG TEMPORAL_ADDRESS WORKER_GC_LOG ID [SOURCE [EXPECTED]]
#   SOURCE: the synthetic profile to copy from (synthetic); EXPECTED: the object count the run
#   must report, or it fails.
# Called by bench/run.sh and bench/scale.sh, which start the dev server and the worker (with
# -Xlog:gc into the log).
set -euo pipefail
{ # Parsed whole before it runs: a 10^8 round takes an hour, and editing this file must not upset it.
jar=$1 config=$2 address=$3 gc_log=$4 id=$5 source=${6:-synthetic} expected=${7:-}
concurrency=${FERRY_BENCH_ORCHESTRATION_CONCURRENCY:-64}
work=$(dirname "$config")

gc_from=$(wc -l < "$gc_log")
java -jar "$jar" run --config "$config" --from "$source:" --to discard: --verify none \
  --concurrency "$concurrency" --id "$id" --json > "$work/$id.json" 2> "$work/$id.log" \
  || { echo "orchestration $id failed: see $work/$id.log" >&2; exit 1; }

# Every run of the chain (each continue-as-new starts one) with its history length.
temporal workflow list --address "$address" --query "WorkflowId='$id'" --output json \
  > "$work/$id-runs.json"

python3 - "$work/$id.json" "$work/$id-runs.json" "$gc_log" "$gc_from" "$id" "$expected" \
  "$address" <<'PY'
import base64
import datetime
import json
import re
import subprocess
import sys

progress_file, runs_file, gc_log, gc_from, run_id, expected, address = sys.argv[1:]
p = json.load(open(progress_file))
if p["state"] != "COMPLETED" or p["objectsFailed"]:
    sys.exit(f"orchestration {run_id}: ended {p['state']} with {p['objectsFailed']} failed")
objects = p["objectsCopied"] + p["objectsSkipped"]
if expected and objects != int(expected):
    sys.exit(f"orchestration {run_id}: counted {objects} objects, expected {expected}")
when = lambda s: datetime.datetime.fromisoformat(s.replace("Z", "+00:00"))
seconds = (when(p["updatedAt"]) - when(p["startedAt"])).total_seconds()

text = open(runs_file).read().strip()
runs = json.loads(text) if text.startswith("[") else [json.loads(l) for l in text.splitlines() if l]
events = sum(int(r.get("historyLength", 0)) for r in runs)


def payloads(node):
    """Sizes of the payloads under a history event: every {metadata, data} object, data decoded."""
    if isinstance(node, dict):
        if "metadata" in node and "data" in node:
            data = node["data"]
            yield len(base64.b64decode(data)) if isinstance(data, str) else len(json.dumps(data))
            return
        for v in node.values():
            yield from payloads(v)
    elif isinstance(node, list):
        for v in node:
            yield from payloads(v)


# Each run's own history: its length (Temporal's limits are per run) and its largest payloads.
most_events = largest = largest_event = 0
for r in runs:
    execution = r.get("execution", {})
    history = subprocess.run(
        ["temporal", "workflow", "show", "--address", address, "--workflow-id",
         execution.get("workflowId", run_id), "--run-id", execution["runId"], "--output", "json"],
        check=True, capture_output=True, text=True).stdout
    history_events = json.loads(history)["events"]
    most_events = max(most_events, len(history_events))
    for event in history_events:
        sizes = list(payloads(event))
        largest = max([largest] + sizes)
        largest_event = max(largest_event, sum(sizes))

# G1 lines such as "[12.3s][info][gc] GC(7) Pause Young (Normal) (G1 Evacuation Pause) 301M->42M(512M) 3.1ms"
after = before = 0
for line in open(gc_log).read().splitlines()[int(gc_from):]:
    m = re.search(r"(\d+)M->(\d+)M\(\d+M\)", line)
    if m:
        before = max(before, int(m.group(1)))
        after = max(after, int(m.group(2)))
print(f"{run_id}\t{objects}\t{seconds:.1f}\t{objects / seconds:.0f}\t{events}\t{len(runs)}\t{after}\t{before}"
      f"\t{most_events}\t{largest}\t{largest_event}")
PY
exit
}
