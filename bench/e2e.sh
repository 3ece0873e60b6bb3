#!/usr/bin/env bash
# End to end part of `make bench` (issue 7, part 3): the real service on the local stack, one run.
#   1. starts target/roundhouse.jar (-Xmx1g) on a free port with its own topic, ClickHouse database and sink
#      group (bench-e2e-<run>; all removed afterwards, schema subject too), so a cached file is never a 409
#      duplicate and no other data is counted;
#   2. a warm-up upload (half the file and an invalid row, on_error=reject: 422, nothing committed), then
#      POST /uploads of <rounds.csv> (curl streams it) until the answer: the transaction is committed;
#   3. from that answer until countMerge(rounds) of <db>.hourly_by_player equals rows_accepted (polled every 50 ms);
#   4. GET /aggregates latency, 1 then 50 clients (dev.roundhouse.bench.LoadGenerator)            [EXTRAS only];
#   5. POST /reconciliations of the same file, status must be "match";
#   6. the file again, raw, gzip and zstd (<rounds.csv>.gz/.zst, made beforehand), on loopback and at
#      LINK_BYTES_PER_S (curl --limit-rate, default 12500000 = 100 Mbit/s): each must answer 409, the same
#      file, so each runs the whole upload path and aborts where the first committed                [EXTRAS only];
#   7. the service's peak RSS (VmHWM)                                                               [EXTRAS only].
#   Then the service is stopped by PID, the database dropped, topics deleted.
# With STREAM_ROWS=N (the memory figure) step 2 is instead one upload of N generated rows piped from the
# generator into curl (never on disk; no warm-up), step 3 follows, and steps 4 to 6 are left out; HEAP sets the
# service's -Xmx (default 1g).
# A step that fails leaves its figures out (null in the report); the script then exits non-zero.
#
# Usage: bench/e2e.sh <rounds.csv> <prepared-dir> <out.json>
# Environment: PROFILE (the data's generator profile, for the log), EXTRAS=1 (steps 4, 6 and 7),
#   LOOKUPS (requests per latency phase, after a warm-up; default 1000 with QUICK, else 10000),
#   LINK_BYTES_PER_S (12500000), STREAM_ROWS and HEAP (above), SEED (20240301),
#   INGEST_TIMEOUT_S (30 with QUICK, else 120),
#   JAR (target/roundhouse.jar), STATE / KAFKA_LIB, BOOTSTRAP, CLICKHOUSE_URL, SCHEMA_REGISTRY_URL, JAVA_HOME.
set -uo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
CSV=${1:?usage: e2e.sh <rounds.csv> <prepared-dir> <out.json>}
DIR=${2:?usage: e2e.sh <rounds.csv> <prepared-dir> <out.json>}
OUT=${3:?usage: e2e.sh <rounds.csv> <prepared-dir> <out.json>}
JAVA_HOME=${JAVA_HOME:-$("$ROOT/stack/java-home.sh")}
JAVA="$JAVA_HOME/bin/java"
JAR=${JAR:-$ROOT/target/roundhouse.jar}
BOOTSTRAP=${BOOTSTRAP:-127.0.0.1:19092}
CLICKHOUSE_URL=${CLICKHOUSE_URL:-http://127.0.0.1:18123}
SCHEMA_REGISTRY_URL=${SCHEMA_REGISTRY_URL:-http://127.0.0.1:18081/apis/ccompat/v7}
if [ -n "${QUICK:-}" ] && [ "$QUICK" != 0 ]; then LOOKUPS=${LOOKUPS:-1000} INGEST_TIMEOUT_S=${INGEST_TIMEOUT_S:-30}
else LOOKUPS=${LOOKUPS:-10000} INGEST_TIMEOUT_S=${INGEST_TIMEOUT_S:-120}; fi
RUN_ID=$(date +%s)$$
TOPIC="bench-e2e-$RUN_ID"
DB="bench_e2e_$RUN_ID"
LOGS="$DIR/../e2e-logs${PROFILE:+-$PROFILE}"; mkdir -p "$LOGS"

# shellcheck source=bench/lib.sh
. "$ROOT/bench/lib.sh"
log() { printf '[e2e %s %3ds] %s\n' "${PROFILE:-}" "$SECONDS" "$*" >&2; }
secs() { python3 -c "print(round(($2 - $1) / 1e9, 3))"; }
json_get() { python3 -c 'import json,sys; print(json.load(open(sys.argv[1])).get(sys.argv[2], ""))' "$1" "$2"; }
kafka_tool() { "$JAVA" --enable-native-access=ALL-UNNAMED -Xmx256m -cp "$(kafka_lib_dir)/*" "$@" >>"$LOGS/cleanup.log" 2>&1; }
clickhouse() { curl -fsS "$CLICKHOUSE_URL/" --data-binary "$1"; }

[ -f "$JAR" ] || { log "no $JAR (mvn package first)"; exit 2; }
declare -A R=()
PID=
cleanup() {
  write_figures R "$OUT"   # whatever was measured, also when a step failed
  if [ -n "$PID" ] && kill -0 "$PID" 2>/dev/null; then
    kill -TERM "$PID"
    for _ in $(seq 100); do kill -0 "$PID" 2>/dev/null || break; sleep 0.1; done
    kill -0 "$PID" 2>/dev/null && { log "service did not stop in 10 s; killing $PID"; kill -KILL "$PID"; }
  fi
  clickhouse "DROP DATABASE IF EXISTS $DB" >/dev/null 2>&1 || log "could not drop database $DB"
  for t in "$TOPIC" "$TOPIC-dlq" "$TOPIC-uploads"; do
    kafka_tool org.apache.kafka.tools.TopicCommand --bootstrap-server "$BOOTSTRAP" --delete --if-exists --topic "$t" \
      || log "could not delete topic $t (see $LOGS/cleanup.log)"
  done
  kafka_tool org.apache.kafka.tools.consumer.group.ConsumerGroupCommand --bootstrap-server "$BOOTSTRAP" --delete --group "$TOPIC" \
    || true   # absent when the service has no sink
  # the run's schema subject: soft delete, then permanent (Confluent semantics)
  curl -fsS -o /dev/null -X DELETE "$SCHEMA_REGISTRY_URL/subjects/$TOPIC-value" 2>/dev/null \
    && curl -fsS -o /dev/null -X DELETE "$SCHEMA_REGISTRY_URL/subjects/$TOPIC-value?permanent=true" 2>/dev/null
}
trap cleanup EXIT

# ---------- 1. the service ----------
PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
BASE="http://127.0.0.1:$PORT"
log "service: $(basename "$JAR") on :$PORT, topic $TOPIC, database $DB (log: $LOGS/service.log)"
# 10 M rows of UTF-16 are ~2.2 GB, past the default 2 GiB upload limit: the memory run lifts it (8 GiB).
ROUNDHOUSE_PORT=$PORT KAFKA_BOOTSTRAP_SERVERS=$BOOTSTRAP CLICKHOUSE_URL=$CLICKHOUSE_URL KAFKA_TOPIC=$TOPIC \
  SCHEMA_REGISTRY_URL=$SCHEMA_REGISTRY_URL CLICKHOUSE_DATABASE=$DB ROUNDHOUSE_SINK_GROUP=$TOPIC ROUNDHOUSE_SHUTDOWN_GRACE_SECONDS=2 \
  ROUNDHOUSE_MAX_UPLOAD_BYTES=${MAX_UPLOAD_BYTES:-8589934592} \
  "$JAVA" --enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow -XX:+UseG1GC -Xmx"${HEAP:-1g}" \
  -jar "$JAR" >"$LOGS/service.log" 2>&1 &
PID=$!
for i in $(seq 1200); do
  [ "$(curl -s -o /dev/null -w '%{http_code}' "$BASE/health")" = 200 ] && break
  kill -0 "$PID" 2>/dev/null || { log "service exited: $(tail -5 "$LOGS/service.log")"; exit 1; }
  [ "$i" = 1200 ] && { log "service not healthy after 120 s"; exit 1; }
  sleep 0.1
done

# ---------- 2. upload ----------
CP="$ROOT/target/classes:$ROOT/bench/target/classes:$(cat "$ROOT/bench/target/classpath.txt")"   # as run.sh's
if [ -n "${STREAM_ROWS:-}" ]; then
  ROWS=$STREAM_ROWS BYTES=
  log "upload: $ROWS rows piped from the generator (never on disk), service at -Xmx${HEAP:-1g}"
  t0=$(now_ns)
  code=$("$JAVA" -Xmx256m -cp "$CP" dev.roundhouse.generate.RoundsGenerator --rows "$ROWS" --seed "${SEED:-20240301}" --out - \
    | curl -sS -X POST -H 'Content-Type: text/csv' -H 'Expect:' -T - -o "$LOGS/upload.json" -w '%{http_code}' "$BASE/uploads")
  t_uploaded=$(now_ns)
  [ "$code" = 200 ] || { log "upload: HTTP $code: $(head -c 400 "$LOGS/upload.json")"; exit 1; }
else
  BYTES=$(stat -c %s "$CSV")
  ROWS=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["rows"])' "$DIR/stats.json")

  # 2a. warm-up: the first half of the file plus one invalid row, sent with on_error=reject. It runs the whole
  # upload path (HTTP, parse, encode, Kafka transaction) and ends in a 422 with the transaction aborted, so nothing
  # becomes visible. On a fresh JVM the JIT compiles that path during the first upload (about 4 s of compiler CPU
  # on the 2 cores the upload itself needs), which a long-running service pays once; the measured upload below is
  # the steady state, and this one's rate is reported as upload_cold_rows_per_s.
  WARMUP="$DIR/warmup.csv"
  if [ ! -s "$WARMUP" ]; then
    python3 - "$CSV" "$WARMUP.tmp" <<'PY' && mv "$WARMUP.tmp" "$WARMUP"
import sys
data = open(sys.argv[1], 'rb').read()
enc = 'utf-16-be' if data[:2] != b'\xff\xfe' else 'utf-16-le'
newline = '\n'.encode(enc)
cut = len(data) // 2 & ~1
while data[cut:cut + 2] != newline:
    cut += 2
open(sys.argv[2], 'wb').write(data[:cut + 2] + 'warm-up,not,a,valid,row\n'.encode(enc))
PY
  fi
  t0=$(now_ns)
  code=$(curl -sS -X POST -H 'Content-Type: text/csv' -H 'Expect:' -T "$WARMUP" -o "$LOGS/warmup.json" -w '%{http_code}' "$BASE/uploads?on_error=reject")
  t1=$(now_ns)
  [ "$code" = 422 ] || { log "warm-up upload: HTTP $code, expected 422: $(head -c 400 "$LOGS/warmup.json")"; exit 1; }
  warm_rows=$(json_get "$LOGS/warmup.json" rows_read)
  R[upload_cold_rows_per_s]=$(python3 -c "print(round($warm_rows / $(secs "$t0" "$t1"), 1))")
  log "warm-up: $warm_rows rows (the last invalid), rejected as expected (nothing committed), ${R[upload_cold_rows_per_s]} rows/s on a cold JVM"

  log "upload: $ROWS rows, $((BYTES / 1000000)) MB"
  t0=$(now_ns)
  code=$(curl -sS -X POST -H 'Content-Type: text/csv' -H 'Expect:' -T "$CSV" -o "$LOGS/upload.json" -w '%{http_code}' "$BASE/uploads")
  t_uploaded=$(now_ns)
  [ "$code" = 200 ] || { log "upload: HTTP $code: $(head -c 400 "$LOGS/upload.json")"; exit 1; }
fi

# ---------- 3. ingest into the aggregates (polled before anything else, so the figure is not inflated) ----------
# Polls the raw table's count() (a cheap read) until every row is there, and only then the aggregate itself:
# a countMerge over the hourly table every 50 ms costs ClickHouse more CPU than the ingest can spare.
deadline=$((t_uploaded + INGEST_TIMEOUT_S * 1000000000))
probe="SELECT count() FROM $DB.game_rounds"
while :; do
  n=$(clickhouse "$probe" 2>/dev/null)
  if [ "$n" = "$ROWS" ] && [ "${probe#*countMerge}" = "$probe" ]; then
    probe="SELECT countMerge(rounds) FROM $DB.hourly_by_player"
    n=$(clickhouse "$probe" 2>/dev/null)
  fi
  t=$(now_ns)
  [ "$n" = "$ROWS" ] && { R[ingest_to_clickhouse_s]=$(secs "$t_uploaded" "$t") R[rows_ingested]=$ROWS; break; }
  [ "$t" -gt "$deadline" ] && { log "ingest: ${n:-?} of $ROWS rounds in the aggregates after $INGEST_TIMEOUT_S s"; break; }
  sleep 0.05
done

accepted=$(json_get "$LOGS/upload.json" rows_accepted 2>/dev/null)
[ "$accepted" = "$ROWS" ] || { log "upload: rows_accepted '$accepted', expected $ROWS: $(head -c 400 "$LOGS/upload.json")"; exit 1; }
R[upload_s]=$(secs "$t0" "$t_uploaded")
R[upload_rows_per_s]=$(python3 -c "print(round($ROWS / ${R[upload_s]}, 1))")
[ -n "$BYTES" ] && R[upload_mb_per_s]=$(python3 -c "print(round($BYTES / 1e6 / ${R[upload_s]}, 1))")
log "upload: committed in ${R[upload_s]} s (${R[upload_rows_per_s]} rows/s, ${R[upload_mb_per_s]:-?} MB/s)"
[ -n "${R[ingest_to_clickhouse_s]:-}" ] && log "ingest: all $ROWS rounds in $DB.hourly_by_player ${R[ingest_to_clickhouse_s]} s after the upload returned"

# ---------- 4. lookups ----------
if [ -n "${EXTRAS:-}" ]; then
log "aggregates: $LOOKUPS requests with 1 client, then $LOOKUPS with 50 clients (after warm-ups)"
if "$JAVA" -Xmx512m -cp "$CP" dev.roundhouse.bench.LoadGenerator "$BASE" "$CSV" "$LOOKUPS" >"$LOGS/lookups.json" 2>"$LOGS/lookups.log"; then
  while IFS='=' read -r k v; do R[$k]=$v; done < <(python3 -c \
    'import json,sys; [print(f"{k}={v}") for k, v in json.load(open(sys.argv[1])).items()]' "$LOGS/lookups.json")
  log "aggregates: p50 ${R[aggregates_p50_ms]} ms, p99 ${R[aggregates_p99_ms]} ms; 50 clients: p50 ${R[aggregates_p50_ms_50_clients]} ms, p99 ${R[aggregates_p99_ms_50_clients]} ms"
else
  log "aggregates: load generator failed: $(tail -3 "$LOGS/lookups.log")"
fi
fi

# ---------- 5. reconciliation ----------
if [ -z "${STREAM_ROWS:-}" ]; then
t0=$(now_ns)
code=$(curl -sS -X POST -H 'Content-Type: text/csv' -H 'Expect:' -T "$CSV" -o "$LOGS/reconcile.json" -w '%{http_code}' "$BASE/reconciliations")
t1=$(now_ns)
status=$(json_get "$LOGS/reconcile.json" status 2>/dev/null)
if [ "$code" = 200 ] && [ "$status" = match ]; then
  R[reconcile_s]=$(secs "$t0" "$t1")
  log "reconcile: match in ${R[reconcile_s]} s"
else
  log "reconcile: HTTP $code, status '$status': $(head -c 400 "$LOGS/reconcile.json")"
fi
fi

# ---------- 6. the same file compressed, on loopback and over a limited link ----------
# upload_<encoding>[_100mbit]_s: until the 409 answer. The file was committed in step 2, so every replay reads,
# decompresses, validates, encodes and produces all rows in a transaction and aborts it instead of committing
# (the only difference with a first upload: milliseconds either way). It also proves, on the full file, that the
# digest is of the decompressed CSV.
LINK_BYTES_PER_S=${LINK_BYTES_PER_S:-12500000}
replay() {   # <figure> <file> <Content-Encoding or empty> [curl options]
  local figure=$1 file=$2 encoding=$3 t0 t1 code; shift 3
  local headers=(-H 'Content-Type: text/csv' -H 'Expect:')
  [ -n "$encoding" ] && headers+=(-H "Content-Encoding: $encoding")
  t0=$(now_ns)
  code=$(curl -sS -X POST "${headers[@]}" "$@" -T "$file" -o "$LOGS/$figure.json" -w '%{http_code}' "$BASE/uploads")
  t1=$(now_ns)
  if [ "$code" = 409 ]; then
    R[$figure]=$(secs "$t0" "$t1")
    log "$figure: ${R[$figure]} s for $(($(stat -c %s "$file") / 1000000)) MB on the wire (409: the same file)"
  else
    log "$figure: HTTP $code, expected 409: $(head -c 400 "$LOGS/$figure.json")"
  fi
}
if [ -n "${EXTRAS:-}" ]; then
  for link in loopback limited; do
    suffix=; limit=()
    [ "$link" = limited ] && { suffix=_100mbit; limit=(--limit-rate "$LINK_BYTES_PER_S"); }
    replay "upload_raw${suffix}_s" "$CSV" "" "${limit[@]}"
    [ -s "$CSV.gz" ] && replay "upload_gzip${suffix}_s" "$CSV.gz" gzip "${limit[@]}"
    [ -s "$CSV.zst" ] && replay "upload_zstd${suffix}_s" "$CSV.zst" zstd "${limit[@]}"
  done
  for f in gz zst; do [ -s "$CSV.$f" ] && R[${f}_mb]=$(python3 -c "print(round($(stat -c %s "$CSV.$f") / 1e6, 1))"); done
  R[raw_mb]=$(python3 -c "print(round($BYTES / 1e6, 1))")
fi

# ---------- 7. peak RSS ----------
hwm_kb=$(awk '/^VmHWM:/ {print $2}' "/proc/$PID/status" 2>/dev/null)
[ -n "$hwm_kb" ] && R[service_peak_rss_mb]=$((hwm_kb / 1024))

required=(upload_s ingest_to_clickhouse_s)
[ -z "${STREAM_ROWS:-}" ] && required+=(reconcile_s)
[ -n "${EXTRAS:-}" ] && required+=(aggregates_p99_ms_50_clients service_peak_rss_mb)
for k in "${required[@]}"; do
  [ -n "${R[$k]:-}" ] || exit 1
done
