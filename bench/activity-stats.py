#!/usr/bin/env python3
"""Where a migration's activities spent their time, read from its Temporal history.

Usage: bench/activity-stats.py TEMPORAL_ADDRESS WORKFLOW_ID [RUNS]

For RUNS runs from the middle of the chain (2 by default; continue-as-new starts one), prints per
activity type: how many ran, the median and mean wait from scheduled to started, and the median
and mean time from started to completed; then the workflow tasks' median time; then how many
activities of each type each worker (its identity) ran. This is how bench/scale.sh's two-worker
rows are checked: both workers must have run a share of the listing and of the copies.
"""
import collections
import datetime
import json
import statistics
import subprocess
import sys


def temporal(*args):
    out = subprocess.run(["temporal", *args, "--output", "json"], check=True,
                         capture_output=True, text=True).stdout
    return json.loads(out)


def when(s):
    return datetime.datetime.fromisoformat(s.replace("Z", "+00:00"))


address, workflow_id = sys.argv[1], sys.argv[2]
count = int(sys.argv[3]) if len(sys.argv) > 3 else 2
runs = temporal("workflow", "list", "--address", address, "--query", f"WorkflowId='{workflow_id}'")
middle = runs[max(0, len(runs) // 2 - count // 2):][:count]
waits, durations = collections.defaultdict(list), collections.defaultdict(list)
workers, workflow_tasks = collections.Counter(), []
for run in middle:
    events = temporal("workflow", "show", "--address", address, "--workflow-id", workflow_id,
                      "--run-id", run["execution"]["runId"])["events"]
    scheduled, started, task_started = {}, {}, None
    for e in events:
        kind, at = e["eventType"], when(e["eventTime"])
        if kind == "EVENT_TYPE_ACTIVITY_TASK_SCHEDULED":
            name = e["activityTaskScheduledEventAttributes"]["activityType"]["name"]
            scheduled[int(e["eventId"])] = (at, name)
        elif kind == "EVENT_TYPE_ACTIVITY_TASK_STARTED":
            a = e["activityTaskStartedEventAttributes"]
            at0, name = scheduled[int(a["scheduledEventId"])]
            waits[name].append((at - at0).total_seconds())
            started[int(a["scheduledEventId"])] = at
            workers[(name, a.get("identity", "?"))] += 1
        elif kind == "EVENT_TYPE_ACTIVITY_TASK_COMPLETED":
            sid = int(e["activityTaskCompletedEventAttributes"]["scheduledEventId"])
            durations[scheduled[sid][1]].append((at - started[sid]).total_seconds())
        elif kind == "EVENT_TYPE_WORKFLOW_TASK_STARTED":
            task_started = at
        elif kind == "EVENT_TYPE_WORKFLOW_TASK_COMPLETED" and task_started:
            workflow_tasks.append((at - task_started).total_seconds())

print(f"{workflow_id}: {len(middle)} of {len(runs)} runs")
for name in sorted(waits):
    w, d = waits[name], durations[name] or [0]
    print(f"{name}\t{len(w)} ran\tscheduled->started median {statistics.median(w):.3f} s,"
          f" mean {statistics.mean(w):.3f} s\tstarted->completed median {statistics.median(d):.3f} s,"
          f" mean {statistics.mean(d):.3f} s")
if workflow_tasks:
    print(f"workflow tasks\t{len(workflow_tasks)}\tmedian {statistics.median(workflow_tasks):.3f} s")
for (name, identity), n in sorted(workers.items()):
    print(f"{name}\t{identity}\t{n}")
