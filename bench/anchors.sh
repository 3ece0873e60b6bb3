#!/usr/bin/env bash
# The anchors of `make bench`: what the machine's own tools reach with the same records and settings.
#   (a) Kafka's ProducerPerformance (kafka-tools): same record count, record size = the real average
#       Confluent-framed Avro size, producer settings from src/main/resources/kafka/producer.properties,
#       one transaction for the whole run (as one upload is one transaction);
#   (b) kcat (Debian; installed here when missing): the same pre-encoded records (key = user_id) from a
#       file, same producer settings mapped to librdkafka names, one transaction, timed;
#   (c) ClickHouse's own insert of the same rows as UTF-8 CSV over HTTP into a throwaway table with
#       game_rounds' column types, timed; then the rows' distinct (hour, user_id, game_id) groups counted there;
#   (d) the same insert into the project's real schema (queries/0*.sql: game_rounds and both materialized
#       views) in a throwaway database: the floor for the ingest figure.
# Throwaway topics (bench-anchor-<run>-*), the table (default.bench_anchor_<run>) and the database
# (bench_anchor_views_<run>) are removed on exit.
# The CSV goes up as `-T -` from stdin: with `-T <file>` curl appends the file's name to a URL whose path
# ends in `/`, which 18.16 ignores and 26.7 answers with 404 ("There is no handle /clickhouse.csv").
#
# Usage: bench/anchors.sh <prepared-dir> <out.json>
#   <prepared-dir> holds stats.json, payloads.kcat and clickhouse.csv (bench.Prepare).
# Environment: STATE / KAFKA_LIB, BOOTSTRAP (127.0.0.1:19092), CLICKHOUSE_URL (http://127.0.0.1:18123),
#   PRODUCER_PROPS, ANCHORS (default "producer_perf kcat clickhouse clickhouse_views"), JAVA_HOME.
set -uo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
DIR=${1:?usage: anchors.sh <prepared-dir> <out.json>}
OUT=${2:?usage: anchors.sh <prepared-dir> <out.json>}
JAVA_HOME=${JAVA_HOME:-$("$ROOT/stack/java-home.sh")}
JAVA="$JAVA_HOME/bin/java"
BOOTSTRAP=${BOOTSTRAP:-127.0.0.1:19092}
CLICKHOUSE_URL=${CLICKHOUSE_URL:-http://127.0.0.1:18123}
PRODUCER_PROPS=${PRODUCER_PROPS:-$ROOT/src/main/resources/kafka/producer.properties}
ANCHORS=${ANCHORS:-producer_perf kcat clickhouse clickhouse_views}
PARTITIONS=${PARTITIONS:-6}
RUN_ID=$(date +%s)$$
TOPIC_PP="bench-anchor-$RUN_ID-pp"
TOPIC_KCAT="bench-anchor-$RUN_ID-kcat"
TABLE="default.bench_anchor_$RUN_ID"
VIEWS_DB="bench_anchor_views_$RUN_ID"
LOGS="$DIR/../anchor-logs"; mkdir -p "$LOGS"

# shellcheck source=bench/lib.sh
. "$ROOT/bench/lib.sh"
log() { printf '[anchors] %s\n' "$*" >&2; }
json_num() { python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))[sys.argv[2]])' "$DIR/stats.json" "$1"; }

KAFKA_LIB=$(kafka_lib_dir)
kafka_tool() { "$JAVA" --enable-native-access=ALL-UNNAMED -Xmx256m -cp "$KAFKA_LIB/*" "$@"; }

[ -f "$DIR/stats.json" ] || { log "no $DIR/stats.json (run bench.Prepare first)"; exit 2; }
ROWS=$(json_num rows) && AVG=$(json_num avg_avro_bytes) && DELIM=$(json_num kcat_delimiter) \
  || { log "cannot read $DIR/stats.json"; exit 2; }
RECORD_SIZE=$(python3 -c "print(round($AVG))")

declare -A R=()
topics_made=()
cleanup() {
  for t in "${topics_made[@]}"; do
    kafka_tool org.apache.kafka.tools.TopicCommand --bootstrap-server "$BOOTSTRAP" --delete --topic "$t" >>"$LOGS/topics.log" 2>&1 \
      || log "could not delete topic $t (see $LOGS/topics.log)"
  done
  [ -n "${table_made:-}" ] && curl -fsS "$CLICKHOUSE_URL/" --data-binary "DROP TABLE IF EXISTS $TABLE" >/dev/null 2>&1
  [ -n "${views_db_made:-}" ] && curl -fsS "$CLICKHOUSE_URL/" --data-binary "DROP DATABASE IF EXISTS $VIEWS_DB" >/dev/null 2>&1
}
trap cleanup EXIT

