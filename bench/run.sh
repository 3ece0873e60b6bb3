#!/usr/bin/env bash
# `make bench`: performance regression run against the machine's limits, in one run.
#
#   bench/run.sh                 full file: ROWS=2101934 rows
#   QUICK=1 bench/run.sh         200,000 rows, short JMH, a 1 M-row memory run
#
# Environment:
#   ROWS=N           rows of the generated file (default 2101934; QUICK: 200000)
#   SEED=S           generator seed (default 20240301)
#   QUICK=1          short run
#   BENCH_STRICT=1   exit non-zero when a figure regressed > 15 % against bench/baseline.json
#   PROFILES="session independent"   generator profiles for the ClickHouse-side figures (ingest, anchors (c)
#                    and (d), reconciliation); the first one also gets the upload, lookup and compression figures
#   BENCH_UPDATE_BASELINE=1   store this run's figures as the baseline for its row count
#   SKIP_BUILD=1     do not rebuild/install the service and the bench module
#   MEMORY_ROWS=N    rows of the memory run (default 10000000; QUICK: 1000000)
#   SKIP_JMH=1 / SKIP_ANCHORS=1 / SKIP_E2E=1 / SKIP_MEMORY=1     leave a part out (its figures are null)
#   JMH_ARGS="…"     extra/overriding JMH options (e.g. "-prof gc")
#
# Steps: build (service installed into ~/.m2, bench module compiled) → data (generated + prepared once per
# rows/seed/profile/generator version under bench/data/, git-ignored; gzip and zstd copies of the first
# profile's file) → JMH (FastCSV, our reader and our reader+encoder; one data set) → per profile: anchors
# (bench/anchors.sh) and end to end on the local stack (bench/e2e.sh) → bench/results/latest.json + table +
# comparison with bench/baseline.json (bench/report.py).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
JAVA_HOME=$("$ROOT/stack/java-home.sh"); export JAVA_HOME
export PATH="$JAVA_HOME/bin:$PATH"
export MAVEN_OPTS=${MAVEN_OPTS:---sun-misc-unsafe-memory-access=allow}
JAVA="$JAVA_HOME/bin/java"
MVN="mvn -B -q"

QUICK=${QUICK:-}
[ "$QUICK" = 0 ] && QUICK=
if [ -n "$QUICK" ]; then ROWS=${ROWS:-200000}; else ROWS=${ROWS:-2101934}; fi
SEED=${SEED:-20240301}
RESULTS="$ROOT/bench/results"
mkdir -p "$RESULTS"
log() { printf '[bench] %s\n' "$*" >&2; }
t_start=$SECONDS

# ---------- build ----------
if [ -z "${SKIP_BUILD:-}" ]; then
  log "build: service (mvn install -DskipTests) and bench module"
  $MVN install -DskipTests
  $MVN -f bench/pom.xml clean compile   # clean: a changed service jar does not trigger recompiling
fi
PATTERN='FastCsvBenchmark|HotPathBenchmark'
# this checkout's classes first: ~/.m2 holds whichever checkout ran `mvn install` last (worktrees share it)
CP="$ROOT/target/classes:$ROOT/bench/target/classes:$(cat bench/target/classpath.txt)"

