# The child processes of a benchmark script, sourced by bench/run.sh and bench/scale.sh: every
# pid added to the pids array is killed when the script exits, however it exits.

pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT
trap "exit 1" INT TERM # so that EXIT runs: no server outlives the run
fail() { echo "bench: $*" >&2; exit 1; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
