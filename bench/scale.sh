#!/usr/bin/env bash
# The scale rows of issue 18: synthetic sources that behave like a store (or are very large) into
# a discarding sink, through the Temporal dev server and one `ferry worker` at a 512 MiB heap.
# Only those two servers are started (no storage servers, no rclone), so this runs in minutes.
# Usage: bench/scale.sh ROW...    (rows, each measured FERRY_BENCH_ROUNDS times, alternated)
#   flat50      10^6 objects, flat keys, pages of 1,000 keys that take 50 ms each (an S3 LIST)
#   skewed50    the same with 90 % of the keys under one prefix
#   flat50x10   10^7 objects, as flat50 (about 10 minutes a round on one listing cursor)
#   skewed50x10 10^7 objects, as skewed50
#   instant1e8  10^8 objects listed instantly: history, state and heap at scale (40-70 minutes
#               on a busy 2-core machine; run it with `nice -n 19` beside other work)
#   ROW@2       the same row on a task queue that two workers share (scale-out: give ROW and
#               ROW@2 together, so the rounds alternate one worker and two)
# Prints, and appends to WORK/scale.tsv, one line per run as bench/orchestration.sh does (the
# row name first; then the CPU seconds each worker serving the row used in the run, and the load
# average at its start last). Environment: FERRY_BENCH_ROUNDS (1);
# FERRY_BENCH_OBJECTS overrides every row's object count (a quick trial); FERRY_BENCH_WORK
# (target/scale-ROWS) the work directory; FERRY_BENCH_WORKER_HEAP (512m);
# FERRY_BENCH_ORCHESTRATION_CONCURRENCY (64).
set -euo pipefail
{ # Parsed whole before it runs, so editing this file cannot upset a run in progress.
cd "$(dirname "$0")/.."
repo=$(pwd)
[ $# -gt 0 ] || { echo "usage: bench/scale.sh ROW... (flat50, skewed50, flat50x10, skewed50x10, instant1e8)" >&2; exit 2; }
declare -A PROFILE COUNT
PROFILE[flat50]="shape: flat, pageSize: 1000, listLatency: 50ms"; COUNT[flat50]=1000000
PROFILE[skewed50]="shape: skewed, pageSize: 1000, listLatency: 50ms"; COUNT[skewed50]=1000000
PROFILE[flat50x10]=${PROFILE[flat50]}; COUNT[flat50x10]=10000000
PROFILE[skewed50x10]=${PROFILE[skewed50]}; COUNT[skewed50x10]=10000000
PROFILE[instant1e8]="shape: flat"; COUNT[instant1e8]=100000000
rows=() two_workers=false
for r in "$@"; do
  row=${r%@2}
  [ "$row" = "$r" ] || two_workers=true
  [ -n "${COUNT[$row]:-}" ] || { echo "bench: unknown row $r: use ${!COUNT[*]} (or ROW@2)" >&2; exit 2; }
  COUNT[$row]=${FERRY_BENCH_OBJECTS:-${COUNT[$row]}}
  [[ " ${rows[*]} " == *" $row "* ]] || rows+=("$row")
done
rounds=${FERRY_BENCH_ROUNDS:-1}
work=${FERRY_BENCH_WORK:-$repo/target/scale-$(IFS=-; echo "$*")}
# shellcheck source=bench/processes.sh
. bench/processes.sh
rm -rf "$work" && mkdir -p "$work"
export LC_ALL=C.UTF-8

jar=$repo/worker-app/target/ferry.jar
if [ ! -f "$jar" ] \
  || [ -n "$(find workflows activities worker-app -path '*/src/main/*' -newer "$jar" -print -quit)" ]; then
  echo "building $jar" >&2
  ./mvnw -B -q -DskipTests package >&2
fi

temporal_port=$(free_port); ui_port=$(free_port)
scripts/dev-server.sh "$work/temporal.db" "$temporal_port" "$ui_port" > "$work/temporal.log" 2>&1 &
pids+=("$!")
for _ in $(seq 1 240); do grep -q ready "$work/temporal.log" && break; sleep 0.5; done
grep -q ready "$work/temporal.log" || fail "the Temporal dev server did not start: see $work/temporal.log"

# One queue served by one worker, and (for ROW@2 rows) one shared by two; each its own config.
for queue in 1 2; do
  { echo "temporal: { target: \"127.0.0.1:$temporal_port\", namespace: default, taskQueue: ferry-scale-$queue }"
    echo "backends:"
    for r in "${rows[@]}"; do echo "  $r: { type: synthetic, count: ${COUNT[$r]}, size: 0, ${PROFILE[$r]} }"; done
    echo "  discard: { type: discard }"; } > "$work/ferry-$queue.yaml"
done

# Starts a worker on queue $1 named $2; sets worker_pid.
start_worker() {
  java "-Xmx${FERRY_BENCH_WORKER_HEAP:-512m}" -Xlog:gc:file="$work/$2-gc.log" -jar "$jar" worker \
    --config "$work/ferry-$1.yaml" > "$work/$2.log" 2>&1 &
  worker_pid=$!; pids+=("$worker_pid")
  for _ in $(seq 1 240); do grep -qs 'on task queue' "$work/$2.log" && break; sleep 0.25; done
  grep -q 'on task queue' "$work/$2.log" || fail "the ferry worker did not start: see $work/$2.log"
}
start_worker 1 worker; one=$worker_pid
if $two_workers; then
  start_worker 2 worker-a; two_a=$worker_pid
  start_worker 2 worker-b; two_b=$worker_pid
fi
# CPU seconds a process has used so far (user + system).
cpu() { awk -v hz="$(getconf CLK_TCK)" '{ printf "%.1f", ($14 + $15) / hz }' "/proc/$1/stat"; }

echo "machine: $(nproc) cores; load average at the start: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
for round in $(seq 1 "$rounds"); do
  for r in "$@"; do
    row=${r%@2}
    if [ "$row" = "$r" ]; then queue=1 workers=("$one") gc_log=$work/worker-gc.log
    else queue=2 workers=("$two_a" "$two_b") gc_log=$work/worker-a-gc.log; fi
    before=() used=()
    for w in "${workers[@]}"; do
      jcmd "$w" GC.run > /dev/null # so the heap figures are this run's own
      before+=("$(cpu "$w")")
    done
    load=$(cut -d' ' -f1 /proc/loadavg)
    line=$(bench/orchestration.sh "$jar" "$work/ferry-$queue.yaml" "127.0.0.1:$temporal_port" \
      "$gc_log" "${r/@/-w}-$round" "$row" "${COUNT[$row]}")
    for i in "${!workers[@]}"; do
      used+=("$(awk -v a="${before[$i]}" -v b="$(cpu "${workers[$i]}")" 'BEGIN { printf "%.1f", b - a }')")
    done
    printf '%s\t%s\t%s\t%s\n' "$r" "$line" "$(IFS=+; echo "${used[*]}")" "$load" | tee -a "$work/scale.tsv"
  done
done
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
exit
}
