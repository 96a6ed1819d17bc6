#!/usr/bin/env bash
# What two S3 servers allow for large objects with no copy tool's logic in the way: curl (one C
# process per request) reads every byte of the source's objects as ranged GETs and, at the same
# time, writes as many bytes into the destination as plain PUTs of one part each, STREAMS
# requests in flight each way. A copy's servers do this work and more (a multipart upload also
# has to be completed), so the time is a ceiling for any tool on the same route.
# Usage: bench/ceiling.sh SRC_URL SRC_BUCKET LOCAL_DIR DST_URL DST_BUCKET
#   LOCAL_DIR holds the same objects as SRC_BUCKET: their keys and sizes name the GETs, and their
#   bytes, cut into parts once (kept in LOCAL_DIR.parts), are what is PUT.
#   Credentials: BENCH_ACCESS_KEY, BENCH_SECRET_KEY. FERRY_BENCH_CEILING_STREAMS (16) requests in
#   flight each way, FERRY_BENCH_CEILING_PART_MIB (16) bytes per request.
set -euo pipefail
src=$1 src_bucket=$2 dir=$3 dst=$4 dst_bucket=$5
streams=${FERRY_BENCH_CEILING_STREAMS:-16}
part_mib=${FERRY_BENCH_CEILING_PART_MIB:-16}
parts=$dir.parts-$part_mib

# The credentials reach curl in a file only this user reads, not on its command line.
curl_config=$(umask 077 && mktemp)
trap 'rm -f "$curl_config"' EXIT
printf 'user = "%s:%s"\n' "$BENCH_ACCESS_KEY" "$BENCH_SECRET_KEY" > "$curl_config"
export curl_config
# One request: curl signs it (SigV4) and sends the payload unsigned, so no one hashes the bytes.
request() { # METHOD URL [CURL ARGS...]
  curl -sS --fail -o /dev/null -X "$1" --aws-sigv4 aws:amz:us-east-1:s3 -K "$curl_config" \
    -H 'x-amz-content-sha256: UNSIGNED-PAYLOAD' "${@:3}" "$2"
}
export -f request

if [ ! -d "$parts" ]; then
  mkdir -p "$parts.tmp"
  find "$dir" -type f -print0 | sort -z | while IFS= read -r -d '' file; do
    split -b "${part_mib}M" -a 4 -d "$file" "$parts.tmp/$(basename "$file")."
  done
  mv "$parts.tmp" "$parts"
fi

# Every part once as a GET from the source and once as a PUT into the destination, interleaved
# so that both directions run together.
tasks() {
  local file key size offset length n=0
  local puts=("$parts"/*)
  while IFS= read -r -d '' file; do
    key=${file#"$dir"/}; size=$(stat -c %s "$file"); offset=0
    while [ "$offset" -lt "$size" ]; do
      length=$(( size - offset < part_mib << 20 ? size - offset : part_mib << 20 ))
      printf 'GET\0%s\0-r\0%s\0' "$src/$src_bucket/$key" "$offset-$((offset + length - 1))"
      printf 'PUT\0%s\0-T\0%s\0' "$dst/$dst_bucket/part-$n" "${puts[$n]}"
      n=$((n + 1)); offset=$((offset + length))
    done
  done < <(find "$dir" -type f -print0 | sort -z)
}
tasks | xargs -0 -n 4 -P $((2 * streams)) bash -c 'request "$@"' _
