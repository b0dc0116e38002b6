#!/usr/bin/env bash
# CPU cost of age encryption: per MB of database, with and without age, for the codec alone (thread CPU time,
# averaged over 5 runs after warm-up) and for a whole replicate process shipping one snapshot (process CPU time).
# Usage: bench/encryption-overhead.sh [DB_MB]   (needs sqlite3 and age-keygen: .ci/install-test-tools; a built jar)
set -euo pipefail
cd "$(dirname "$0")/.."
mb=${1:-200}
work=$(mktemp -d /tmp/replicator-age-bench.XXXXXX)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT
jar=$(ls -t target/replicator-*.jar | grep -v original | head -1)
wait_for() { until grep -qs "$1" "$2"; do sleep 0.05; done; }
cpu_ms() { awk '{print ($14 + $15) * 1000 / '"$(getconf CLK_TCK)"'}' "/proc/$1/stat"; }

# Half random, half repetitive text: compresses roughly like application data (as bench/core-figures.sh).
sqlite3 "$work/app.db" "PRAGMA journal_mode=WAL; PRAGMA page_size=4096;
  CREATE TABLE t(id INTEGER PRIMARY KEY, a BLOB, b TEXT);
  WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x+1 FROM c WHERE x < $mb * 128)
  INSERT INTO t(a, b) SELECT randomblob(4096), printf('%.4096c', 'x') FROM c;
  PRAGMA wal_checkpoint(TRUNCATE);" >/dev/null
db_mb=$(( $(stat -c %s "$work/app.db") / 1048576 ))
age-keygen -o "$work/key.txt" 2>/dev/null
recipient=$(age-keygen -y "$work/key.txt")
identity=$(grep '^AGE-SECRET-KEY-1' "$work/key.txt")

echo "codec alone, ${db_mb} MB database file:"
java -Xmx256m -XX:+UseSerialGC -cp "$jar" bench/CodecBench.java "$work/app.db" "$recipient" "$identity" 2>/dev/null

snapshot_cpu() { # $1 = config file: process CPU ms of replicate from start to its first snapshot's upload
  rm -rf "$work/replica" "$work/.app.db-replicator"
  java -Xmx256m -XX:+UseSerialGC -jar "$jar" replicate -config "$1" >"$work/rep.log" 2>&1 &
  local pid=$!
  wait_for "snapshot written" "$work/rep.log"
  cpu_ms $pid
  kill -TERM $pid; wait $pid || true
}
printf 'dbs:\n  - path: %s\n    replicas:\n      - url: file://%s/replica\n' "$work/app.db" "$work" >"$work/plain.yml"
cp "$work/plain.yml" "$work/age.yml"
printf '        age:\n          recipients: [%s]\n          identity-file: %s\n' "$recipient" "$work/key.txt" \
  >>"$work/age.yml"
plain=$(snapshot_cpu "$work/plain.yml"); age=$(snapshot_cpu "$work/age.yml")
plain2=$(snapshot_cpu "$work/plain.yml"); age2=$(snapshot_cpu "$work/age.yml")
awk -v p="$plain" -v a="$age" -v p2="$plain2" -v a2="$age2" -v mb="$db_mb" 'BEGIN {
  p = (p + p2) / 2; a = (a + a2) / 2;
  printf "replicate process to its first snapshot of %d MB (JVM start included, mean of 2): lz4 %.0f ms CPU, lz4+age %.0f ms CPU: +%.2f ms CPU/MB\n", mb, p, a, (a - p) / mb }'
