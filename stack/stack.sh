#!/usr/bin/env bash
# The local stack without Docker: Kafka (KRaft, Maven Central jars), ClickHouse (a current engine from the npm
# registry by default, or Debian's 18.16 package), Apicurio Registry (Maven Central distribution).
# Idempotent: a part that already answers is left alone.
#
#   stack/stack.sh start     fetch what is missing, start what is not answering, wait until ready
#   stack/stack.sh stop      stop exactly the processes this script started (by PID)
#   stack/stack.sh status    one line per part
#   stack/stack.sh running   prints the parts whose PID files are alive (empty when none)
#   stack/stack.sh clickhouse-config <dir> <http> <tcp> <interserver>   writes <dir>/config.xml (private servers in tests)
#   stack/stack.sh clickhouse-bin   prints the command that runs a ClickHouse server of the chosen kind
#                                   (installing it when missing), started as `<command> --config-file=<file>`
#
# Environment: STATE (default <repo>/.state), CLUSTER (number of ClickHouse servers, default 1),
# STACK_TIMEOUT (seconds each part may take to become ready, default 90),
# CLICKHOUSE=current|debian (default current): which ClickHouse serves 127.0.0.1:18123 (and the next ports).
#   current  ClickHouse 26.7 (the chDB engine: npm @chdb/lib-linux-x64-gnu, pinned and checksummed, run by our
#            launcher stack/clickhouse/chdb-server.c); data in $STATE/clickhouse-current-<n>
#   debian   Debian's clickhouse-server 18.16.1, the oldest version the SQL must run on; data in
#            $STATE/clickhouse-debian-<n>
# Both use the same ports and stack/clickhouse/config.xml. Asking for the other kind than the one running
# restarts ClickHouse when this stack started it, and fails otherwise.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
STATE=${STATE:-$ROOT/.state}
CLUSTER=${CLUSTER:-1}
TIMEOUT=${STACK_TIMEOUT:-90}
FLAVOR=${CLICKHOUSE:-current}
case "$FLAVOR" in current|debian) ;; *) echo "[stack] ERROR: CLICKHOUSE=$FLAVOR: expected current or debian" >&2; exit 2 ;; esac
JAVA_HOME=$("$ROOT/stack/java-home.sh"); export JAVA_HOME
JAVA="$JAVA_HOME/bin/java"
PIDS="$STATE/pids"

KAFKA_PORT=19092
REGISTRY_PORT=18081
REGISTRY_MANAGEMENT_PORT=18082
APICURIO_VERSION=3.3.3
# npm's `latest` tag of this package is an older 26.5 build: pin the version and check the library's bytes.
CHDB_PACKAGE=@chdb/lib-linux-x64-gnu
CHDB_VERSION=26.7.3-stable.1
CHDB_SHA256=36ad4e999882821ef13cf2d0f52c93f48e6ee1b4498b35a201c23ce4b8d15bf5
clickhouse_http_port() { echo $((18123 + $1 - 1)); }
clickhouse_tcp_port() { echo $((19000 + $1 - 1)); }

log() { printf '[stack] %s\n' "$*" >&2; }
fail() { printf '[stack] ERROR: %s\n' "$*" >&2; exit 1; }
mvn_quiet() { JAVA_HOME="$JAVA_HOME" mvn -B -q "$@"; }

alive() { [ -f "$PIDS/$1.pid" ] && kill -0 "$(cat "$PIDS/$1.pid")" 2>/dev/null; }

# Launches a command detached from this shell; its PID goes into $PIDS/<name>.pid.
launch() {
  local name=$1 logfile=$2; shift 2
  mkdir -p "$PIDS" "$(dirname "$logfile")"
  setsid nohup "$@" >>"$logfile" 2>&1 </dev/null &
  echo $! >"$PIDS/$name.pid"
}

