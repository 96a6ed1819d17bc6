#!/usr/bin/env bash
# Ferry against rclone, side by side: same S3Proxy servers, same data, same concurrency (8),
# runs alternated, medians reported as ratios in BENCHMARKS.md.
# Usage: bench/run.sh [ROUNDS]        (environment: FERRY_BENCH_WORKLOADS="small large debian")
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)
rounds=${1:-3}
workloads=${FERRY_BENCH_WORKLOADS:-small large debian}
work=$repo/target/bench
rm -rf "$work" && mkdir -p "$work"

tools_dir=$(FERRY_BENCH=1 scripts/install-tools.sh)
export PATH="$tools_dir:$PATH"
[ -f worker-app/target/ferry.jar ] || ./mvnw -B -q -DskipTests package
jar=$repo/worker-app/target/ferry.jar
s3proxy_jar=$(./mvnw -B -q help:evaluate -Dexpression=s3proxy.jar -DforceStdout -N)

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT

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
  for _ in $(seq 1 120); do
    curl -s -o /dev/null "http://127.0.0.1:$port" && return 0; sleep 0.5
  done
  echo "S3Proxy $name did not start: see $work/$name/s3proxy.log" >&2; exit 1
}
start_s3proxy a
start_s3proxy b

temporal_port=$(free_port); ui_port=$(free_port)
scripts/dev-server.sh "$work/temporal.db" "$temporal_port" "$ui_port" > "$work/temporal.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 120); do grep -q ready "$work/temporal.log" && break; sleep 0.5; done

cat > "$work/ferry.yaml" <<YAML
temporal: { target: "127.0.0.1:$temporal_port", namespace: default, taskQueue: ferry-bench }
backends:
  a: { type: s3, endpoint: "http://127.0.0.1:$a_PORT", region: us-east-1,
       accessKey: "\${BENCH_ACCESS_KEY}", secretKey: "\${BENCH_SECRET_KEY}" }
  b: { type: s3, endpoint: "http://127.0.0.1:$b_PORT", region: us-east-1,
       accessKey: "\${BENCH_ACCESS_KEY}", secretKey: "\${BENCH_SECRET_KEY}" }
YAML
java -Xmx1g -jar "$jar" worker --config "$work/ferry.yaml" > "$work/worker.log" 2>&1 &
pids+=($!)

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
      apt-get -qq "${opts[@]}" update
      (cd "$apt" && apt-get -qq "${opts[@]}" source --download-only git >/dev/null 2>&1)
      tar -xf "$apt"/git_*.orig.tar.xz -C "$dir" --strip-components=1 ;;
  esac
  echo "$dir"
}

echo -e "workload\troute\ttool\tround\tseconds\tobjects\tbytes" > /dev/null
results=$work/results.tsv; : > "$results"
run_n=0
for workload in $workloads; do
  dir=$(prepare_workload "$workload")
  objects=$(find "$dir" -type f | wc -l); bytes=$(du -sb --apparent-size "$dir" | cut -f1)
  rclone_ mkdir "a:$workload" && rclone_ copy --transfers 16 "$dir" "a:$workload"
  for route in fs-s3 s3-s3; do
    if [ $route = fs-s3 ]; then src_r=$dir; src_f=$dir; else src_r=a:$workload; src_f=a:$workload; fi
    for round in $(seq 1 "$rounds"); do
      for tool in rclone ferry; do
        run_n=$((run_n + 1)); dest=run-$run_n
        rclone_ mkdir "b:$dest"
        start=$(date +%s.%N)
        if [ $tool = rclone ]; then
          rclone_ copy --transfers 8 --checkers 8 "$src_r" "b:$dest"
        else
          java -jar "$jar" run --config "$work/ferry.yaml" --from "$src_f" --to "b:$dest" \
            --concurrency 8 --id "bench-$run_n" --json > "$work/ferry-$run_n.json"
        fi
        secs=$(python3 -c "import time; print(f'{time.time() - $start:.3f}')")
        got=$(rclone_ size --json "b:$dest" | python3 -c 'import json,sys; print(json.load(sys.stdin)["count"])')
        [ "$got" = "$objects" ] || { echo "$tool $workload $route: $got of $objects objects arrived" >&2; exit 1; }
        printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$workload" "$route" "$tool" "$round" "$secs" "$objects" "$bytes" >> "$results"
        echo "$workload $route $tool round $round: ${secs}s" >&2
        rm -rf "$work/b/blobs/$dest"
      done
    done
  done
done

{ echo "cores: $(nproc), memory: $(free -g | awk '/Mem:/ {print $2}') GiB"
  grep -m1 'model name' /proc/cpuinfo | sed 's/.*: /cpu: /'
  echo "java: $(java -version 2>&1 | head -1)"; echo "rclone: $(rclone version | head -1)"
  echo "storage: S3Proxy (filesystem-nio2) x2 on loopback; Temporal dev server (SQLite)"
} > "$work/machine.txt"
bench/report.py "$results" "$work/machine.txt" > BENCHMARKS.md
cat BENCHMARKS.md
