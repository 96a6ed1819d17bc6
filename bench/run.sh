#!/usr/bin/env bash
# Ferry against rclone, side by side: same S3Proxy servers, same data, same concurrency (8),
# runs alternated, medians reported as ratios in BENCHMARKS.md; then the orchestration benchmark
# (bench/orchestration.sh) on the same dev server.
# Usage: bench/run.sh [ROUNDS]
# Environment: FERRY_BENCH_WORKLOADS   workloads to run (default "small large debian orchestration")
#              FERRY_BENCH_WORKER_OPTS extra JVM options of the ferry worker (e.g. a JFR recording)
#              FERRY_BENCH_OUT         where the report goes (default BENCHMARKS.md)
#              FERRY_BENCH_WARMUPS     unreported rounds before the measured ones (default 4)
set -euo pipefail
{ # Parsed whole before it runs, so editing this file cannot upset a run in progress.
cd "$(dirname "$0")/.."
repo=$(pwd)
rounds=${1:-3}
warmups=${FERRY_BENCH_WARMUPS:-4}
workloads=${FERRY_BENCH_WORKLOADS:-small large debian orchestration}
out=${FERRY_BENCH_OUT:-$repo/BENCHMARKS.md}
work=$repo/target/bench
rm -rf "$work" && mkdir -p "$work"

tools_dir=$(FERRY_BENCH=1 scripts/install-tools.sh)
export PATH="$tools_dir:$PATH"
jar=$repo/worker-app/target/ferry.jar
# Rebuild when any source is newer than the jar: a stale jar would measure old code.
if [ ! -f "$jar" ] || [ -n "$(find workflows activities worker-app -path '*/src/main/*' -newer "$jar" -print -quit)" ]; then
  echo "building $jar" >&2
  ./mvnw -B -q -DskipTests package >&2
fi
s3proxy_jar=$(./mvnw -B -q help:evaluate -Dexpression=s3proxy.jar -DforceStdout -N)

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT
fail() { echo "bench: $*" >&2; exit 1; }

# Credentials of this run only; they reach ferry and rclone through the environment.
export BENCH_ACCESS_KEY=bench BENCH_SECRET_KEY=$(python3 -c 'import secrets; print(secrets.token_hex(16))')

start_s3proxy() { # NAME -> sets ${NAME}_PORT
  local name=$1 port; port=$(free_port)
  mkdir -p "$work/$name/blobs"
  cat > "$work/$name/s3proxy.properties" <<PROPS
s3proxy.endpoint=http://127.0.0.1:$port
s3proxy.authorization=aws-v2-or-v4
s3proxy.identity=$BENCH_ACCESS_KEY
s3proxy.credential=$BENCH_SECRET_KEY
s3proxy.ignore-unknown-headers=true
jclouds.provider=filesystem-nio2
jclouds.filesystem.basedir=$work/$name/blobs
jclouds.identity=$BENCH_ACCESS_KEY
jclouds.credential=$BENCH_SECRET_KEY
jclouds.regions=us-east-1
PROPS
  java -Xmx1g -jar "$s3proxy_jar" --properties "$work/$name/s3proxy.properties" \
    > "$work/$name/s3proxy.log" 2>&1 &
  pids+=($!)
  printf -v "${name}_PORT" '%s' "$port"
  printf -v "${name}_PID" '%s' "$!"
  for _ in $(seq 1 240); do
    curl -s -o /dev/null "http://127.0.0.1:$port" && return 0; sleep 0.5
  done
  fail "S3Proxy $name did not start: see $work/$name/s3proxy.log"
}

temporal_port=$(free_port); ui_port=$(free_port)
scripts/dev-server.sh "$work/temporal.db" "$temporal_port" "$ui_port" > "$work/temporal.log" 2>&1 &
pids+=($!)
start_s3proxy a
start_s3proxy b
for _ in $(seq 1 240); do grep -q ready "$work/temporal.log" && break; sleep 0.5; done
grep -q ready "$work/temporal.log" || fail "the Temporal dev server did not start: see $work/temporal.log"

# Default profiles: ferry chooses its listing per location (listing: auto), as a user gets it;
# rclone lists directory by directory by default (without --fast-list).
cat > "$work/ferry.yaml" <<YAML
temporal: { target: "127.0.0.1:$temporal_port", namespace: default, taskQueue: ferry-bench }
backends:
  a: { type: s3, endpoint: "http://127.0.0.1:$a_PORT", region: us-east-1,
       accessKey: "\${BENCH_ACCESS_KEY}", secretKey: "\${BENCH_SECRET_KEY}" }
  b: { type: s3, endpoint: "http://127.0.0.1:$b_PORT", region: us-east-1,
       accessKey: "\${BENCH_ACCESS_KEY}", secretKey: "\${BENCH_SECRET_KEY}" }
YAML
if [[ " $workloads " == *" orchestration "* ]]; then
  cat >> "$work/ferry.yaml" <<YAML
  synthetic: { type: synthetic, count: ${FERRY_BENCH_OBJECTS:-1000000}, size: 0 }
  discard: { type: discard }
YAML
fi
# shellcheck disable=SC2086 # FERRY_BENCH_WORKER_OPTS is a list of JVM options
java -Xmx1g -Xlog:gc:file="$work/worker-gc.log" ${FERRY_BENCH_WORKER_OPTS:-} \
  -jar "$jar" worker --config "$work/ferry.yaml" > "$work/worker.log" 2>&1 &
worker_pid=$!
pids+=($worker_pid)

# rclone remotes a: and b: from the environment; rclone 1.60 refuses to start with AWS_CA_BUNDLE.
for r in A B; do
  lower=$(echo $r | tr A-Z a-z); port_var=${lower}_PORT
  export RCLONE_CONFIG_${r}_TYPE=s3 RCLONE_CONFIG_${r}_PROVIDER=Other \
    RCLONE_CONFIG_${r}_ENDPOINT="http://127.0.0.1:${!port_var}" \
    RCLONE_CONFIG_${r}_ACCESS_KEY_ID="$BENCH_ACCESS_KEY" \
    RCLONE_CONFIG_${r}_SECRET_ACCESS_KEY="$BENCH_SECRET_KEY" RCLONE_CONFIG_${r}_REGION=us-east-1
done
rclone_() { env -u AWS_CA_BUNDLE rclone --config /dev/null "$@"; }

prepare_workload() { # NAME -> local dir with the data
  local name=$1 dir=$work/data/$1
  case $name in
    small|large) bench/gen_data.py "$name" "$dir" ;;
    debian)
      # A real source tree: git's upstream sources from Debian, fetched by apt-get source.
      local apt=$work/apt; mkdir -p "$apt/lists/partial" "$dir"
      sed 's/^Types: deb$/Types: deb-src/' /etc/apt/sources.list.d/debian.sources > "$apt/src.sources"
      local opts=(-o Dir::Etc::sourcelist=/dev/null -o Dir::Etc::sourceparts="$apt" -o Dir::State::Lists="$apt/lists")
      apt-get -qq "${opts[@]}" update >&2
      (cd "$apt" && apt-get -qq "${opts[@]}" source --download-only git >/dev/null 2>&1)
      tar -xf "$apt"/git_*.orig.tar.xz -C "$dir" --strip-components=1
      # rclone skips symlinks without -L; both tools get the regular files only.
      find "$dir" -type l -delete ;;
    *) fail "unknown workload $name: use small, large, debian or orchestration" ;;
  esac
  echo "$dir"
}

