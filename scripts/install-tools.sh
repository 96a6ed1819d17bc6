#!/usr/bin/env bash
# Installs what the end-to-end suite and the benchmarks need beyond a JDK, with each
# ecosystem's own client: the Temporal CLI (dev server) from Go modules, the rest from Debian.
# Idempotent: what is already there is kept. Prints the directory holding `temporal`.
set -euo pipefail

TEMPORAL_CLI_VERSION=v1.5.1
want_debian=()
command -v docker-compose >/dev/null || want_debian+=(docker-compose)
command -v chromium >/dev/null || want_debian+=(chromium)
if [ "${FERRY_BENCH:-}" = 1 ]; then command -v rclone >/dev/null || want_debian+=(rclone); fi
if [ ${#want_debian[@]} -gt 0 ] && [ "$(id -u)" = 0 ]; then
  echo "installing from Debian: ${want_debian[*]}" >&2
  apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${want_debian[@]}" >/dev/null
fi

gobin="$(go env GOPATH)/bin"
if ! command -v temporal >/dev/null && [ ! -x "$gobin/temporal" ]; then
  echo "building the Temporal CLI $TEMPORAL_CLI_VERSION (first time only, a few minutes)" >&2
  go install "github.com/temporalio/cli/cmd/temporal@$TEMPORAL_CLI_VERSION"
fi
if command -v temporal >/dev/null; then dirname "$(command -v temporal)"; else echo "$gobin"; fi