# wait_until <part> <logfile> <command…>: polls the command until it succeeds or TIMEOUT passes.
wait_until() {
  local part=$1 logfile=$2; shift 2
  local deadline=$((SECONDS + TIMEOUT))
  until "$@" >/dev/null 2>&1; do
    if [ -f "$PIDS/$part.pid" ] && ! alive "$part"; then
      fail "$part exited during start-up; see $logfile"; fi
    [ $SECONDS -lt $deadline ] || fail "$part not ready after ${TIMEOUT}s; see $logfile"
    sleep 0.3
  done
}

# ---------- Kafka ----------
kafka_lib() { echo "$STATE/kafka/lib"; }
kafka_tool() { "$JAVA" --enable-native-access=ALL-UNNAMED -Xmx256m -cp "$(kafka_lib)/*" "$@"; }
kafka_answers() {
  kafka_tool org.apache.kafka.tools.TopicCommand --bootstrap-server 127.0.0.1:$KAFKA_PORT \
    --create --if-not-exists --topic __roundhouse_ready --partitions 1 --replication-factor 1
}
kafka_port_open() { (exec 3<>/dev/tcp/127.0.0.1/$KAFKA_PORT) 2>/dev/null; }

fetch_kafka() {
  [ -f "$STATE/kafka/lib/.complete" ] && return
  log "kafka: copying broker jars from Maven Central into $(kafka_lib)"
  mkdir -p "$(kafka_lib)"
  mvn_quiet -f "$ROOT/stack/kafka/pom.xml" dependency:copy-dependencies -DoutputDirectory="$(kafka_lib)"
  touch "$(kafka_lib)/.complete"
}

start_kafka() {
  if kafka_port_open; then log "kafka: already answering on 127.0.0.1:$KAFKA_PORT"; return; fi
  fetch_kafka
  local dir="$STATE/kafka" logfile="$STATE/kafka/logs/stdout.log"
  mkdir -p "$dir/logs"
  sed "s#@STATE@#$STATE#g" "$ROOT/stack/kafka/server.properties" >"$dir/server.properties"
  if [ ! -f "$dir/data/meta.properties" ]; then
    kafka_tool kafka.tools.StorageTool format --standalone -c "$dir/server.properties" \
      -t "$(kafka_tool kafka.tools.StorageTool random-uuid)" >>"$logfile" 2>&1 || fail "kafka: storage format failed; see $logfile"
  fi
  log "kafka: starting (log $dir/logs/server.log)"
  launch kafka "$logfile" "$JAVA" -Xms256m -Xmx512m -XX:+UseG1GC --enable-native-access=ALL-UNNAMED \
    -Dkafka.logs.dir="$dir/logs" -Dlog4j2.configurationFile="$ROOT/stack/kafka/log4j2.properties" \
    -cp "$(kafka_lib)/*" kafka.Kafka "$dir/server.properties"
  wait_until kafka "$dir/logs/server.log" kafka_port_open
  wait_until kafka "$dir/logs/server.log" kafka_answers
}

# ---------- ClickHouse ----------
clickhouse_dir() { echo "$STATE/clickhouse-$FLAVOR-$1"; }
chdb_home() { echo "$STATE/clickhouse-current"; }

debian_bin() {
  if command -v clickhouse-server >/dev/null; then command -v clickhouse-server
  elif [ -x /usr/sbin/clickhouse-server ]; then echo /usr/sbin/clickhouse-server
  elif command -v clickhouse >/dev/null; then echo "$(command -v clickhouse) server"
  fi
}

clickhouse_bin() {
  if [ "$FLAVOR" = current ]; then echo "$(chdb_home)/bin/chdb-server"; else debian_bin; fi
}

fetch_debian() {
  [ -n "$(debian_bin)" ] && return
  log "clickhouse: no clickhouse-server on PATH; installing Debian's package"
  command -v apt-get >/dev/null || fail "clickhouse (debian): not on PATH and no apt-get to install it"
  export DEBIAN_FRONTEND=noninteractive
  mkdir -p "$STATE"
  apt-get update -qq >/dev/null || fail "clickhouse (debian): step apt-get update failed"
  apt-get install -y -qq --no-install-recommends clickhouse-server >"$STATE/clickhouse-install.log" 2>&1 \
    || fail "clickhouse (debian): step apt-get install failed; see $STATE/clickhouse-install.log"
}

