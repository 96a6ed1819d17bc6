#!/usr/bin/env bash
# Ferry against rclone on real servers on loopback: same data, same settings per row, tools
# alternated within each round, every destination checked, medians and ratios (rclone time /
# ferry time) written to BENCHMARKS.md with each tool's CPU seconds.
# Usage: bench/run.sh [SUITE...]    (default: every suite but debian; about 50 minutes on a busy 2-core machine)
#   s3            S3 -> S3 on S3Proxy 4.x and on versitygw: small and large, default and best settings,
#                 Debian's rclone 1.60 (when installed) beside the current rclone on small files,
#                 and the servers' own ceiling (bench/ceiling.sh) beside the tools on large ones
#   large, small  (not in the default list; s3 includes them) only the large, or the small, rows of s3
#   debian        (not in the default list) git's source tree from Debian (4,333 files), S3 -> S3
#   azure, gcs    S3 (versitygw) -> Azurite / fake-gcs-server: 2,000 small objects and 4 large
#                 (256 MiB; 64 MiB into fake-gcs-server), 8 transfers each
#   latency       small files (2,000) through bench/Proxy.java at D = 0 and 10 ms, both S3 servers
#   cold          a freshly started worker's first migration and a fresh embedded `ferry run`
#   orchestration a synthetic source into a discarding sink (bench/orchestration.sh)
# Environment: FERRY_BENCH_ROUNDS (3) measured rounds per row; FERRY_BENCH_WARMUPS (1) unreported
#   rounds before them; FERRY_BENCH_COLD_ROUNDS (2) rounds of the cold rows; FERRY_BENCH_OUT (BENCHMARKS.md); FERRY_BENCH_WORKER_OPTS extra JVM
#   options of the worker; FERRY_BENCH_LARGE_MIB (256) size of each large object;
#   FERRY_BENCH_DELAYS ("0 10") the latency suite's delays in ms.
set -euo pipefail
{ # Parsed whole before it runs, so editing this file cannot upset a run in progress.
cd "$(dirname "$0")/.."
repo=$(pwd)
rounds=${FERRY_BENCH_ROUNDS:-3}
warmups=${FERRY_BENCH_WARMUPS:-1}
cold_rounds=${FERRY_BENCH_COLD_ROUNDS:-2}
out=${FERRY_BENCH_OUT:-$repo/BENCHMARKS.md}
suites=${*:-s3 azure gcs latency orchestration cold}
for s in $suites; do
  case $s in s3|large|small|debian|azure|gcs|latency|cold|orchestration) ;;
    *) echo "bench: unknown suite $s: use s3, large, small, debian, azure, gcs, latency, cold or orchestration" >&2
       exit 2 ;;
  esac
done
has() { [[ " $suites " == *" $1 "* ]]; }
work=$repo/target/bench
# shellcheck source=bench/processes.sh
. bench/processes.sh
rm -rf "$work" && mkdir -p "$work"
export LC_ALL=C.UTF-8

# Tools: the servers, the current rclone (built with Go) and, when installed, Debian's rclone.
RCLONE_VERSION=v1.76.0
tools_dir=$(FERRY_BENCH=1 scripts/install-tools.sh)
eval "$(grep -E '^(VERSITYGW|FAKE_GCS_SERVER)_VERSION=' scripts/install-tools.sh)" # the versions it installs
export PATH="$tools_dir:$PATH"
gobin=$(go env GOBIN); [ -n "$gobin" ] || gobin="$(go env GOPATH)/bin"
rclone_new=$gobin/rclone
if ! "$rclone_new" version 2>/dev/null | grep -q "rclone ${RCLONE_VERSION}"; then
  echo "building rclone $RCLONE_VERSION (first time only, a few minutes)" >&2
  go install "github.com/rclone/rclone@$RCLONE_VERSION"
fi
rclone_old=/usr/bin/rclone; [ -x $rclone_old ] || rclone_old=""
# rclone 1.60 refuses to start with AWS_CA_BUNDLE set; neither needs a config file.
rclone_() { env -u AWS_CA_BUNDLE "$rclone_new" --config /dev/null "$@"; }