make_topic() {
  kafka_tool org.apache.kafka.tools.TopicCommand --bootstrap-server "$BOOTSTRAP" --create --topic "$1" \
    --partitions "$PARTITIONS" --replication-factor 1 >>"$LOGS/topics.log" 2>&1 || return 1
  topics_made+=("$1")
}

# ---------- (a) ProducerPerformance ----------
anchor_producer_perf() {
  [ -f "$KAFKA_LIB/.complete" ] || ls "$KAFKA_LIB"/kafka-tools-*.jar >/dev/null 2>&1 \
    || { log "producer_perf: no kafka-tools jars in $KAFKA_LIB (run make stack)"; return 1; }
  make_topic "$TOPIC_PP" || { log "producer_perf: cannot create topic"; return 1; }
  local out="$LOGS/producer-perf.log" tx=true
  log "producer_perf: $ROWS records of $RECORD_SIZE bytes, settings $PRODUCER_PROPS, one transaction"
  if ! kafka_tool org.apache.kafka.tools.ProducerPerformance --topic "$TOPIC_PP" --num-records "$ROWS" \
      --record-size "$RECORD_SIZE" --throughput -1 --producer.config "$PRODUCER_PROPS" \
      --producer-props bootstrap.servers="$BOOTSTRAP" --transactional-id "bench-anchor-$RUN_ID-pp" \
      --transaction-duration-ms 3600000 >"$out" 2>&1; then
    log "producer_perf: transactional run failed (see $out); retrying without a transaction"
    tx=false
    kafka_tool org.apache.kafka.tools.ProducerPerformance --topic "$TOPIC_PP" --num-records "$ROWS" \
      --record-size "$RECORD_SIZE" --throughput -1 --producer.config "$PRODUCER_PROPS" \
      --producer-props bootstrap.servers="$BOOTSTRAP" >"$out" 2>&1 || { log "producer_perf failed: $(tail -3 "$out")"; return 1; }
  fi
  # summary: "N records sent, X records/sec (Y MB/sec), A ms avg latency, M ms max latency, p50 ms 50th, ..."
  local line; line=$(grep -E "^$ROWS records sent" "$out" | tail -1)
  [ -n "$line" ] || { log "producer_perf: no summary line in $out"; return 1; }
  R[producer_perf_rows_per_s]=$(sed -E 's/.* records sent, ([0-9.]+) records\/sec.*/\1/' <<<"$line")
  R[producer_perf_mb_per_s]=$(sed -E 's/.*\(([0-9.]+) MB\/sec\).*/\1/' <<<"$line")
  R[producer_perf_avg_latency_ms]=$(sed -E 's/.*, ([0-9.]+) ms avg latency.*/\1/' <<<"$line")
  R[producer_perf_transactional]=$tx
  R[producer_perf_record_size]=$RECORD_SIZE
  log "producer_perf: $line"
}

# ---------- (b) kcat ----------
kcat_settings() {
  # producer.properties (Java client names) → librdkafka -X options
  local k v
  while IFS='=' read -r k v; do
    k=$(tr -d '[:space:]' <<<"$k"); v=$(tr -d '[:space:]' <<<"$v")
    case "$k" in
      ''|\#*) ;;
      buffer.memory) echo "-X queue.buffering.max.kbytes=$((v / 1024))" ;;
      max.request.size) echo "-X message.max.bytes=$v" ;;
      acks|enable.idempotence|compression.type|linger.ms|batch.size|max.in.flight.requests.per.connection|delivery.timeout.ms|request.timeout.ms|retries|retry.backoff.ms|batch.num.messages)
        echo "-X $k=$v" ;;
      *) log "kcat: no librdkafka equivalent for $k (left out)" ;;
    esac
  done <"$PRODUCER_PROPS"
}

