#!/usr/bin/env bash
# Per-database cost of replicate: N small WAL databases under one directory, replicated to a file replica through
# one `dir:` entry (or N `path:` entries with --paths, how configs looked before directory discovery). Prints, once
# every database has its first snapshot: RSS (VmRSS, VmHWM), threads, open fds, then idle CPU and objects written
# over an idle window, then commit -> replica lag for single-row writes spread across the databases.
# Usage: bench/scale-smoke.sh [N] [--paths]      e.g. for n in 1 100 1000; do bench/scale-smoke.sh $n; done
# Needs sqlite3 and a built jar (mvn -B -DskipTests package). REPLICATOR_JAVA_OPTS is passed to bin/replicator.
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-100}
mode=${2:-dir}
idle_s=${IDLE_SECONDS:-10}
lag_samples=${LAG_SAMPLES:-20}
work=$(mktemp -d /tmp/replicator-scale.XXXXXX)
rep=
cleanup() { [ -n "$rep" ] && kill -TERM "$rep" 2>/dev/null && wait "$rep" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
now_ms() { date +%s%3N; }
name() { printf 'tenant-%04d.db' "$1"; }

mkdir -p "$work/data/tenants" "$work/replica"
# One sqlite3 process creates every database (ATTACH each in turn): N processes would take longer than the test.
{
  for i in $(seq 1 "$n"); do
    f="$work/data/tenants/$(name "$i")"
    echo "ATTACH '$f' AS d; PRAGMA d.journal_mode=WAL; CREATE TABLE d.t(id INTEGER PRIMARY KEY, v TEXT);"
    echo "INSERT INTO d.t(v) VALUES ('first'); DETACH d;"
  done
} | sqlite3 >/dev/null

if [ "$mode" = "--paths" ]; then
  {
    echo "dbs:"
    for i in $(seq 1 "$n"); do
      echo "  - path: $work/data/tenants/$(name "$i")"
      echo "    replicas: [{url: 'file://$work/replica/tenants/$(name "$i")'}]"
    done
  } >"$work/replicator.yml"
else
  cat >"$work/replicator.yml" <<EOF
dbs:
  - dir: $work/data
    pattern: "*.db"
    recursive: true
    replicas:
      - url: file://$work/replica
EOF
fi

snapshots() { find "$work/replica" -name '*.snapshot.lz4' | wc -l; }
objects() { find "$work/replica" -type f | wc -l; }
start=$(now_ms)
REPLICATOR_JAR=$(ls -t target/replicator-*.jar | grep -v original | head -1) \
  bin/replicator replicate -config "$work/replicator.yml" >"$work/replicate.log" 2>&1 &
rep=$!
until [ "$(snapshots)" -ge "$n" ]; do
  if ! kill -0 "$rep" 2>/dev/null; then tail -5 "$work/replicate.log"; exit 1; fi
  sleep 0.2
done
ready_ms=$(( $(now_ms) - start ))
sleep 3
status() { awk -v k="$1" '$1 == k":" {print $2}' "/proc/$rep/status"; }
cpu_ticks() { awk '{print $14 + $15}' "/proc/$rep/stat"; }
rss=$(status VmRSS); hwm=$(status VmHWM)
threads=$(ls "/proc/$rep/task" | wc -l); fds=$(ls "/proc/$rep/fd" | wc -l)

before_objects=$(objects); before_cpu=$(cpu_ticks)
sleep "$idle_s"
idle_objects=$(( $(objects) - before_objects ))
idle_cpu_pct=$(( ($(cpu_ticks) - before_cpu) * 100 / $(getconf CLK_TCK) / idle_s ))

# Lag: one row into a database picked at random, then wait for a new object in its replica directory.
lags=()
for s in $(seq 1 "$lag_samples"); do
  i=$(( (RANDOM % n) + 1 ))
  dir="$work/replica/tenants/$(name "$i")"
  count=$(find "$dir" -name '*.wal.lz4' | wc -l)
  t0=$(now_ms)
  sqlite3 "$work/data/tenants/$(name "$i")" "PRAGMA busy_timeout=5000; INSERT INTO t(v) VALUES ('row $s');" >/dev/null
  until [ "$(find "$dir" -name '*.wal.lz4' | wc -l)" -gt "$count" ]; do sleep 0.02; done
  lags+=($(( $(now_ms) - t0 )))
  sleep 0.2
done
sorted=$(printf '%s\n' "${lags[@]}" | sort -n)
p50=$(echo "$sorted" | awk -v c="$lag_samples" 'NR == int((c + 1) / 2)')
p99=$(echo "$sorted" | tail -1)

kill -TERM "$rep"; wait "$rep" || true; rep=
printf 'N=%d mode=%s ready=%dms VmRSS=%dKB VmHWM=%dKB threads=%d fds=%d idle: cpu=%d%% objects=%d lag(%d writes): p50=%dms max=%dms\n' \
  "$n" "${mode#--}" "$ready_ms" "$rss" "$hwm" "$threads" "$fds" "$idle_cpu_pct" "$idle_objects" "$lag_samples" "$p50" "$p99"
