#!/usr/bin/env bash
# An app that deletes its database and creates a new one at the same path right after a commit, as SQLite's
# speedtest1 does at start, beside nothing, a plain sqlite3 reader, Litestream v0.3.13 and replicator (issue 12).
# Prints, per sidecar, how many of N runs the app failed and the first error it printed.
#   bench/app-recreate.sh [--runs N] [--grow]
# --grow: the last commit before the replacement grows the database (page 1 changes): no process that holds the old
# file open can make that harmless (README, Guarantees).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
runs=5
grow=
while [ $# -gt 0 ]; do
  case $1 in
    --runs) runs=$2; shift 2 ;;
    --grow) grow=1; shift ;;
    *) echo "usage: bench/app-recreate.sh [--runs N] [--grow]" >&2; exit 2 ;;
  esac
done
litestream=${LITESTREAM_BIN:-$root/.tools/litestream/node_modules/@flydotio/litestream-linux-x64/litestream}
[ -x "$litestream" ] || { echo "bench: no Litestream binary at $litestream: run .ci/install-test-tools" >&2; exit 1; }
command -v sqlite3 >/dev/null || { echo "bench: sqlite3 not found: run .ci/install-test-tools" >&2; exit 1; }
if [ -z "${REPLICATOR_JAR:-}" ]; then # REPLICATOR_JAR=path measures another build
  (cd "$root" && (mvn -o -q -DskipTests package || mvn -q -DskipTests package)) >&2
fi
jar=${REPLICATOR_JAR:-$(ls -t "$root"/target/replicator-*.jar | grep -v original | head -1)}
work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT

if [ -n "$grow" ]; then
  commit="WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM c WHERE i < 50) INSERT INTO x SELECT randomblob(1000) FROM c"
else
  commit="UPDATE x SET a = a WHERE rowid = 1"
fi
app="PRAGMA journal_mode=wal; CREATE TABLE t(id INTEGER PRIMARY KEY, v BLOB);
WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM c WHERE i < 2000) INSERT INTO t(v) SELECT randomblob(200) FROM c;
CREATE INDEX t_v ON t(v); SELECT COUNT(*) FROM t;"

one_run() { # sidecar dir -> prints the app's first error, or nothing
  local side=$1 d=$2 pid=
  mkdir -p "$d"
  sqlite3 "$d/app.db" "PRAGMA journal_mode=wal; CREATE TABLE x(a); INSERT INTO x VALUES (1);" >/dev/null
  printf 'dbs:\n  - path: %s\n    replicas:\n      - path: %s\n' "$d/app.db" "$d/replica" > "$d/config.yml"
  case $side in
    reader) sqlite3 "$d/app.db" "BEGIN" "SELECT COUNT(*) FROM x" ".shell sleep 60" >/dev/null 2>&1 & pid=$!; sleep 0.5 ;;
    litestream) "$litestream" replicate -config "$d/config.yml" >"$d/side.log" 2>&1 & pid=$!; sleep 2 ;;
    replicator) java -jar "$jar" replicate -config "$d/config.yml" >"$d/side.log" 2>&1 & pid=$!
      for _ in $(seq 600); do grep -qs "replicating db" "$d/side.log" && break
        kill -0 "$pid" 2>/dev/null || { echo "replicate exited: $(tail -1 "$d/side.log")"; return; }; sleep 0.1; done ;;
  esac
  sqlite3 "$d/app.db" "$commit" || { echo "the commit before the replacement failed"; return; }
  rm "$d/app.db"
  sqlite3 -bail "$d/app.db" "$app" >/dev/null 2>"$d/app.err" || head -1 "$d/app.err"
  if [ -n "$pid" ]; then pkill -P "$pid" 2>/dev/null || true; kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null || true; fi
}

echo "| sidecar | app failed | first error |"
echo "| --- | --- | --- |"
for side in none reader litestream replicator; do
  failed=0 first=
  for i in $(seq 1 "$runs"); do
    err=$(one_run "$side" "$work/$side-$i")
    if [ -n "$err" ]; then failed=$((failed + 1)); first=${first:-$err}; fi
  done
  echo "| $side | $failed of $runs | ${first:--} |"
done
