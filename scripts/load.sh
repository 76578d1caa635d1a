#!/usr/bin/env bash
# `make load`: the load test that counts (issue #8), twice:
#   1. SQLite, one server;
#   2. PostgreSQL, SERVERS servers (default 2) sharing one fresh database (PG_URL, default
#      postgres://postgres@127.0.0.1:5432; skipped when psql cannot reach it).
# Each run: READERS readers (1,000) + CAPTAINS captains (30) for SECONDS_RUN seconds
# (scripts/load.mjs), then acknowledged reports are counted in the database. The servers
# run with `--report-limit 1000` (score reports per user a minute): 30 captain clients share
# the demo's 12 captain accounts. Exits non-zero when either run fails.
#
# `scripts/load.sh live` (issue #19, in `make bench`): PostgreSQL, two servers only, and
# scripts/live-load.mjs instead: 20 games scored live while 1,000 readers hold /live open;
# the scorers' acknowledgements and the time from a tap to a reader's page showing it.
set -uo pipefail
MODE=${1:-reports}
cd "$(dirname "$0")/.."
BIN=${CUNBA_BIN:-${CARGO_TARGET_DIR:-target}/release/cunba}
SECONDS_RUN=${SECONDS_RUN:-60}
PG_URL=${PG_URL:-postgres://postgres@127.0.0.1:5432}
PORT=${PORT:-39130}
DIR=$(mktemp -d)
PIDS=()
PGDB=
cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null; done
  wait 2>/dev/null
  [ -n "$PGDB" ] && psql "$PG_URL/postgres" -qc "DROP DATABASE IF EXISTS $PGDB WITH (FORCE)" >/dev/null 2>&1
  rm -rf "$DIR"
}
trap cleanup EXIT
say() { printf '\033[1m==> %s\033[0m\n' "$1"; }
ulimit -n 65536 2>/dev/null || true

serve() { # port database-url log
  LEPTOS_SITE_ROOT=${LEPTOS_SITE_ROOT:-target/site} "$BIN" serve --addr "127.0.0.1:$1" \
    --database-url "$2" --report-limit 1000 >"$3" 2>&1 &
  PIDS+=($!)
  for _ in $(seq 1 300); do curl -fs "http://127.0.0.1:$1/healthz" >/dev/null && return 0; sleep 0.2; done
  echo "the server on port $1 did not start:"; cat "$3"; return 1
}
stop_all() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null; done
  wait 2>/dev/null
  PIDS=()
}
panics() { # logs…: the first errors the servers logged, and whether one panicked
  grep -h -m3 -E "ERROR|panicked" "$@" 2>/dev/null | cut -c1-300
  if grep -l "panicked" "$@" 2>/dev/null; then echo "a server panicked"; return 1; fi
}

failed=0
if [ "$MODE" != live ]; then
say "machine: $(nproc) cores; SQLite, one server; ${READERS:-1000} readers + ${CAPTAINS:-30} captains for ${SECONDS_RUN}s"
if serve "$PORT" "sqlite://$DIR/load.db" "$DIR/sqlite.log"; then
  node scripts/load.mjs "http://127.0.0.1:$PORT" "$SECONDS_RUN" "sqlite://$DIR/load.db" || failed=1
  panics "$DIR/sqlite.log" || failed=1
else
  failed=1
fi
stop_all
fi

if [ "$MODE" = live ]; then
  SCRIPT=scripts/live-load.mjs
  WHAT="${GAMES:-20} games scored live, ${READERS:-1000} readers holding /live"
else
  SCRIPT=scripts/load.mjs
  WHAT="${READERS:-1000} readers + ${CAPTAINS:-30} captains"
fi
if psql "$PG_URL/postgres" -qAtc 'SELECT 1' >/dev/null 2>&1; then
  PGDB="cunba_load_$$"
  SERVERS=${SERVERS:-2}
  say "machine: $(nproc) cores; PostgreSQL ($PG_URL/$PGDB, fresh), $SERVERS servers; $WHAT for ${SECONDS_RUN}s"
  psql "$PG_URL/postgres" -qc "CREATE DATABASE $PGDB" >/dev/null
  # The first server migrates and loads the demo; the others find them done.
  BASES=()
  LOGS=()
  started=1
  for n in $(seq 1 "$SERVERS"); do
    serve "$((PORT + n))" "$PG_URL/$PGDB" "$DIR/pg$n.log" || { started=0; break; }
    BASES+=("http://127.0.0.1:$((PORT + n))")
    LOGS+=("$DIR/pg$n.log")
  done
  if [ $started -eq 1 ]; then
    node "$SCRIPT" "$(IFS=,; echo "${BASES[*]}")" "$SECONDS_RUN" "$PG_URL/$PGDB" || failed=1
    panics "${LOGS[@]}" || failed=1
  else
    failed=1
  fi
  stop_all
else
  say "PostgreSQL at $PG_URL not reachable: skipped (set PG_URL)"
  [ "$MODE" = live ] && failed=1
fi
say "load test: $([ $failed -eq 0 ] && echo passed || echo FAILED)"
exit $failed
