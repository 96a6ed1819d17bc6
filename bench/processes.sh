# The child processes of a benchmark script, sourced by bench/run.sh and bench/scale.sh: every
# pid added to the pids array is killed when the script exits, however it exits. Only SIGKILL
# skips that: so every child inherits FERRY_BENCH_OWNER (the script's pid), and each script first
# stops the processes whose owner is no longer running, left by a run killed that way.

stop_orphans() {
  local env pid owner
  for env in /proc/[0-9]*/environ; do
    owner=$(grep -z -m1 '^FERRY_BENCH_OWNER=' "$env" 2>/dev/null | tr -d '\0') || continue
    owner=${owner#FERRY_BENCH_OWNER=}
    [ -n "$owner" ] && ! kill -0 "$owner" 2>/dev/null || continue
    pid=${env#/proc/} && pid=${pid%/environ}
    # The program's name only: a server's command line may hold its keys.
    echo "bench: stopping $(cat "/proc/$pid/comm" 2>/dev/null) (pid $pid), left running by a killed run" >&2
    kill "$pid" 2>/dev/null || true
  done
}
stop_orphans
export FERRY_BENCH_OWNER=$$

pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT
trap "exit 1" INT TERM # so that EXIT runs: no server outlives the run
fail() { echo "bench: $*" >&2; exit 1; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