# "COUNT BYTES" of what a remote holds, and of a local tree (regular files, apparent sizes).
remote_size() { rclone_ size --json "$1" | python3 -c 'import json,sys; d=json.load(sys.stdin); print(d["count"], d["bytes"])'; }
local_size() { find "$1" -type f -printf '%s\n' | awk '{n++; s+=$1} END {print n+0, s+0}'; }

# CPU seconds a process has used so far (user + system).
cpu_of() { awk -v hz="$(getconf CLK_TCK)" '{printf "%.2f", ($14 + $15) / hz}' "/proc/$1/stat"; }

# ferry's client runs through its launcher, as users run it; its class-data archive (in
# FERRY_HOME) is made here once, by a command that loads the client's classes.
export FERRY_HOME=$work/ferry-home
./ferry list --config "$work/ferry.yaml" > /dev/null

results=$work/results.tsv; : > "$results"
run_n=0
for workload in $workloads; do
  [ "$workload" = orchestration ] && continue
  dir=$(prepare_workload "$workload")
  read -r objects bytes < <(local_size "$dir")
  rclone_ mkdir "a:$workload" && rclone_ copy --transfers 16 "$dir" "a:$workload"
  [ "$(remote_size "a:$workload")" = "$objects $bytes" ] || fail "seeding a:$workload is incomplete"
  for route in fs-s3 s3-s3; do
    if [ $route = fs-s3 ]; then src_r=$dir; src_f=$dir; else src_r=a:$workload; src_f=a:$workload; fi
    # Rounds up to 0 of every workload and route warm the JITs of the worker and of both S3
    # servers for its code paths (a worker is long-lived in use); they are not reported. The
    # worker's small-object path reaches its steady speed from about its fourth run.
    for round in $(seq $((1 - warmups)) "$rounds"); do
      # Alternate which tool goes first, so neither always runs on a warmer machine.
      if [ $((round % 2)) = 1 ]; then order="rclone ferry"; else order="ferry rclone"; fi
      for tool in $order; do
        run_n=$((run_n + 1)); dest=run-$run_n
        rclone_ mkdir "b:$dest"
        log=$work/$tool-$run_n.log
        servers_before=$(python3 -c "print($(cpu_of "$a_PID") + $(cpu_of "$b_PID"))")
        worker_before=$(cpu_of "$worker_pid")
        start=$(date +%s.%N)
        if [ $tool = rclone ]; then
          /usr/bin/time -f '%U %S' -o "$work/cpu-$run_n" env -u AWS_CA_BUNDLE rclone --config /dev/null \
            copy --transfers 8 --checkers 8 "$src_r" "b:$dest" > "$log" 2>&1 \
            || fail "rclone failed: see $log"
        else
          /usr/bin/time -f '%U %S' -o "$work/cpu-$run_n" ./ferry run --config "$work/ferry.yaml" \
            --from "$src_f" --to "b:$dest" --concurrency 8 --id "bench-$run_n" --json \
            > "$work/ferry-$run_n.json" 2> "$log" \
            || { ./ferry failures --config "$work/ferry.yaml" "bench-$run_n" >> "$log" 2>&1 || true
                 fail "ferry failed: see $log"; }
        fi
        secs=$(python3 -c "import time; print(f'{time.time() - $start:.3f}')")
        # CPU of the tool (rclone; ferry's client plus its worker) and of both S3 servers.
        tool_cpu=$(awk '{print $1 + $2}' "$work/cpu-$run_n")
        [ $tool = ferry ] && tool_cpu=$(python3 -c "print(round($tool_cpu + $(cpu_of "$worker_pid") - $worker_before, 2))")
        servers_cpu=$(python3 -c "print(round($(cpu_of "$a_PID") + $(cpu_of "$b_PID") - $servers_before, 2))")
        if [ "$round" -le 0 ]; then
          echo "$workload $route $tool warm-up: ${secs}s" >&2
          rm -rf "$work/b/blobs/$dest"; continue
        fi
        got=$(remote_size "b:$dest")
        [ "$got" = "$objects $bytes" ] \
          || fail "$tool $workload $route: b:$dest holds $got (objects bytes), expected $objects $bytes"
        printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$workload" "$route" "$tool" "$round" "$secs" \
          "$objects" "$bytes" "$tool_cpu" "$servers_cpu" >> "$results"
        echo "$workload $route $tool round $round: ${secs}s ($objects objects, $bytes bytes; CPU s: tool $tool_cpu, S3 servers $servers_cpu)" >&2
        rm -rf "$work/b/blobs/$dest"
      done
    done
  done
