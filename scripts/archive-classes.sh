#!/usr/bin/env bash
# Writes the list of classes ./ferry's class-data archive is made to hold (ArchivePreload), from
# the class-loading logs of runs that exercise the paths users start cold, e.g.
#   java -Xlog:class+load:file=s3.log -jar worker-app/target/ferry.jar run --embedded \
#     --from S3PROFILE:BUCKET --to S3PROFILE:OTHER
#   java -Xlog:class+load:file=fs.log -jar worker-app/target/ferry.jar run --embedded \
#     --from examples/data --to OUT_DIR
# Usage: scripts/archive-classes.sh LOG...   (without FERRY_JAVA_OPTS' archive: every class shows)
# Classes the JVM generates (lambdas, proxies, reflection accessors) have no name to load by.
set -euo pipefail
[ $# -gt 0 ] || { echo "usage: scripts/archive-classes.sh CLASS_LOAD_LOG..." >&2; exit 2; }
out=$(dirname "$0")/../worker-app/src/main/resources/dev/ferry/worker/cli/archive-classes.txt
cat "$@" | grep -E 'source: (file:|jrt:/)' | sed -E 's/.*\] ([^ ]+) source.*/\1/' \
  | grep -v -E '\$\$Lambda|LambdaForm\$|^jdk\.proxy|\$Proxy|Generated(Method|Constructor|SerializationConstructor)Accessor' \
  | LC_ALL=C sort -u > "$out"
echo "archive-classes: $(wc -l < "$out") classes in $out"