jar=$repo/worker-app/target/ferry.jar
s3proxy_jar=$(./mvnw -B -q help:evaluate -Dexpression=s3proxy.jar -DforceStdout -N)
# Rebuild when any source is newer than the jar: a stale jar would measure old code.
if [ ! -f "$jar" ] || [ ! -f "$s3proxy_jar" ] \
  || [ -n "$(find workflows activities worker-app -path '*/src/main/*' -newer "$jar" -print -quit)" ]; then
  echo "building $jar" >&2
  ./mvnw -B -q -DskipTests package >&2
fi
mkdir -p "$work/proxy-classes" && javac -d "$work/proxy-classes" bench/Proxy.java

# shellcheck source=bench/servers.sh
. bench/servers.sh

# --- servers --------------------------------------------------------------------------------
temporal_port=$(free_port); ui_port=$(free_port)
scripts/dev-server.sh "$work/temporal.db" "$temporal_port" "$ui_port" > "$work/temporal.log" 2>&1 &
dev_script=$!; pids+=("$dev_script")
start_versitygw vg1
if has s3 || has large || has small || has debian || has latency || has cold; then
  start_s3proxy sp1; start_s3proxy sp2; start_versitygw vg2
fi
has azure && start_azurite az
has gcs && start_fakegcs gc
latency_delays=${FERRY_BENCH_DELAYS:-0 10}
if has latency; then
  for d in $latency_delays; do
    for s in sp1 sp2 vg1 vg2; do start_proxy "${s}d$d" "$s" "$d"; done
  done
fi
for _ in $(seq 1 240); do grep -q ready "$work/temporal.log" && break; sleep 0.5; done
grep -q ready "$work/temporal.log" || fail "the Temporal dev server did not start: see $work/temporal.log"
temporal_pid=$(pgrep -P "$dev_script" temporal | head -1)

{ echo "backends:"; for name in "${!PORT[@]}"; do ferry_profile "$name"; done; } > "$work/backends.yaml"
if has orchestration; then
  echo "  synthetic: { type: synthetic, count: ${FERRY_BENCH_OBJECTS:-1000000}, size: 0 }" >> "$work/backends.yaml"
  echo "  discard: { type: discard }" >> "$work/backends.yaml"
fi
{ echo "temporal: { target: \"127.0.0.1:$temporal_port\", namespace: default, taskQueue: ferry-bench }"
  cat "$work/backends.yaml"; } > "$work/ferry.yaml"
# A user's embedded run: no Temporal target, ferry starts its own.
cp "$work/backends.yaml" "$work/embedded.yaml"
for name in "${!PORT[@]}"; do rclone_remote "$name"; done

worker_n=0
start_worker() { # a fresh `ferry worker`, through the launcher as users start it; returns once it polls
  worker_n=$((worker_n + 1))
  local log=$work/worker-$worker_n.log
  # The launcher execs the JVM, so $! is the worker's own pid. It starts from the class-data
  # archive of the bench's FERRY_HOME once the README's first command has recorded it.
  FERRY_HOME=$work/ferry-home \
    FERRY_JAVA_OPTS="-Xmx1g -Xlog:gc:file=$work/worker-gc-$worker_n.log ${FERRY_BENCH_WORKER_OPTS:-}" \
    ./ferry worker --config "$work/ferry.yaml" > "$log" 2>&1 &
  worker_pid=$!; pids+=("$worker_pid"); worker_gc_log=$work/worker-gc-$worker_n.log
  for _ in $(seq 1 240); do grep -q 'on task queue' "$log" && return 0; sleep 0.25; done
  fail "the ferry worker did not start: see $log"
}
stop_worker() { kill "$worker_pid"; wait "$worker_pid" 2>/dev/null || true; }
start_worker

# ferry runs through its launcher, as users run it. First the README's first command, on a
# fresh FERRY_HOME: an embedded run of the sample tree, which also records the class-data
# archive every later ./ferry command starts from (as a user's second command does).
export FERRY_HOME=$work/ferry-home
start=$(date +%s.%N)
/usr/bin/time -f '%U %S' -o "$work/cpu-first" ./ferry run --embedded --config "$work/embedded.yaml" \
  --from examples/data --to "$work/readme-out" > "$work/first-run.log" 2>&1 \
  || fail "the README's first command failed: see $work/first-run.log"
printf '%s\t%s\n' "$(python3 -c "import time; print(f'{time.time() - $start:.2f}')")" \
  "$(awk '{print $1 + $2}' "$work/cpu-first")" > "$work/first-run.tsv"

