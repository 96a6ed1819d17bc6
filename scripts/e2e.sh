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
./mvnw -B -Pe2e -pl worker-app -am verify -DskipTests "$@"
echo "e2e suite passed in $(( $(date +%s) - started )) s; evidence in worker-app/target/e2e/report.txt" >&2
cat worker-app/target/e2e/report.txt >&2 || true