anchor_kcat() {
  debian_command kcat kcat "$LOGS/kcat-install.log" || { log "kcat: apt-get install failed (see $LOGS/kcat-install.log)"; return 1; }
  make_topic "$TOPIC_KCAT" || { log "kcat: cannot create topic"; return 1; }
  local delivery; delivery=$(sed -n 's/^delivery.timeout.ms=//p' "$PRODUCER_PROPS"); delivery=${delivery:-120000}
  # shellcheck disable=SC2207
  local opts=($(kcat_settings))
  log "kcat: $ROWS pre-encoded records (key user_id) from $(basename "$DIR")/payloads.kcat, one transaction"
  local t0 t1
  t0=$(now_ns)
  kcat -P -b "$BOOTSTRAP" -t "$TOPIC_KCAT" -D "$DELIM" -K '\x1f' "${opts[@]}" \
    -X queue.buffering.max.messages=2000000 -X transactional.id="bench-anchor-$RUN_ID-kcat" \
    -X transaction.timeout.ms=$((delivery > 60000 ? delivery : 60000)) <"$DIR/payloads.kcat" >"$LOGS/kcat.log" 2>&1 \
    || { log "kcat failed: $(tail -3 "$LOGS/kcat.log")"; return 1; }
  t1=$(now_ns)
  grep -q "Transaction successfully committed" "$LOGS/kcat.log" || { log "kcat: transaction not committed"; return 1; }
  local seen
  seen=$(kcat -C -b "$BOOTSTRAP" -t "$TOPIC_KCAT" -e -q -X isolation.level=read_committed -f 'x\n' 2>>"$LOGS/kcat.log" | wc -l)
  [ "$seen" = "$ROWS" ] || { log "kcat: $seen committed records in the topic, expected $ROWS"; return 1; }
  R[kcat_s]=$(python3 -c "print(round(($t1-$t0)/1e9, 3))")
  R[kcat_rows_per_s]=$(python3 -c "print(round($ROWS/(($t1-$t0)/1e9), 1))")
  log "kcat: $ROWS records in ${R[kcat_s]} s (one transaction)"
  # context: the same without a transaction (librdkafka's transactional producer costs a lot here)
  t0=$(now_ns)
  if kcat -P -b "$BOOTSTRAP" -t "$TOPIC_KCAT" -D "$DELIM" -K '\x1f' "${opts[@]}" \
      -X queue.buffering.max.messages=2000000 <"$DIR/payloads.kcat" >>"$LOGS/kcat.log" 2>&1; then
    t1=$(now_ns)
    R[kcat_no_transaction_rows_per_s]=$(python3 -c "print(round($ROWS/(($t1-$t0)/1e9), 1))")
    log "kcat: $ROWS records in $(python3 -c "print(round(($t1-$t0)/1e9, 3))") s without a transaction"
  fi
}

# ---------- (c) ClickHouse CSV insert ----------
anchor_clickhouse() {
  local q
  curl -fsS "$CLICKHOUSE_URL/?query=SELECT%201" >/dev/null 2>&1 || { log "clickhouse: not answering at $CLICKHOUSE_URL"; return 1; }
  curl -fsS "$CLICKHOUSE_URL/" --data-binary "CREATE TABLE $TABLE (
      created_timestamp DateTime('UTC'), game_instance_id Int64, user_id String, game_id Int64,
      real_amount_bet Nullable(Decimal(18, 4)), bonus_amount_bet Nullable(Decimal(18, 4)),
      real_amount_win Nullable(Decimal(18, 4)), bonus_amount_win Nullable(Decimal(18, 4)),
      game_name String, provider String, upload_id String, _partition Int32, _offset Int64)
    ENGINE = MergeTree PARTITION BY toYYYYMM(created_timestamp) ORDER BY (created_timestamp, game_instance_id)" \
    >"$LOGS/clickhouse.log" 2>&1 || { log "clickhouse: CREATE TABLE failed: $(cat "$LOGS/clickhouse.log")"; return 1; }
  table_made=1
  q=$(python3 -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1]))' \
    "INSERT INTO $TABLE (created_timestamp, game_instance_id, user_id, game_id, real_amount_bet, bonus_amount_bet, real_amount_win, bonus_amount_win, game_name, provider) FORMAT CSV")
  log "clickhouse: INSERT … FORMAT CSV of $ROWS rows ($(du -h "$DIR/clickhouse.csv" | cut -f1)) into $TABLE"
  local t0 t1 n
  t0=$(now_ns)
  curl -fsS -X POST -H 'Expect:' -H 'Content-Type: text/csv' -T - "$CLICKHOUSE_URL/?query=$q" <"$DIR/clickhouse.csv" \
    >>"$LOGS/clickhouse.log" 2>&1 || { log "clickhouse: INSERT failed: $(tail -c 400 "$LOGS/clickhouse.log")"; return 1; }
  t1=$(now_ns)
  n=$(curl -fsS "$CLICKHOUSE_URL/" --data-binary "SELECT count() FROM $TABLE")
  [ "$n" = "$ROWS" ] || { log "clickhouse: $n rows in the table, expected $ROWS"; return 1; }
  R[clickhouse_csv_insert_s]=$(python3 -c "print(round(($t1-$t0)/1e9, 3))")
  R[clickhouse_csv_insert_rows_per_s]=$(python3 -c "print(round($ROWS/(($t1-$t0)/1e9), 1))")
  log "clickhouse: $ROWS rows in ${R[clickhouse_csv_insert_s]} s"
  # what the hourly views must aggregate: the data's shape, the reason one profile costs the schema more than another
  R[groups]=$(curl -fsS "$CLICKHOUSE_URL/" --data-binary "SELECT uniqExact(toStartOfHour(created_timestamp), user_id, game_id) FROM $TABLE") \
    && R[groups_per_row]=$(python3 -c "print(round(${R[groups]} / $ROWS, 4))") \
    && log "clickhouse: ${R[groups]} distinct (hour, user_id, game_id), ${R[groups_per_row]} per row"
}

