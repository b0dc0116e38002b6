#!/usr/bin/env bash
# Rough single-run figures for the replication core: snapshot and WAL shipping throughput to a directory replica,
# restore throughput (replicator and Litestream v0.3.13 on the same replica), idle RSS and the jar's size.
# Usage: bench/core-figures.sh [DB_MB]   (needs sqlite3; run .ci/install-test-tools first for Litestream)
set -euo pipefail
cd "$(dirname "$0")/.."
mb=${1:-300}
work=$(mktemp -d /tmp/replicator-figures.XXXXXX)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT
jar=$(ls -t target/replicator-*.jar | grep -v original | head -1)
litestream=.tools/litestream/node_modules/@flydotio/litestream-linux-x64/litestream
now_ms() { date +%s%3N; }
wait_for() { until grep -qs "$1" "$2"; do sleep 0.05; done; }

echo "jar: $jar $(du -m "$jar" | cut -f1) MB"
# Half random, half repetitive text: compresses roughly like application data.
sqlite3 "$work/app.db" "PRAGMA journal_mode=WAL; PRAGMA page_size=4096;
  CREATE TABLE t(id INTEGER PRIMARY KEY, a BLOB, b TEXT);
  WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x+1 FROM c WHERE x < $mb * 128)
  INSERT INTO t(a, b) SELECT randomblob(4096), printf('%.4096c', 'x') FROM c;" >/dev/null
sqlite3 "$work/app.db" "PRAGMA wal_checkpoint(TRUNCATE);" >/dev/null
db_mb=$(( $(stat -c %s "$work/app.db") / 1048576 ))

start=$(now_ms)
java -Xmx256m -XX:+UseSerialGC -jar "$jar" replicate "$work/app.db" "file://$work/replica" >"$work/rep.log" 2>&1 &
rep=$!
wait_for "snapshot written" "$work/rep.log"
snap_ms=$(( $(now_ms) - start ))
echo "snapshot of ${db_mb} MB: ${snap_ms} ms = $(( db_mb * 1000 / snap_ms )) MB/s"

sleep 5
echo "idle RSS after snapshot: $(( $(awk '/VmRSS/ {print $2}' /proc/$rep/status) / 1024 )) MB, threads: $(ls /proc/$rep/task | wc -l)"

wal_mb=$(( mb / 3 ))
sqlite3 "$work/app.db" "PRAGMA busy_timeout=5000;
  WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x+1 FROM c WHERE x < 2000)
  INSERT INTO t(a, b) SELECT randomblob(4096), printf('%.4096c', 'y') FROM c;" >/dev/null
start=$(now_ms)
for i in $(seq 1 $(( wal_mb / 16 ))); do
  sqlite3 "$work/app.db" "PRAGMA busy_timeout=5000;
    WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x+1 FROM c WHERE x < 2048)
    INSERT INTO t(a, b) SELECT randomblob(4096), printf('%.4096c', 'z') FROM c;" >/dev/null
done
kill -TERM $rep; wait $rep || true
ship_ms=$(( $(now_ms) - start ))
echo "write + ship of ~${wal_mb} MB of transactions (writer included): ${ship_ms} ms = $(( wal_mb * 1000 / ship_ms )) MB/s"
db_mb=$(( $(stat -c %s "$work/app.db") / 1048576 ))

start=$(now_ms)
java -jar "$jar" restore -o "$work/restored.db" "file://$work/replica" 2>/dev/null
r_ms=$(( $(now_ms) - start ))
echo "replicator restore of ${db_mb} MB: ${r_ms} ms = $(( db_mb * 1000 / r_ms )) MB/s"
if [ -x "$litestream" ]; then
  start=$(now_ms)
  "$litestream" restore -o "$work/litestream.db" "file://$work/replica" 2>/dev/null
  l_ms=$(( $(now_ms) - start ))
  echo "litestream v0.3.13 restore of the same replica: ${l_ms} ms = $(( db_mb * 1000 / l_ms )) MB/s"
fi
check() { sqlite3 "$1" "PRAGMA integrity_check; SELECT count(*), sum(length(a)) FROM t" | tr '\n' ' '; }
echo "content (integrity, rows, bytes): source $(check "$work/app.db"); replicator $(check "$work/restored.db")" \
  "${l_ms:+; litestream $(check "$work/litestream.db")}"