# ---------- data (cached) ----------
# cache key: rows + seed + profile + a fingerprint of the generator's source, so a changed generator never reuses
# old data
PROFILES=${PROFILES:-session independent}
read -r PRIMARY _ <<<"$PROFILES"
FP=$(cat src/main/java/dev/roundhouse/generate/*.java bench/src/main/java/dev/roundhouse/bench/Prepare.java | sha256sum | cut -c1-8)
data_dir() { echo "$ROOT/bench/data/rows-$ROWS-seed-$SEED-$1-$FP"; }
for profile in $PROFILES; do
  DATA=$(data_dir "$profile")
  if [ ! -f "$DATA/stats.json" ]; then
    rm -rf "$ROOT"/bench/data/rows-"$ROWS"-seed-"$SEED"-"$profile"-*   # older versions of the same rows/seed/profile
    mkdir -p "$DATA"
    log "data: generating $ROWS rows (seed $SEED, profile $profile) into $DATA"
    "$JAVA" -Xmx512m -cp "$CP" dev.roundhouse.generate.RoundsGenerator --rows "$ROWS" --seed "$SEED" --profile "$profile" --out "$DATA/rounds.csv"
    log "data: preparing the anchors' inputs (Avro payloads, ClickHouse CSV)"
    "$JAVA" -Xmx1g -cp "$CP" dev.roundhouse.bench.Prepare "$DATA/rounds.csv" "$DATA"
  else
    log "data: cached $DATA"
  fi
done
# compressed copies of the primary file, made once: the upload figures time the transfer, not the compression
CSV="$(data_dir "$PRIMARY")/rounds.csv"
. bench/lib.sh
debian_command zstd zstd "$RESULTS/zstd-install.log" || log "zstd: apt-get install failed (see $RESULTS/zstd-install.log)"
[ -s "$CSV.gz" ] || { log "data: gzip -6 of $CSV"; gzip -6 -c "$CSV" >"$CSV.gz.tmp" && mv "$CSV.gz.tmp" "$CSV.gz"; }
[ -s "$CSV.zst" ] || { log "data: zstd -3 of $CSV"; zstd -q -3 -c "$CSV" >"$CSV.zst.tmp" && mv "$CSV.zst.tmp" "$CSV.zst"; }

# ---------- JMH ----------
rm -f "$RESULTS"/jmh.json "$RESULTS"/anchors-*.json "$RESULTS"/e2e-*.json
if [ -z "${SKIP_JMH:-}" ]; then
  if [ -n "$QUICK" ]; then JMH_RUN=(-f 1 -wi 1 -w 2s -i 3 -r 2s); else JMH_RUN=(-f 2 -wi 3 -w 3s -i 5 -r 3s); fi
  log "jmh: $PATTERN (${JMH_RUN[*]})"
  # shellcheck disable=SC2086
  "$JAVA" -cp "$CP" org.openjdk.jmh.Main "$PATTERN" "${JMH_RUN[@]}" \
    -jvmArgsAppend "-Xmx1g --enable-native-access=ALL-UNNAMED" \
    -rf json -rff "$RESULTS/jmh.json" ${JMH_ARGS:-} >"$RESULTS/jmh.log" 2>&1 \
    || { log "jmh failed: see $RESULTS/jmh.log"; tail -20 "$RESULTS/jmh.log" >&2; }
  sed -n '/^Benchmark /,$p' "$RESULTS/jmh.log" >&2 || true
fi

# ---------- per profile: anchors, end to end ----------
for profile in $PROFILES; do
  DATA=$(data_dir "$profile")
  if [ -z "${SKIP_ANCHORS:-}" ]; then
    # the Kafka anchors compare with the upload, which runs on the primary profile only
    anchors="clickhouse clickhouse_views"
    [ "$profile" = "$PRIMARY" ] && anchors="producer_perf kcat $anchors"
    ANCHORS=${ANCHORS:-$anchors} bench/anchors.sh "$DATA" "$RESULTS/anchors-$profile.json" || log "anchors ($profile) failed (figures null)"
  fi
  if [ -z "${SKIP_E2E:-}" ]; then
    extras=; [ "$profile" = "$PRIMARY" ] && extras=1
    QUICK="$QUICK" PROFILE="$profile" EXTRAS="$extras" bench/e2e.sh "$DATA/rounds.csv" "$DATA" "$RESULTS/e2e-$profile.json" \
      || log "end-to-end part ($profile) incomplete (missing figures are null)"
  fi
done

# ---------- memory: a large upload piped from the generator, and its ingest, at -Xmx256m ----------
if [ -z "${SKIP_MEMORY:-}" ]; then
  if [ -n "$QUICK" ]; then MEMORY_ROWS=${MEMORY_ROWS:-1000000}; else MEMORY_ROWS=${MEMORY_ROWS:-10000000}; fi
  STREAM_ROWS=$MEMORY_ROWS HEAP=256m SEED=$SEED PROFILE=memory INGEST_TIMEOUT_S=$((MEMORY_ROWS / 10000 + 60)) \
    bench/e2e.sh "$CSV" "$(data_dir "$PRIMARY")" "$RESULTS/e2e-memory.json" || log "memory run incomplete (missing figures are null)"
fi

# ---------- report ----------
CLICKHOUSE_VERSION=$(curl -fsS "${CLICKHOUSE_URL:-http://127.0.0.1:18123}/" --data-binary 'SELECT version()' 2>/dev/null || echo unknown)
REPORT=(--rows "$ROWS" --stats "$(data_dir "$PRIMARY")/stats.json" --jmh "$RESULTS/jmh.json" --results "$RESULTS"
        --profiles "$PROFILES" --clickhouse-version "$CLICKHOUSE_VERSION" --baseline bench/baseline.json --out "$RESULTS/latest.json")
[ -n "$QUICK" ] && REPORT+=(--quick)
[ -n "${BENCH_UPDATE_BASELINE:-}" ] && REPORT+=(--update-baseline)
rc=0
python3 bench/report.py "${REPORT[@]}" || rc=$?
log "done in $((SECONDS - t_start)) s"
exit $rc