# --- data -----------------------------------------------------------------------------------
prepare_workload() { # NAME -> local dir with the data
  local dir=$work/data/$1
  [ -d "$dir" ] && { echo "$dir"; return; }
  if [ "$1" = debian ]; then
    # A real source tree: git's upstream sources from Debian, fetched by apt-get source.
    local apt=$work/apt; mkdir -p "$apt/lists/partial" "$dir"
    sed 's/^Types: deb$/Types: deb-src/' /etc/apt/sources.list.d/debian.sources > "$apt/src.sources"
    local opts=(-o Dir::Etc::sourcelist=/dev/null -o Dir::Etc::sourceparts="$apt" -o Dir::State::Lists="$apt/lists")
    apt-get -qq "${opts[@]}" update >&2
    (cd "$apt" && apt-get -qq "${opts[@]}" source --download-only git >/dev/null 2>&1)
    tar -xf "$apt"/git_*.orig.tar.xz -C "$dir" --strip-components=1
    find "$dir" -type l -delete # rclone skips symlinks without -L; both get the regular files
  else
    FERRY_BENCH_LARGE_MIB=${FERRY_BENCH_LARGE_MIB:-256} bench/gen_data.py "$1" "$dir"
  fi
  echo "$dir"
}
local_size() { find "$1" -type f -printf '%s\n' | awk '{n++; s+=$1} END {print n+0, s+0}'; }
remote_size() { rclone_ size --json "$1" | python3 -c 'import json,sys; d=json.load(sys.stdin); print(d["count"], d["bytes"])'; }
declare -A SEEDED
seed() { # SERVER WORKLOAD: the workload's objects in bucket WORKLOAD of SERVER, once
  local server; server=$(base_of "$1")
  local key="$server/$2" dir; [ -n "${SEEDED[$key]:-}" ] && return 0
  dir=$(prepare_workload "$2")
  rclone_ mkdir "$server:$2" && rclone_ copy --transfers 16 "$dir" "$server:$2"
  [ "$(remote_size "$server:$2")" = "$(local_size "$dir")" ] || fail "seeding $server:$2 is incomplete"
  SEEDED[$key]=1
}

# --- one measured run -----------------------------------------------------------------------
cpu_of() { awk -v hz="$(getconf CLK_TCK)" '{printf "%.2f\n", ($14 + $15) / hz}' "/proc/$1/stat"; }
cpu_sum() { local t=0 p; for p in "$@"; do t=$(python3 -c "print($t + $(cpu_of "$p"))"); done; echo "$t"; }
results=$work/results.tsv; : > "$results"
run_n=0
# Settings of a row: rclone's and ferry's flags.
rclone_flags() { case $1 in default) ;; c8) echo "--transfers 8 --checkers 8" ;;
  best) echo "--transfers 32 --checkers 32 --fast-list" ;; esac; }
ferry_flags() { case $1 in default) ;; c8) echo "--concurrency 8" ;; best) echo "--concurrency 32" ;; esac; }

