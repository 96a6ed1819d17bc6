#!/usr/bin/env bash
# Installs what the tests, the end-to-end suite and the benchmarks need beyond a JDK, with each
# ecosystem's own client: the Temporal CLI (dev server), versitygw (an S3 server the conformance
# tests run against) and fake-gcs-server (a GCS emulator) from Go modules, moto (another S3
# server) from Python packages, Azurite (an Azure Blob Storage emulator) from npm, the rest (npm
# included) from Debian. Idempotent: what is already there is kept. Prints what to put before
# PATH: Go's bin directory (where `go install` puts versitygw, fake-gcs-server and temporal) and,
# if `temporal` is found elsewhere or `azurite-blob` only in npm's global bin directory, that
# directory too, joined with ':'.
set -euo pipefail

TEMPORAL_CLI_VERSION=v1.5.1
VERSITYGW_VERSION=v1.8.0
FAKE_GCS_SERVER_VERSION=v1.56.1
AZURITE_VERSION=3.35.0
want_debian=()
command -v docker-compose >/dev/null || want_debian+=(docker-compose)
command -v chromium >/dev/null || want_debian+=(chromium)
command -v npm >/dev/null || want_debian+=(npm)
if [ "${FERRY_BENCH:-}" = 1 ]; then command -v rclone >/dev/null || want_debian+=(rclone); fi
if [ ${#want_debian[@]} -gt 0 ] && [ "$(id -u)" = 0 ]; then
  echo "installing from Debian: ${want_debian[*]}" >&2
  apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${want_debian[@]}" >/dev/null
fi

gobin="$(go env GOBIN)"
[ -n "$gobin" ] || gobin="$(go env GOPATH)/bin"
if ! command -v temporal >/dev/null && [ ! -x "$gobin/temporal" ]; then
  echo "building the Temporal CLI $TEMPORAL_CLI_VERSION (first time only, a few minutes)" >&2
  go install "github.com/temporalio/cli/cmd/temporal@$TEMPORAL_CLI_VERSION"
fi
if ! command -v versitygw >/dev/null && [ ! -x "$gobin/versitygw" ]; then
  echo "building versitygw $VERSITYGW_VERSION (first time only, a few minutes)" >&2
  go install "github.com/versity/versitygw/cmd/versitygw@$VERSITYGW_VERSION"
fi
if ! command -v fake-gcs-server >/dev/null && [ ! -x "$gobin/fake-gcs-server" ]; then
  echo "building fake-gcs-server $FAKE_GCS_SERVER_VERSION (first time only, a few minutes)" >&2
  go install "github.com/fsouza/fake-gcs-server@$FAKE_GCS_SERVER_VERSION"
fi
if ! python3 -c 'import moto.server, flask_cors' 2>/dev/null; then
  echo "installing moto's S3 server with pip" >&2
  python3 -m pip install -q 'moto[server]' >&2 ||
    python3 -m pip install -q --break-system-packages 'moto[server]' >&2
fi
npm_bin="$(npm prefix -g)/bin"
if ! command -v azurite-blob >/dev/null && [ ! -x "$npm_bin/azurite-blob" ]; then
  echo "installing Azurite $AZURITE_VERSION with npm" >&2
  npm install -g --silent "azurite@$AZURITE_VERSION" >&2
fi

dirs=$gobin
if command -v temporal >/dev/null && [ "$(dirname "$(command -v temporal)")" != "$gobin" ]; then
  dirs="$gobin:$(dirname "$(command -v temporal)")"
fi
if ! command -v azurite-blob >/dev/null && [ -x "$npm_bin/azurite-blob" ]; then
  dirs="$dirs:$npm_bin"
fi
echo "$dirs"
