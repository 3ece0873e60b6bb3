#!/usr/bin/env bash
# Turns a ClickHouse config made by stack.sh into shard <n> of an <N>-shard cluster, in place:
# remote_servers with one cluster of N shards (one replica each, 127.0.0.1:<tcp port of shard i>)
# and macros shard=<n>, replica=1. No ZooKeeper: the service creates each shard's local tables itself
# and reads through Distributed tables, which need only remote_servers.
#
#   stack/clickhouse/cluster.sh <config.xml> <n> <N>
#
# Environment: CLICKHOUSE_CLUSTER_NAME (default roundhouse), CLICKHOUSE_TCP_BASE (TCP port of shard 1,
# default 19000; shard i listens on base + i - 1, as stack.sh assigns them).
# Idempotent: a config already holding remote_servers is rewritten between the same markers.
set -euo pipefail

config=${1:?config.xml}; n=${2:?shard number}; total=${3:?shard count}
name=${CLICKHOUSE_CLUSTER_NAME:-roundhouse}
base=${CLICKHOUSE_TCP_BASE:-19000}
[[ $name =~ ^[A-Za-z_][A-Za-z0-9_]*$ ]] || { echo "cluster.sh: bad cluster name $name" >&2; exit 2; }
[ "$n" -ge 1 ] && [ "$n" -le "$total" ] || { echo "cluster.sh: shard $n not in 1..$total" >&2; exit 2; }

block=$(mktemp)
trap 'rm -f "$block"' EXIT
{
  echo "    <!-- cluster:begin (stack/clickhouse/cluster.sh) -->"
  echo "    <remote_servers>"
  echo "        <$name>"
  for i in $(seq 1 "$total"); do
    echo "            <shard><replica><host>127.0.0.1</host><port>$((base + i - 1))</port></replica></shard>"
  done
  echo "        </$name>"
  echo "    </remote_servers>"
  echo "    <macros><cluster>$name</cluster><shard>$n</shard><replica>1</replica></macros>"
  echo "    <!-- cluster:end -->"
} >"$block"

# Drop an earlier block, then put the new one where stack.sh leaves its placeholder.
tmp=$(mktemp)
sed '/<!-- cluster:begin/,/<!-- cluster:end -->/d' "$config" >"$tmp"
grep -q '<!-- @REMOTE_SERVERS@ -->' "$tmp" || { rm -f "$tmp"; echo "cluster.sh: no <!-- @REMOTE_SERVERS@ --> placeholder in $config" >&2; exit 2; }
sed -e "/<!-- @REMOTE_SERVERS@ -->/r $block" "$tmp" >"$config.new"
rm -f "$tmp"
mv "$config.new" "$config"
