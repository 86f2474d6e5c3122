#!/usr/bin/env bash
# Makes sure the services the tests use are running on this machine: Redis on 127.0.0.1:6379
# (multi-instance pub/sub tests) and PostgreSQL on 127.0.0.1:5432 (the postgresql jest project),
# and that Debian's Chromium is installed at /usr/bin/chromium (the browser tests drive it with
# playwright-core, which downloads no browser). Installs redis-server and chromium from Debian's
# packages if they are missing; starts the installed PostgreSQL cluster if it is down.
set -euo pipefail

up() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# apt-get update once, and only when an install needs it (a fresh machine's package lists may be empty or old).
apt_updated=""
apt_install() {
  if ! apt-get install -y -qq "$@" >/dev/null 2>&1; then
    [ -n "$apt_updated" ] || { apt-get update -qq >/dev/null && apt_updated=1; }
    apt-get install -y -qq "$@" >/dev/null
  fi
}

if [ ! -x /usr/bin/chromium ]; then
  echo "services: installing chromium (browser tests)"
  apt_install chromium
fi
/usr/bin/chromium --version 2>/dev/null | sed 's/^/services: /' || true

if ! up 6379; then
  if ! command -v redis-server >/dev/null 2>&1; then
    echo "services: installing redis-server"
    apt_install redis-server
  fi
  echo "services: starting redis-server"
  redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no >/dev/null
  for _ in $(seq 1 50); do up 6379 && break; sleep 0.1; done
fi
up 6379 && echo "services: redis on 127.0.0.1:6379"

if ! up 5432; then
  if [ ! -d /etc/postgresql ]; then
    echo "services: PostgreSQL is not installed (apt-get install postgresql, with trust for local TCP)" >&2
    exit 1
  fi
  echo "services: starting PostgreSQL"
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | sort -V | tail -1)" main start
  for _ in $(seq 1 100); do up 5432 && break; sleep 0.1; done
fi
up 5432 && echo "services: postgresql on 127.0.0.1:5432"
