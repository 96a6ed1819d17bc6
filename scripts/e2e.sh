#!/usr/bin/env bash
# Runs the end-to-end suite: the real Temporal dev server (SQLite file, Web UI), S3Proxy
# servers and ferry worker processes from the built jar, steered with the stock temporal CLI
# and checked in headless Chromium. Builds what it needs; unit tests are skipped here (the
# ordinary `./mvnw -B verify` runs them). Evidence and artifacts: worker-app/target/e2e/
# (report.txt, ui.png, histories/, logs/). Extra arguments go to Maven, e.g. -Dit.test=WebUiE2E.
set -euo pipefail
cd "$(dirname "$0")/.."

tools_dir=$(scripts/install-tools.sh)
export PATH="$tools_dir:$PATH"

started=$(date +%s)
if ! ./mvnw -B -Pe2e -pl worker-app -am verify -DskipTests "$@"; then
  # CI keeps only this output: end it with the evidence so far and the server's own account.
  echo "e2e suite failed after $(( $(date +%s) - started )) s; its report so far:" >&2
  cat worker-app/target/e2e/report.txt >&2 || true
  echo "the Temporal dev server's log, last 60 lines:" >&2
  tail -n 60 worker-app/target/e2e/logs/temporal.log >&2 || true
  exit 1
fi
echo "e2e suite passed in $(( $(date +%s) - started )) s; evidence in worker-app/target/e2e/report.txt" >&2
cat worker-app/target/e2e/report.txt >&2 || true