# ---------- (d) ClickHouse CSV insert into the real schema, views included ----------
# The floor for ingest_to_clickhouse_s: the project's own migrations (game_rounds and both materialized views)
# in a throwaway database, and the same CSV inserted by ClickHouse itself. The views run inside the INSERT,
# so when it returns every row is in the hourly aggregates.
anchor_clickhouse_views() {
  local f sql t0 t1 n q
  curl -fsS "$CLICKHOUSE_URL/" --data-binary "CREATE DATABASE $VIEWS_DB" >"$LOGS/clickhouse-views.log" 2>&1 \
    || { log "clickhouse_views: CREATE DATABASE failed: $(cat "$LOGS/clickhouse-views.log")"; return 1; }
  views_db_made=1
  for f in "$ROOT"/queries/0*.sql; do
    case "$f" in */001_database.sql|*/002_schema_migrations.sql) continue;; esac
    sql=$(sed "s/game_data\./$VIEWS_DB./g" "$f")
    curl -fsS "$CLICKHOUSE_URL/" --data-binary "$sql" >>"$LOGS/clickhouse-views.log" 2>&1 \
      || { log "clickhouse_views: $(basename "$f") failed: $(tail -c 400 "$LOGS/clickhouse-views.log")"; return 1; }
  done
  q=$(python3 -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1]))' \
    "INSERT INTO $VIEWS_DB.game_rounds (created_timestamp, game_instance_id, user_id, game_id, real_amount_bet, bonus_amount_bet, real_amount_win, bonus_amount_win, game_name, provider) FORMAT CSV")
  log "clickhouse_views: INSERT … FORMAT CSV of $ROWS rows into $VIEWS_DB.game_rounds and its two materialized views"
  t0=$(now_ns)
  curl -fsS -X POST -H 'Expect:' -H 'Content-Type: text/csv' -T - "$CLICKHOUSE_URL/?query=$q" <"$DIR/clickhouse.csv" \
    >>"$LOGS/clickhouse-views.log" 2>&1 || { log "clickhouse_views: INSERT failed: $(tail -c 400 "$LOGS/clickhouse-views.log")"; return 1; }
  t1=$(now_ns)
  n=$(curl -fsS "$CLICKHOUSE_URL/" --data-binary "SELECT countMerge(rounds) FROM $VIEWS_DB.hourly_by_player")
  [ "$n" = "$ROWS" ] || { log "clickhouse_views: $n rounds in the aggregates, expected $ROWS"; return 1; }
  R[clickhouse_insert_with_views_s]=$(python3 -c "print(round(($t1-$t0)/1e9, 3))")
  log "clickhouse_views: all $ROWS rows in the aggregates in ${R[clickhouse_insert_with_views_s]} s"
}

for a in $ANCHORS; do
  "anchor_$a" || log "$a: not measured"
done
R[avg_avro_bytes]=$AVG

write_figures R "$OUT"   # the figures measured (absent ones are null in the report)