done

orchestration=$work/orchestration.tsv; : > "$orchestration"
if [[ " $workloads " == *" orchestration "* ]]; then
  for round in $(seq 1 "$rounds"); do
    # A full collection first, so the heap figures are this run's own and not the garbage of the
    # large transfers before it (measured: 27 MiB live after GC alone, 210 MiB right after them).
    jcmd "$worker_pid" GC.run > /dev/null
    bench/orchestration.sh "$jar" "$work/ferry.yaml" "127.0.0.1:$temporal_port" \
      "$work/worker-gc.log" "orchestration-$round" >> "$orchestration"
    echo "orchestration round $round: $(tail -1 "$orchestration")" >&2
  done
fi

{ echo "cores: $(nproc), memory: $(free -g | awk '/Mem:/ {print $2}') GiB"
  grep -m1 'model name' /proc/cpuinfo | sed 's/.*: /cpu: /'
  echo "os: $(. /etc/os-release && echo "$PRETTY_NAME"), kernel $(uname -r)"
  echo "java: $(java -version 2>&1 | head -1)"; echo "rclone: $(rclone_ version | head -1)"
  echo "temporal: $(temporal --version | head -1)"
  echo "storage: S3Proxy 3.3.0 (filesystem-nio2) x2 on loopback; Temporal dev server (SQLite)"
  echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
} > "$work/machine.txt"
bench/report.py "$results" "$work/machine.txt" "$orchestration" > "$out"
cat "$out"
exit
}
