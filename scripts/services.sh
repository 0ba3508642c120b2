#!/usr/bin/env bash
# Brings up the local services the back end and its tests need: PostgreSQL (5432), Redis (6379) and
# RabbitMQ (5672) on 127.0.0.1. For each one: already answering -> nothing to do; installed but down ->
# start it; missing -> install it from Debian's packages, then start it. Finally create the database.
# Called by the README's demo command and by .ci/run. Exits non-zero with a clear message otherwise.
set -euo pipefail

DB_NAME="${DB_NAME:-callcenter}"
log() { printf '[services] %s\n' "$*"; }
die() { printf '[services] ERROR: %s\n' "$*" >&2; exit 1; }

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

wait_port() { # port seconds name
  local i
  for ((i = 0; i < $2 * 2; i++)); do
    port_open "$1" && return 0
    sleep 0.5
  done
  die "$3 did not start listening on 127.0.0.1:$1 within $2 s"
}

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
    die "need root (or sudo) to run: $*"
  fi
}

apt_updated=0
apt_install() {
  command -v apt-get >/dev/null || die "$1 is missing and this is not a Debian-like system: install it by hand"
  if [ "$apt_updated" -eq 0 ]; then as_root apt-get update -qq; apt_updated=1; fi
  log "installing $* from Debian's packages"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

ensure_postgres() {
  if port_open 5432; then log "PostgreSQL is up"; return; fi
  if ! ls /etc/postgresql/*/main >/dev/null 2>&1; then
    apt_install postgresql
    local conf
    conf=$(ls -d /etc/postgresql/*/main | head -n 1)
    # Local development database only: trust connections from this machine, as our tests expect.
    as_root sed -i 's/^\(host\s\+all\s\+all\s\+127\.0\.0\.1\/32\s\+\)\S\+/\1trust/; s/^\(host\s\+all\s\+all\s\+::1\/128\s\+\)\S\+/\1trust/' "$conf/pg_hba.conf"
  fi
  local version
  version=$(ls /etc/postgresql | sort -V | tail -n 1)
  log "starting PostgreSQL $version"
  as_root pg_ctlcluster --skip-systemctl-redirect "$version" main start || true
  wait_port 5432 30 PostgreSQL
}

ensure_redis() {
  if port_open 6379; then log "Redis is up"; return; fi
  command -v redis-server >/dev/null || apt_install redis-server
  log "starting Redis"
  as_root mkdir -p /var/lib/redis /var/log/redis
  as_root redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no \
    --dir /var/lib/redis --logfile /var/log/redis/ci.log
  wait_port 6379 15 Redis
}

ensure_rabbitmq() {
  if port_open 5672; then log "RabbitMQ is up"; return; fi
  command -v rabbitmq-server >/dev/null || apt_install rabbitmq-server
  log "starting RabbitMQ (this can take a while)"
  as_root rabbitmq-server -detached || true
  wait_port 5672 90 RabbitMQ
}

ensure_database() {
  command -v psql >/dev/null || apt_install postgresql-client
  if psql -h 127.0.0.1 -U postgres -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = '$DB_NAME'" | grep -q 1; then
    log "database $DB_NAME exists"
  else
    psql -h 127.0.0.1 -U postgres -d postgres -qc "CREATE DATABASE \"$DB_NAME\"" || die "could not create database $DB_NAME"
    log "created database $DB_NAME"
  fi
}

ensure_postgres
ensure_redis
ensure_rabbitmq
ensure_database
