#!/usr/bin/env bash
# Makes sure the services the tests use are running on this machine: Redis on 127.0.0.1:6379
# (multi-instance pub/sub tests). Installs redis-server from Debian's packages if it is missing.
set -euo pipefail

redis_up() { (exec 3<>/dev/tcp/127.0.0.1/6379) 2>/dev/null; }

if ! redis_up; then
  if ! command -v redis-server >/dev/null 2>&1; then
    echo "services: installing redis-server"
    (apt-get update -qq && apt-get install -y -qq redis-server) >/dev/null
  fi
  echo "services: starting redis-server"
  redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no >/dev/null
  for _ in $(seq 1 50); do redis_up && break; sleep 0.1; done
fi
redis_up && echo "services: redis on 127.0.0.1:6379"
