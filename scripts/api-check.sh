#!/usr/bin/env bash
# `make api-check`: the public JSON API against its own OpenAPI document, with schemathesis
# (every check: status codes, content types, headers, response schemas, negative data …).
# Starts `cunba serve` on a temporary SQLite database with the demo league, runs
# schemathesis, stops the server and prints the result. Exits with schemathesis's status.
#   CUNBA_BIN=target/debug/cunba scripts/api-check.sh [extra schemathesis options]
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${CUNBA_BIN:-${CARGO_TARGET_DIR:-target}/debug/cunba}
PORT=${PORT:-39124}
BASE="http://127.0.0.1:$PORT"
DIR=$(mktemp -d)
SERVER=
cleanup() { [ -n "$SERVER" ] && kill "$SERVER" 2>/dev/null; wait 2>/dev/null; rm -rf "$DIR"; }
trap cleanup EXIT
say() { printf '\033[1m==> %s\033[0m\n' "$1"; }

say "starting $BIN on $BASE (temporary SQLite database, demo league)"
"$BIN" serve --addr "127.0.0.1:$PORT" --database-url "sqlite://$DIR/cunba.db" \
  >"$DIR/server.log" 2>&1 &
SERVER=$!
for _ in $(seq 1 150); do curl -fs "$BASE/healthz" >/dev/null && break; sleep 0.2; done
curl -fs "$BASE/healthz" >/dev/null || { cat "$DIR/server.log"; exit 1; }

say "schemathesis run $BASE/api/v1/openapi.json --checks all"
status=0
.tools/venv/bin/schemathesis run "$BASE/api/v1/openapi.json" --url "$BASE" \
  --checks all --seed "${SEED:-8}" --max-examples "${MAX_EXAMPLES:-100}" \
  --suppress-health-check too_slow --no-color "$@" || status=$?
if grep -q "panicked" "$DIR/server.log"; then
  say "the server panicked:"; grep -A5 panicked "$DIR/server.log"; status=1
fi
say "api-check: $([ $status -eq 0 ] && echo passed || echo "FAILED (schemathesis exit $status)")"
exit $status
