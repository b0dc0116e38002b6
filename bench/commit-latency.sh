#!/usr/bin/env bash
# Commit latency of an app with no sidecar, beside replicator and beside Litestream v0.3.13, in one run: p50, p99,
# p99.9, max, failed (SQLITE_BUSY) attempts per busy_timeout, and the share of time replicator held the write lock.
# Usage: bench/commit-latency.sh [--quick] [--runs N] [--commits N] [--rate TPS] [--busy-timeouts 5000,50,0]
#        [--sidecars none,replicator,litestream] [--work-dir DIR] [--keep]        (see bench/README.md)
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

litestream=${LITESTREAM_BIN:-$root/.tools/litestream/node_modules/@flydotio/litestream-linux-x64/litestream}
if [ ! -x "$litestream" ]; then
  echo "commit-latency: no Litestream binary at $litestream: run .ci/install-test-tools (or set LITESTREAM_BIN)" >&2
  exit 1
fi

echo "commit-latency: building (mvn -DskipTests package)" >&2
mvn=(mvn -q -B -Dstyle.color=never)
{ "${mvn[@]}" -o -DskipTests package || "${mvn[@]}" -DskipTests package; } >&2
classpath_file=target/bench-classpath.txt
if [ ! -s "$classpath_file" ] || [ pom.xml -nt "$classpath_file" ]; then
  { "${mvn[@]}" -o dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$classpath_file" \
    || "${mvn[@]}" dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$classpath_file"; } >&2
fi
jar=$(ls -t target/replicator-*.jar | grep -v -e original- -e -sources -e -javadoc -e -tests | head -1)

java=java
if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ]; then java=$JAVA_HOME/bin/java; fi
exec "$java" -Xmx512m -XX:+UseSerialGC \
  -Dbench.root="$root" -Dbench.jar="$root/$jar" -Dbench.command="bench/commit-latency.sh $*" \
  -cp "target/test-classes:target/classes:$(cat "$classpath_file")" \
  dev.replicator.bench.CommitLatencyBench "$@"