# The current engine: the pinned npm package into a private prefix, its library checked against CHDB_SHA256,
# and our launcher compiled beside a link to it. Each step names itself when it fails; a finished install
# leaves a marker holding the version and checksum, so a second run does nothing.
fetch_current() {
  local home npm_log lib marker
  home=$(chdb_home); marker="$home/.complete"; npm_log="$home/install.log"
  if [ "$(cat "$marker" 2>/dev/null)" = "$CHDB_VERSION $CHDB_SHA256" ]; then
    # The launcher is rebuilt when its source changed; the library stays.
    [ "$home/bin/chdb-server" -nt "$ROOT/stack/clickhouse/chdb-server.c" ] && return
    compile_launcher "$home"; return
  fi
  command -v npm >/dev/null || fail "clickhouse (current): step npm: npm not found (install Node.js and npm)"
  command -v gcc >/dev/null || fail "clickhouse (current): step compile launcher: gcc not found"
  log "clickhouse: installing ClickHouse 26.7 ($CHDB_PACKAGE@$CHDB_VERSION, ~180 MB) into $home"
  mkdir -p "$home/npm" "$home/bin"
  [ -f "$home/npm/package.json" ] || echo '{"private": true}' >"$home/npm/package.json"
  (cd "$home/npm" && npm install --no-audit --no-fund --ignore-scripts --save-exact "$CHDB_PACKAGE@$CHDB_VERSION") \
    >"$npm_log" 2>&1 || fail "clickhouse (current): step npm install $CHDB_PACKAGE@$CHDB_VERSION failed; see $npm_log"
  lib="$home/npm/node_modules/$CHDB_PACKAGE/libchdb.so"
  [ -f "$lib" ] || fail "clickhouse (current): step unpack: $lib missing after npm install; see $npm_log"
  echo "$CHDB_SHA256  $lib" | sha256sum -c --status \
    || fail "clickhouse (current): step checksum: $lib is not the pinned build (sha256 $(sha256sum "$lib" | cut -c1-16)…, expected ${CHDB_SHA256:0:16}…)"
  ln -sf "$lib" "$home/bin/libchdb.so"
  compile_launcher "$home"
  echo "$CHDB_VERSION $CHDB_SHA256" >"$marker"
}

compile_launcher() {
  gcc -O2 -Wall -o "$1/bin/chdb-server" "$ROOT/stack/clickhouse/chdb-server.c" -ldl -lpthread >>"$1/install.log" 2>&1 \
    || fail "clickhouse (current): step compile launcher (gcc) failed; see $1/install.log"
}

fetch_clickhouse() { if [ "$FLAVOR" = current ]; then fetch_current; else fetch_debian; fi; }

# clickhouse_config <dir> <http port> <tcp port> <interserver port>: the project config with its state
# folders under <dir> (also used by tests that start private servers: `stack.sh clickhouse-config …`).
clickhouse_config() {
  local dir=$1
  mkdir -p "$dir/log" "$dir/data" "$dir/tmp" "$dir/user_files" "$dir/format_schemas"
  sed -e "s#@STATE@#$dir#g" -e "s#@HTTP_PORT@#$2#g" -e "s#@TCP_PORT@#$3#g" \
      -e "s#@INTERSERVER_PORT@#$4#g" -e "s#@CONFIG@#$dir/config.xml#g" \
      "$ROOT/stack/clickhouse/config.xml" >"$dir/config.xml"
}

