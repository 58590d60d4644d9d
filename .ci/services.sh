#!/usr/bin/env bash
# CI: make sure the Redis and PostgreSQL the state tests use answer; start local ones if not; fail clearly if they won't.
# Run it (bash .ci/services.sh) or source it. Reads REDIS_URL / DATABASE_URL (defaults: redis://127.0.0.1:6379,
# postgresql://postgres@127.0.0.1:5432/test) and SERVICES_WAIT_SECONDS (default 20).

_pb_services() {
  local redis_url="${REDIS_URL:-redis://127.0.0.1:6379}"
  local pg_url="${DATABASE_URL:-postgresql://postgres@127.0.0.1:5432/test}"
  local wait_s="${SERVICES_WAIT_SECONDS:-20}"

  # scheme://[user[:pass]@]host[:port][/db] -> host port db user
  local re='^[a-z]+://(([^:@/]*)(:[^@/]*)?@)?([^:/?]+)(:([0-9]+))?(/([^?]*))?'
  local redis_host redis_port pg_host pg_port pg_db pg_user
  [[ $redis_url =~ $re ]] || { echo "services: cannot parse REDIS_URL=$redis_url" >&2; return 2; }
  redis_host="${BASH_REMATCH[4]}"; redis_port="${BASH_REMATCH[6]:-6379}"
  [[ $pg_url =~ $re ]] || { echo "services: cannot parse DATABASE_URL (expected postgresql://USER@HOST:PORT/DB)" >&2; return 2; }
  pg_user="${BASH_REMATCH[2]:-postgres}"; pg_host="${BASH_REMATCH[4]}"; pg_port="${BASH_REMATCH[6]:-5432}"; pg_db="${BASH_REMATCH[8]:-test}"

  _tcp_open() { (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null; }
  redis_ok() {
    if command -v redis-cli >/dev/null; then [[ "$(timeout 3 redis-cli -h "$redis_host" -p "$redis_port" ping 2>/dev/null)" == PONG ]]
    else _tcp_open "$redis_host" "$redis_port"; fi
  }
  pg_ok() {
    if command -v pg_isready >/dev/null; then pg_isready -q -t 2 -h "$pg_host" -p "$pg_port"
    else _tcp_open "$pg_host" "$pg_port"; fi
  }
  is_local() { [[ $1 == 127.0.0.1 || $1 == localhost || $1 == ::1 ]]; }

  if ! redis_ok; then
    if is_local "$redis_host" && command -v redis-server >/dev/null; then
      echo "services: Redis on $redis_host:$redis_port does not answer; starting redis-server"
      redis-server --daemonize yes --bind 127.0.0.1 --port "$redis_port" --save "" --appendonly no >/dev/null \
        || echo "services: redis-server failed to start" >&2
    else
      echo "services: Redis on $redis_host:$redis_port does not answer and is not one this script can start (remote host or no redis-server)" >&2
    fi
  fi

  if ! pg_ok; then
    local version
    version="$(ls /etc/postgresql 2>/dev/null | sort -V | tail -n 1)"
    if is_local "$pg_host" && [[ -n $version ]] && command -v pg_ctlcluster >/dev/null; then
      echo "services: PostgreSQL on $pg_host:$pg_port does not answer; starting cluster $version/main"
      if [[ $(id -u) == 0 ]] || [[ $(id -un) == postgres ]]; then
        pg_ctlcluster --skip-systemctl-redirect "$version" main start || echo "services: pg_ctlcluster failed" >&2
      elif command -v sudo >/dev/null; then
        sudo -n pg_ctlcluster --skip-systemctl-redirect "$version" main start || echo "services: sudo pg_ctlcluster failed" >&2
      else
        echo "services: not root: cannot run pg_ctlcluster $version main start" >&2
      fi
    else
      echo "services: PostgreSQL on $pg_host:$pg_port does not answer and is not one this script can start (remote host or no cluster in /etc/postgresql)" >&2
    fi
  fi

  local waited=0
  until redis_ok && pg_ok; do
    if (( waited >= wait_s )); then
      redis_ok || echo "services: FAILED: Redis at $redis_host:$redis_port still does not answer after ${wait_s}s; start it: redis-server --daemonize yes --bind 127.0.0.1 --port $redis_port --save \"\" --appendonly no" >&2
      pg_ok || echo "services: FAILED: PostgreSQL at $pg_host:$pg_port still does not answer after ${wait_s}s; start it: pg_ctlcluster --skip-systemctl-redirect ${version:-15} main start" >&2
      return 1
    fi
    sleep 1
    waited=$((waited + 1))
  done

  # The tests' database must exist too (a fresh cluster has only `postgres`).
  if command -v psql >/dev/null && ! psql -h "$pg_host" -p "$pg_port" -U "$pg_user" -d "$pg_db" -Atqc 'select 1' >/dev/null 2>&1; then
    echo "services: creating database $pg_db"
    createdb -h "$pg_host" -p "$pg_port" -U "$pg_user" "$pg_db" || { echo "services: FAILED: database $pg_db is missing and could not be created" >&2; return 1; }
  fi
  echo "services: Redis $redis_host:$redis_port and PostgreSQL $pg_host:$pg_port/$pg_db answer"
}

if (return 0 2>/dev/null); then
  _pb_services
else
  _pb_services
  exit $?
fi
