#!/usr/bin/env bash
# Checks the ./ferry launcher's class-data archives: a client command records one for the jar,
# holding the classes a run on S3 needs even when the first command touched no S3 (ArchivePreload),
# and only the newest two are kept (each is about 70 MB, one per jar ever run); `ferry worker` starts
# from it; without java on the PATH it says so.
set -euo pipefail
cd "$(dirname "$0")/.."
home=$(mktemp -d)
trap 'rm -rf "$home"' EXIT
mkdir -p "$home/cds"
for old in 1 2 3; do
  touch -d "2020-01-0$old" "$home/cds/ferry-$old.jsa"
done
# Nothing listens on port 1: the command fails at once, and its JVM still writes the archive.
expected_status=0
FERRY_HOME=$home ./ferry status no-such-id --temporal 127.0.0.1:1 >/dev/null 2>&1 || expected_status=$?
left=$(cd "$home/cds" && ls)
expected="ferry-3.jsa"
new=$(echo "$left" | grep -v -x -e ferry-1.jsa -e ferry-2.jsa -e ferry-3.jsa || true)
if [ -z "$new" ] || [ "$(echo "$left" | wc -l)" != 2 ] || ! echo "$left" | grep -qx "$expected"; then
  echo "launcher-test: expected the new archive and $expected, found: $left" >&2
  exit 1
fi
# The S3 client's classes, which `status` never loads by itself, are there only if the launcher had
# the worker's classes loaded (an embedded run of files recorded 4 names under io/minio without
# the preload, about 300 with it).
minio=$(tr -c '[:print:]' '\n' < "$home/cds/$new" | grep -c '^io/minio/' || true)
if [ "$minio" -lt 100 ]; then
  echo "launcher-test: the archive $new names $minio classes of the S3 client, expected 100 or more" >&2
  exit 1
fi
# A worker loads its classes from the archive the client command recorded ("(top)": the archive of
# the jar's classes, above the JDK's own), and records none itself.
loads=$home/worker-class-load.log
FERRY_HOME=$home FERRY_JAVA_OPTS="-Xlog:class+load=info:file=$loads" ./ferry worker --help >/dev/null
shared=$(grep -c 'source: shared objects file (top)' "$loads" || true)
if [ "$shared" -lt 100 ]; then
  echo "launcher-test: ferry worker loaded $shared classes from the recorded archive, expected 100 or more" >&2
  exit 1
fi
if [ "$(cd "$home/cds" && ls | wc -l)" != 2 ]; then
  echo "launcher-test: ferry worker changed the archives: $(cd "$home/cds" && ls)" >&2
  exit 1
fi
# A JDK that fails writing the archive at exit, after the command (JDK 17 did, with a SIGSEGV):
# the command's own exit code, one line on stderr, no archive, no file in the working directory,
# and later commands record none again.
crashing=$home/crashing-java
mkdir -p "$crashing" "$home/cwd"
printf '%s\n' '#!/bin/sh' \
  "\"$(command -v java)\" \"\$@\" && status=0 || status=\$?" \
  "case \"\$*\" in *ArchiveClassesAtExit*) echo recorded >>'$crashing/log'; kill -ABRT \$\$ ;; esac" \
  'exit $status' >"$crashing/java"
chmod +x "$crashing/java"
launcher=$PWD/ferry
for round in 1 2; do
  status=0
  said=$(cd "$home/cwd" && PATH="$crashing:$PATH" FERRY_HOME=$home/crash-home \
    "$launcher" status no-such-id --temporal 127.0.0.1:1 2>&1 >/dev/null) || status=$?
  told=$(grep -c 'failed recording its class-data archive' <<<"$said" || true)
  if [ "$status" != "$expected_status" ] || [ "$told" != "$((2 - round))" ]; then
    echo "launcher-test: with a JVM failing its archive (round $round), expected exit $expected_status, got $status: $said" >&2
    exit 1
  fi
done
left=$(ls "$home/crash-home/cds")
if [ "$(wc -l <"$crashing/log")" != 1 ] || [ -n "$(ls -A "$home/cwd")" ] \
  || [ "$(echo "$left" | grep -vc '\.failed$')" != 0 ]; then
  echo "launcher-test: after a failed archive: recorded $(wc -l <"$crashing/log") times, cds holds $left, the working directory $(ls -A "$home/cwd")" >&2
  exit 1
fi
# Without java on the PATH: one line that says so and how to fix it, not a silent exit.
nojava=$home/no-java-bin
mkdir -p "$nojava" && ln -s "$(command -v dirname)" "$nojava/dirname"
status=0
said=$(env -i PATH="$nojava" HOME="$home" /bin/sh ./ferry worker --help 2>&1) || status=$?
if [ "$status" != 127 ] || [ "$said" != "ferry: no java on the PATH: install a JDK 17 or newer, or put its bin directory on the PATH" ]; then
  echo "launcher-test: without java, expected exit 127 and one line, got $status: $said" >&2
  exit 1
fi
echo "launcher: class-data archive recorded ($new) with the S3 client's classes, the older ones beyond two removed; a worker starts from it ($shared classes); a JVM failing its archive keeps the command's exit code ($expected_status) and records none again"
