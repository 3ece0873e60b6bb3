#!/usr/bin/env bash
# END-TO-END HOOK of `make bench` (issue 7, part 3) — NOT IMPLEMENTED YET.
#
# Called by bench/run.sh as:  bench/e2e.sh <rounds.csv> <prepared-dir> <out.json>
# It must write <out.json> with any of these keys (missing ones are reported as null):
#   upload_rows_per_s, upload_mb_per_s, upload_s   POST /uploads of <rounds.csv> until the transaction is committed
#   ingest_to_clickhouse_s                          upload returned → every row in the hourly aggregates
#   aggregates_p50_ms, aggregates_p99_ms            GET /aggregates, 1 client
#   aggregates_p99_ms_50_clients                    GET /aggregates, 50 concurrent clients
#   reconcile_s                                     POST /reconciliations of the full file
#   service_peak_rss_mb                             peak RSS of the service process (VmHWM)
# Plan: start target/roundhouse.jar on a free port (own PID, stopped by PID), wait for /health, curl the
# file, poll ClickHouse count() against rows_accepted, a small Java load generator for the lookups,
# read /proc/<pid>/status VmHWM at the end.
set -euo pipefail
OUT=${3:?usage: e2e.sh <rounds.csv> <prepared-dir> <out.json>}
echo '[e2e] end-to-end part not implemented yet (bench issue part 3): upload/ingest/aggregates/reconcile figures are null' >&2
echo '{}' >"$OUT"