# Runs TOOL once from SRC_SERVER:WORKLOAD into a new bucket of DST_SERVER, checks what arrived,
# and appends a row to results.tsv unless ROUND <= 0 (a warm-up).
measure() { # SUITE WORKLOAD VARIANT TOOL ROUND SRC_SERVER DST_SERVER
  local suite=$1 workload=$2 variant=$3 tool=$4 round=$5 src=$6 dst=$7
  local dir objects bytes; dir=$(prepare_workload "$workload")
  read -r objects bytes < <(local_size "$dir")
  run_n=$((run_n + 1))
  local bucket=run-$run_n log=$work/$tool-$run_n.log route="$src>$dst"
  rclone_ mkdir "$dst:$bucket"
  # shellcheck disable=SC2046 # lists of pids
  local servers=($(pids_of "$src") $(pids_of "$dst"))
  local servers_before worker_before temporal_before load
  servers_before=$(cpu_sum "${servers[@]}"); worker_before=$(cpu_of "$worker_pid")
  temporal_before=$(cpu_of "$temporal_pid"); load=$(cut -d' ' -f1 /proc/loadavg)
  local start; start=$(date +%s.%N)
  case $tool in
    rclone|rclone-1.60)
      local bin=$rclone_new; [ "$tool" = rclone-1.60 ] && bin=$rclone_old
      # shellcheck disable=SC2046
      /usr/bin/time -f '%U %S' -o "$work/cpu-$run_n" env -u AWS_CA_BUNDLE "$bin" --config /dev/null \
        copy $(rclone_flags "$variant") "$src:$workload" "$dst:$bucket" > "$log" 2>&1 \
        || fail "$tool failed: see $log" ;;
    ferry|ferry-fresh-worker|ferry-embedded)
      local cfg=$work/ferry.yaml mode=()
      [ "$tool" = ferry-embedded ] && { cfg=$work/embedded.yaml; mode=(--embedded); }
      # shellcheck disable=SC2046
      /usr/bin/time -f '%U %S' -o "$work/cpu-$run_n" ./ferry run --config "$cfg" "${mode[@]}" \
        --from "$src:$workload" --to "$dst:$bucket" $(ferry_flags "$variant") --id "bench-$run_n" \
        --json > "$work/ferry-$run_n.json" 2> "$log" \
        || { ./ferry failures --config "$cfg" "bench-$run_n" >> "$log" 2>&1 || true
             fail "$tool failed: see $log"; } ;;
    ceiling)
      /usr/bin/time -f '%U %S' -o "$work/cpu-$run_n" bench/ceiling.sh "$(url_of "$src")" \
        "$workload" "$dir" "$(url_of "$dst")" "$bucket" > "$log" 2>&1 || fail "$tool failed: see $log" ;;
  esac
  local secs; secs=$(python3 -c "import time; print(f'{time.time() - $start:.3f}')")
  # CPU of the tool (rclone; ferry's client, plus its worker's share unless embedded), of the
  # Temporal dev server (ferry's, unless embedded: then it is inside the tool's figure), and of
  # the storage servers and proxies of the route.
  local tool_cpu temporal_cpu servers_cpu
  tool_cpu=$(awk '{print $1 + $2}' "$work/cpu-$run_n")
  temporal_cpu=0
  if [ "$tool" = ferry ] || [ "$tool" = ferry-fresh-worker ]; then
    tool_cpu=$(python3 -c "print(round($tool_cpu + $(cpu_of "$worker_pid") - $worker_before, 2))")
    temporal_cpu=$(python3 -c "print(round($(cpu_of "$temporal_pid") - $temporal_before, 2))")
  fi
  servers_cpu=$(python3 -c "print(round($(cpu_sum "${servers[@]}") - $servers_before, 2))")
  local got; got=$(remote_size "$dst:$bucket")
  # The ceiling writes the same bytes as parts, not the same objects.
  [ "$tool" = ceiling ] && got="$objects ${got#* }"
  [ "$got" = "$objects $bytes" ] \
    || fail "$tool $workload $route: $dst:$bucket holds $got (objects bytes), expected $objects $bytes"
  drop_bucket "$dst" "$bucket"
  if [ "$round" -le 0 ]; then echo "  warm-up $tool: ${secs}s" >&2; return 0; fi
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$suite" "$workload" "$route" \
    "$variant" "$tool" "$round" "$secs" "$objects" "$bytes" "$tool_cpu" "$temporal_cpu" \
    "$servers_cpu" "$load" >> "$results"
  echo "  $tool round $round: ${secs}s (CPU s: tool $tool_cpu, temporal $temporal_cpu, servers $servers_cpu; load $load)" >&2
}

# One row: WARMUPS unreported rounds, then the measured ones; the tools' order rotates every
# round, so no tool always runs first on a quieter machine.
row() { # SUITE WORKLOAD VARIANT SRC DST WARMUPS TOOL...
  local suite=$1 workload=$2 variant=$3 src=$4 dst=$5 w=$6; shift 6
  local tools=("$@") n=$# round i
  echo "$suite $workload $src>$dst $variant" >&2
  seed "$src" "$workload"
  for round in $(seq $((1 - w)) "${ROW_ROUNDS:-$rounds}"); do
    for i in $(seq 0 $((n - 1))); do
      local tool=${tools[$(( (i + round + n * 100) % n ))]}
      [ "$tool" = ferry-fresh-worker ] && { stop_worker; start_worker; }
      measure "$suite" "$workload" "$variant" "$tool" "$round" "$src" "$dst"
    done
  done
}