clickhouse_answers() { [ "$(curl -fsS "http://127.0.0.1:$1/?query=SELECT%201" 2>/dev/null)" = 1 ]; }
clickhouse_version() { curl -fsS "http://127.0.0.1:$1/?query=SELECT%20version()" 2>/dev/null; }
# The kind a version string belongs to: Debian's package is 18.x; anything newer counts as current.
flavor_of() { case "$1" in 18.*|19.*|2[0-2].*) echo debian ;; *) echo current ;; esac; }

stop_pid() {
  local name=$1 pid
  pid=$(cat "$PIDS/$name.pid")
  if kill -0 "$pid" 2>/dev/null; then
    log "stopping $name (pid $pid)"
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -0 "$pid" 2>/dev/null && { log "$name did not stop in 10s; killing"; kill -KILL "$pid" 2>/dev/null || true; }
  fi
  rm -f "$PIDS/$name.pid"
}

start_clickhouse() {
  local n=$1 http tcp dir running
  http=$(clickhouse_http_port "$n"); tcp=$(clickhouse_tcp_port "$n")
  dir=$(clickhouse_dir "$n")
  if clickhouse_answers "$http"; then
    running=$(clickhouse_version "$http")
    if [ "$(flavor_of "$running")" != "$FLAVOR" ]; then
      alive "clickhouse-$n" || fail "clickhouse-$n: 127.0.0.1:$http answers with ClickHouse $running, not the $FLAVOR one asked for (CLICKHOUSE=$FLAVOR), and this stack did not start it: stop it first"
      log "clickhouse-$n: $running is running; switching to $FLAVOR"
      stop_pid "clickhouse-$n"
    else
      log "clickhouse-$n: ClickHouse $running already answering on 127.0.0.1:$http"
      # remote_servers is re-read from the config file at run time (18.16 included): no restart needed.
      # Macros are read at start only; the service's SQL does not use them.
      if [ "$CLUSTER" -gt 1 ] && [ -f "$dir/config.xml" ]; then
        "$ROOT/stack/clickhouse/cluster.sh" "$dir/config.xml" "$n" "$CLUSTER"
        log "clickhouse-$n: cluster config written; the server reloads remote_servers within seconds"
      fi
      return
    fi
  fi
  fetch_clickhouse
  clickhouse_config "$dir" "$http" "$tcp" $((19009 + n - 1))
  if [ "$CLUSTER" -gt 1 ]; then
    "$ROOT/stack/clickhouse/cluster.sh" "$dir/config.xml" "$n" "$CLUSTER"
  fi
  log "clickhouse-$n: starting $FLAVOR on 127.0.0.1:$http (log $dir/log/clickhouse-server.err.log)"
  # shellcheck disable=SC2046
  launch "clickhouse-$n" "$dir/log/stdout.log" $(clickhouse_bin) --config-file="$dir/config.xml"
  wait_until "clickhouse-$n" "$dir/log/clickhouse-server.err.log" clickhouse_answers "$http"
  log "clickhouse-$n: ClickHouse $(clickhouse_version "$http")"
}

# ---------- Schema registry ----------
registry_home() { echo "$STATE/registry/apicurio-registry-app-$APICURIO_VERSION"; }
registry_answers() { curl -fsS "http://127.0.0.1:$REGISTRY_PORT/apis/ccompat/v7/subjects"; }

fetch_registry() {
  [ -f "$(registry_home)/.complete" ] && return
  log "registry: copying Apicurio Registry $APICURIO_VERSION from Maven Central"
  mkdir -p "$(registry_home)"
  mvn_quiet dependency:copy -Dartifact="io.apicurio:apicurio-registry-app:$APICURIO_VERSION:tar.gz:all" \
    -DoutputDirectory="$STATE/registry" -Dmdep.stripVersion=false
  tar -xzf "$STATE"/registry/apicurio-registry-app-*.tar.gz -C "$(registry_home)" --strip-components=0
  rm -f "$STATE"/registry/apicurio-registry-app-*.tar.gz
  touch "$(registry_home)/.complete"
}

