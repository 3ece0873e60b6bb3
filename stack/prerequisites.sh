#!/usr/bin/env bash
# Tools the tests need beyond Java and Maven, installed when missing (idempotent):
#   docker-compose  ComposeConfigTest validates docker-compose.yaml with `docker-compose config -q`
#                   (Debian's package; only the CLI: no Docker engine is needed or started).
set -euo pipefail
if ! command -v docker-compose >/dev/null; then
  command -v apt-get >/dev/null || { echo "[prerequisites] docker-compose missing and no apt-get: install docker-compose 1.29+ yourself" >&2; exit 1; }
  echo "[prerequisites] installing Debian's docker-compose" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null
  apt-get install -y -qq --no-install-recommends docker-compose >/dev/null
fi