# --- suites ---------------------------------------------------------------------------------
old=(); [ -n "$rclone_old" ] && old=(rclone-1.60)
if has s3 || has large || has small; then
  for pair in "sp1 sp2" "vg1 vg2"; do
    read -r a b <<< "$pair"
    if has s3 || has small; then
      row s3 small default "$a" "$b" "$warmups" rclone ferry "${old[@]}"
      row s3 small best "$a" "$b" "$warmups" rclone ferry
    fi
    # 4 objects: 4 transfers or 32 are the same, so large runs at default settings only.
    # The servers' ceiling (bench/ceiling.sh) runs in the same rounds as the tools.
    if has s3 || has large; then
      row s3 large default "$a" "$b" "$warmups" rclone ferry ceiling
    fi
  done
fi
if has debian; then
  for pair in "sp1 sp2" "vg1 vg2"; do
    read -r a b <<< "$pair"
    row debian debian default "$a" "$b" "$warmups" rclone ferry
  done
fi
for cloud in azure gcs; do
  has $cloud || continue
  dst=az; [ $cloud = gcs ] && dst=gc
  # Scaled down: 10,000 small objects took each tool 60-145 s on the emulators, 4 x 256 MiB
  # into fake-gcs-server (which holds objects in memory) 36-83 s.
  large=large; [ $cloud = gcs ] && large=large64
  row $cloud small2k c8 vg1 $dst "$warmups" rclone ferry
  row $cloud $large c8 vg1 $dst "$warmups" rclone ferry
done
if has latency; then
  for d in $latency_delays; do
    for pair in "sp1 sp2" "vg1 vg2"; do
      read -r a b <<< "$pair"
      # Ferry's small-object path is warm from the s3 suite when it ran; one warm-up otherwise.
      w=0; has s3 || w=1
      row latency small2k default "${a}d$d" "${b}d$d" $w rclone ferry
      row latency small2k best "${a}d$d" "${b}d$d" $w rclone ferry
    done
  done
fi
orchestration=$work/orchestration.tsv; : > "$orchestration"
if has orchestration; then
  for round in $(seq 1 "$rounds"); do
    # A full collection first, so the heap figures are this run's own.
    jcmd "$worker_pid" GC.run > /dev/null
    bench/orchestration.sh "$jar" "$work/ferry.yaml" "127.0.0.1:$temporal_port" \
      "$worker_gc_log" "orchestration-$round" >> "$orchestration"
    echo "orchestration round $round: $(tail -1 "$orchestration")" >&2
  done
fi
if has cold; then
  # Cold: every ferry run is the first of its JVM; rclone always starts cold. The servers are
  # not: a user's store has run for a while, and an S3Proxy that had served nothing took the
  # first measured run (whichever tool's) 1.5-2x as long. So one unreported rclone copy per
  # route warms them, and none of ferry's JVMs.
  for pair in "sp1 sp2" "vg1 vg2"; do
    read -r a b <<< "$pair"
    seed "$a" small && measure cold small default rclone 0 "$a" "$b"
    for workload in small large; do
      ROW_ROUNDS=$cold_rounds row cold "$workload" default "$a" "$b" 0 \
        rclone ferry-fresh-worker ferry-embedded
    done
  done
fi

{ echo "cores: $(nproc), memory: $(free -g | awk '/Mem:/ {print $2}') GiB"
  grep -m1 'model name' /proc/cpuinfo | sed 's/.*: /cpu: /'
  echo "os: $(. /etc/os-release && echo "$PRETTY_NAME"), kernel $(uname -r)"
  echo "java: $(java -version 2>&1 | head -1)"
  echo "rclone: $("$rclone_new" version | head -1)${rclone_old:+, $("$rclone_old" version | head -1)}"
  echo "temporal: $(temporal --version | head -1)"
  echo "servers: S3Proxy $(basename "$(dirname "$s3proxy_jar")") (filesystem-nio2), versitygw $VERSITYGW_VERSION (posix), Azurite $(azurite-blob --version 2>/dev/null | head -1), fake-gcs-server $FAKE_GCS_SERVER_VERSION (memory); Temporal dev server (SQLite)"
  echo "suites: $suites; rounds: $rounds measured after $warmups warm-up per row"
  echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
} > "$work/machine.txt"
bench/report.py "$results" "$work/machine.txt" "$orchestration" "$work/first-run.tsv" > "$out"
cat "$out"
exit
}