start_registry() {
  if registry_answers >/dev/null 2>&1; then log "registry: already answering on 127.0.0.1:$REGISTRY_PORT"; return; fi
  fetch_registry
  local jar logfile="$STATE/registry/registry.log"
  jar=$(find "$(registry_home)" -name quarkus-run.jar | head -1)
  [ -n "$jar" ] || fail "registry: quarkus-run.jar not found under $(registry_home)"
  log "registry: starting (log $logfile)"
  # kafkasql storage keeps schemas in Kafka, so ids survive a registry restart as Confluent's do.
  launch registry "$logfile" "$JAVA" -Xmx512m --enable-native-access=ALL-UNNAMED \
    -Dquarkus.http.host=127.0.0.1 -Dquarkus.http.port=$REGISTRY_PORT \
    -Dquarkus.management.host=127.0.0.1 -Dquarkus.management.port=$REGISTRY_MANAGEMENT_PORT \
    -Dapicurio.storage.kind=kafkasql -Dapicurio.kafkasql.bootstrap.servers=127.0.0.1:$KAFKA_PORT \
    -Dquarkus.log.level=WARN -jar "$jar"
  wait_until registry "$logfile" registry_answers
}

# ---------- commands ----------
# timed <part> <function…>: runs a start function and logs how long the part took (downloads included).
timed() {
  local part=$1 t0=$SECONDS; shift
  "$@"
  log "$part: ready after $((SECONDS - t0))s"
}

start() {
  mkdir -p "$STATE"
  local t0=$SECONDS
  timed kafka start_kafka
  for n in $(seq 1 "$CLUSTER"); do timed "clickhouse-$n" start_clickhouse "$n"; done
  timed registry start_registry
  log "ready in $((SECONDS - t0))s"
  endpoints
}

endpoints() {
  cat <<EOT
kafka            127.0.0.1:$KAFKA_PORT
clickhouse       $(for n in $(seq 1 "$CLUSTER"); do printf 'http://127.0.0.1:%s ' "$(clickhouse_http_port "$n")"; done)
schema registry  http://127.0.0.1:$REGISTRY_PORT/apis/ccompat/v7
EOT
  if [ "$CLUSTER" -gt 1 ]; then
    local urls
    urls=$(for n in $(seq 1 "$CLUSTER"); do printf 'http://127.0.0.1:%s,' "$(clickhouse_http_port "$n")"; done)
    echo "cluster mode     CLICKHOUSE_CLUSTER=roundhouse CLICKHOUSE_SHARD_URLS=${urls%,}"
  fi
}

stop() {
  [ -d "$PIDS" ] || return 0
  # Registry first (it uses Kafka), Kafka last.
  for f in "$PIDS"/registry.pid "$PIDS"/clickhouse-*.pid "$PIDS"/*.pid; do
    [ -f "$f" ] && stop_pid "$(basename "$f" .pid)"
  done
  return 0
}

status() {
  kafka_port_open && echo "kafka: up" || echo "kafka: down"
  for n in $(seq 1 "$CLUSTER"); do
    clickhouse_answers "$(clickhouse_http_port "$n")" 2>/dev/null \
      && echo "clickhouse-$n: up (ClickHouse $(clickhouse_version "$(clickhouse_http_port "$n")"))" || echo "clickhouse-$n: down"
  done
  registry_answers >/dev/null 2>&1 && echo "registry: up" || echo "registry: down"
}

running() {
  [ -d "$PIDS" ] || return 0
  for f in "$PIDS"/*.pid; do
    [ -f "$f" ] && kill -0 "$(cat "$f")" 2>/dev/null && basename "$f" .pid
  done
  return 0
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  running) running ;;
  endpoints) endpoints ;;
  clickhouse-config) shift; clickhouse_config "$@" ;;
  clickhouse-bin) fetch_clickhouse; clickhouse_bin ;;
  *) echo "usage: $0 start|stop|status|running|endpoints|clickhouse-config <dir> <http> <tcp> <interserver>|clickhouse-bin" >&2; exit 2 ;;
esac
