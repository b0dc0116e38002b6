#!/usr/bin/env bash
# Restore speed, replicator vs Litestream v0.3.13, on the same directory replica written by replicator:
# a DB of about DB_MB megabytes with at least 200 WAL segments. Median of RUNS runs each; prints the ratio.
# Usage: bench/restore-bench.sh [DB_MB] [RUNS]   (run .ci/install-test-tools and mvn package first)
# BENCH_DIR=DIR keeps the database and replica in DIR and reuses them on the next run (DB_MB is then ignored).
set -euo pipefail
cd "$(dirname "$0")/.."
mb=${1:-500}
runs=${2:-3}
if [ -n "${BENCH_DIR:-}" ]; then
  work=$BENCH_DIR; mkdir -p "$work"
  trap 'kill $(jobs -p) 2>/dev/null || true; rm -f "$work/out.db"*' EXIT
else
  work=$(mktemp -d /tmp/replicator-restore-bench.XXXXXX)
  trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT
fi
jar=$(ls -t target/replicator-*.jar | grep -v original | head -1)
litestream=.tools/litestream/node_modules/@flydotio/litestream-linux-x64/litestream
[ -x "$litestream" ] || { echo "run .ci/install-test-tools first" >&2; exit 1; }
now_ms() { date +%s%3N; }
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

if [ ! -d "$work/replica" ]; then
rm -f "$work/app.db"*
sqlite3 "$work/app.db" "PRAGMA journal_mode=WAL; CREATE TABLE t(id INTEGER PRIMARY KEY, a BLOB, b TEXT);
  WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x+1 FROM c WHERE x < $mb * 128)
  INSERT INTO t(a, b) SELECT randomblob(4096), printf('%.4096c', 'x') FROM c;
  PRAGMA wal_checkpoint(TRUNCATE);" >/dev/null
java -jar "$jar" replicate "$work/app.db" "file://$work/replica" >"$work/rep.log" 2>&1 &
rep=$!
until grep -qs "snapshot written" "$work/rep.log"; do sleep 0.1; done
for i in $(seq 1 240); do   # one segment per transaction: each waits out the 1 s sync interval half the time
  sqlite3 "$work/app.db" "PRAGMA busy_timeout=5000; UPDATE t SET b = printf('%.4096c', '$((i % 10))') WHERE id % 97 = $((i % 97));" >/dev/null
  sleep 0.6
done
kill -TERM $rep; wait $rep
fi
segments=$(find "$work/replica" -name '*.wal.lz4' | wc -l)
size_mb=$(( $(stat -c %s "$work/app.db") / 1048576 ))
echo "replica: ${size_mb} MB database, ${segments} WAL segments, $(du -sm "$work/replica" | cut -f1) MB stored"

time_restore() {
  rm -f "$work/out.db"*
  sync; local start; start=$(now_ms)
  "$@" >/dev/null 2>&1
  echo $(( $(now_ms) - start ))
}
r=(); l=()
for i in $(seq 1 "$runs"); do
  r+=("$(time_restore env REPLICATOR_JAR="$jar" bin/replicator restore -o "$work/out.db" "file://$work/replica")")
  [ "$(sqlite3 "$work/out.db" 'PRAGMA integrity_check')" = ok ] || { echo "replicator restore failed its check" >&2; exit 1; }
  l+=("$(time_restore "$litestream" restore -o "$work/out.db" "file://$work/replica")")
  [ "$(sqlite3 "$work/out.db" 'PRAGMA integrity_check')" = ok ] || { echo "litestream restore failed its check" >&2; exit 1; }
done
rm=$(printf '%s\n' "${r[@]}" | median); lm=$(printf '%s\n' "${l[@]}" | median)
echo "replicator restore: median ${rm} ms of (${r[*]}) = $(( size_mb * 1000 / rm )) MB/s"
echo "litestream restore: median ${lm} ms of (${l[*]}) = $(( size_mb * 1000 / lm )) MB/s"
echo "speed ratio replicator/litestream: $(awk "BEGIN {printf \"%.2f\", $lm / $rm}")x"
