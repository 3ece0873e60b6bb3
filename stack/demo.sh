#!/usr/bin/env bash
# make demo: the main job end to end on generated data — upload a UTF-16BE CSV, read aggregates back,
# reconcile the file against ClickHouse. Starts the service on :8000 unless one already answers there.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
JAVA="$("$ROOT/stack/java-home.sh")/bin/java"
PORT=${ROUNDHOUSE_PORT:-8000}
BASE="http://127.0.0.1:$PORT"
WORK="$ROOT/.state/demo"
ROWS=${ROWS:-20000}
mkdir -p "$WORK"

step() { printf '\n== %s\n' "$*"; }
json() { python3 -m json.tool; }

started=""
if ! curl -fsS "$BASE/health" >/dev/null 2>&1; then
  step "starting roundhouse on :$PORT (log $WORK/service.log)"
  ROUNDHOUSE_PORT=$PORT setsid "$JAVA" --enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow \
    -Xmx1g -jar "$ROOT/target/roundhouse.jar" >"$WORK/service.log" 2>&1 </dev/null &
  started=$!
  trap '[ -n "$started" ] && kill "$started" 2>/dev/null; wait "$started" 2>/dev/null || true' EXIT
  for _ in $(seq 1 120); do curl -fsS "$BASE/health" >/dev/null 2>&1 && break; sleep 0.5; done
fi
step "GET /health"
curl -sS "$BASE/health" | json

step "generating $ROWS rows (UTF-16BE with BOM)"
# A fresh seed each run, so the demo's file is never a duplicate of an earlier upload.
SEED=$(date +%s)
"$JAVA" -cp "$ROOT/target/roundhouse.jar" dev.roundhouse.generate.RoundsGenerator \
  --rows "$ROWS" --seed "$SEED" --first-id "$((SEED * 100))" --out "$WORK/rounds.csv"

step "POST /uploads"
curl -sS -X POST "$BASE/uploads" -H 'Content-Type: text/csv' --data-binary @"$WORK/rounds.csv" | tee "$WORK/upload.json" | json

PLAYER=$(iconv -f UTF-16 -t UTF-8 "$WORK/rounds.csv" | sed -n 2p | cut -d, -f3)
step "GET /aggregates for player $PLAYER (waiting for the sink)"
for _ in $(seq 1 60); do
  body=$(curl -sS "$BASE/aggregates?player_id=$PLAYER&limit=5&totals=true")
  case "$body" in *'"items":[]'*) sleep 0.5 ;; *) break ;; esac
done
echo "$body" | json

step "POST /reconciliations (the same file)"
sleep 2
curl -sS -X POST "$BASE/reconciliations" -H 'Content-Type: text/csv' --data-binary @"$WORK/rounds.csv" | json
