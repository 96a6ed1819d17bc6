#!/usr/bin/env bash
# Starts the real Temporal dev server on a SQLite file and registers ferry's search attributes.
# Usage: scripts/dev-server.sh DB_FILE PORT UI_PORT   (runs in the foreground; Ctrl-C stops it)
# `--search-attribute` is ignored for an existing SQLite namespace, so we register through
# `temporal operator search-attribute create` once the server answers.
set -euo pipefail
db=${1:?usage: dev-server.sh DB_FILE PORT UI_PORT}
port=${2:?usage: dev-server.sh DB_FILE PORT UI_PORT}
ui_port=${3:?usage: dev-server.sh DB_FILE PORT UI_PORT}

temporal server start-dev --db-filename "$db" --ip 127.0.0.1 --port "$port" \
  --ui-port "$ui_port" --log-level warn &
server=$!
trap 'kill $server 2>/dev/null || true' INT TERM

for _ in $(seq 1 120); do
  temporal operator cluster health --address "127.0.0.1:$port" 2>/dev/null | grep -q SERVING && break
  sleep 0.5
done
for attr in FerryState:Keyword FerryPercent:Double; do
  name=${attr%%:*}
  if ! temporal operator search-attribute list --address "127.0.0.1:$port" | grep -qw "$name"; then
    temporal operator search-attribute create --address "127.0.0.1:$port" \
      --name "$name" --type "${attr#*:}" >/dev/null
  fi
done
echo "temporal dev server ready on 127.0.0.1:$port, Web UI on http://127.0.0.1:$ui_port" >&2
wait $server
