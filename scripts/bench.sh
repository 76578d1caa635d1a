#!/usr/bin/env bash
# `make bench`: the figures of issue #8 on this machine, printed beside their budgets.
# Nothing here is asserted: these are measurements, not tests.
#
#   1. standings page: requests/s, p50, p99 at 64 connections (wrk), next to the same bytes
#      served as a static file by the same server in the same run, and the ratio;
#   2. page weight of each public page on a first visit: HTML, CSS, JS, wasm, raw and brotli;
#   3. server memory (RSS) idle and under load;
#   4. score submission: acknowledged reports/s with readers running (and acknowledged = stored;
#      the server runs with `--report-limit 100000`: 30 submitters share the organiser's
#      account, and the per-user limit of 30 a minute is not what is measured here);
#   5. the scheduling engine's benchmark summary (SCHEDULE_SETS, SCHEDULE_SECONDS per instance,
#      default 5; feasible Tiny/Small rows are left out, their totals are printed).
set -euo pipefail
cd "$(dirname "$0")/.."

BIN=target/release/cunba
SITE=target/site
PORT=${PORT:-39123}
BASE="http://127.0.0.1:$PORT"
DURATION=${DURATION:-10}
DIR=$(mktemp -d)
trap 'kill $SERVER 2>/dev/null || true; rm -rf "$DIR"' EXIT

say() { printf '\033[1m==> %s\033[0m\n' "$1"; }
kb() { awk -v b="$1" 'BEGIN { printf "%.1f KB", b / 1024 }'; }
rss() { awk '/VmRSS/ { printf "%.1f MB", $2 / 1024 }' "/proc/$SERVER/status"; }

say "machine: $(nproc) cores, $(awk '/MemTotal/ { printf "%.0f GiB", $2/1048576 }' /proc/meminfo), $(uname -r)"
LEPTOS_SITE_ROOT=$SITE "$BIN" serve --addr "127.0.0.1:$PORT" --site-root "$SITE" \
  --database-url "sqlite://$DIR/cunba.db" --report-limit 100000 >"$DIR/server.log" 2>&1 &
SERVER=$!
for _ in $(seq 1 100); do curl -fs "$BASE/healthz" >/dev/null && break; sleep 0.2; done
sleep 1
RSS_IDLE=$(rss)

say "page weight on a first visit (as served, brotli from the server's compression layer)"
printf '%-22s %10s %10s\n' "page / asset" "raw" "brotli"
weight() { # path -> "raw br"
  local raw br
  raw=$(curl -fs -o /dev/null -w '%{size_download}' "$BASE$1")
  br=$(curl -fs -o /dev/null -H 'Accept-Encoding: br' -w '%{size_download}' "$BASE$1")
  echo "$raw $br"
}
declare -A BR
for page in / /fixtures /standings /teams /camp; do
  read -r raw br < <(weight "$page")
  BR[$page]=$br
  printf '%-22s %10s %10s\n' "$page (HTML)" "$(kb "$raw")" "$(kb "$br")"
done
ASSETS=0
for asset in /pkg/cunba.css /pkg/cunba.js /pkg/cunba.wasm; do
  read -r raw br < <(weight "$asset")
  ASSETS=$((ASSETS + br))
  [ "$asset" = /pkg/cunba.wasm ] && WASM_BR=$br
  printf '%-22s %10s %10s\n' "$asset" "$(kb "$raw")" "$(kb "$br")"
done
FIRST=$(( ${BR[/standings]} + ASSETS ))
echo "first visit to /standings: $(kb $FIRST) transferred   (budget ≤ 60 KB)"
echo "wasm brotli: $(kb "$WASM_BR")   (budget ≤ 150 KB)"

say "standings page vs the same bytes as a static file: wrk -t2 -c64 -d${DURATION}s"
curl -fs "$BASE/standings?competition=1" >"$SITE/bench-standings.html"
run_wrk() { wrk -t2 -c64 -d"${DURATION}s" --latency -H 'Accept-Encoding: br' "$1" 2>&1; }
run_wrk "$BASE/standings?competition=1" >"$DIR/dynamic.txt" &
WRK=$!
sleep $((DURATION / 2))
RSS_LOAD=$(rss)
wait $WRK || true
DYNAMIC=$(cat "$DIR/dynamic.txt")
STATIC=$(run_wrk "$BASE/bench-standings.html")
rm -f "$SITE/bench-standings.html"
rps() { awk '/Requests\/sec/ { print $2 }' <<<"$1"; }
pct() { awk -v p="$2" '$1 == p { print $2 }' <<<"$1"; }
printf '%-12s %12s %10s %10s\n' "" "requests/s" "p50" "p99"
printf '%-12s %12s %10s %10s\n' "standings" "$(rps "$DYNAMIC")" "$(pct "$DYNAMIC" 50%)" "$(pct "$DYNAMIC" 99%)"
printf '%-12s %12s %10s %10s\n' "static file" "$(rps "$STATIC")" "$(pct "$STATIC" 50%)" "$(pct "$STATIC" 99%)"
awk -v d="$(rps "$DYNAMIC")" -v s="$(rps "$STATIC")" \
  'BEGIN { printf "ratio standings / static: %.1f%%   (budget ≥ 50%%; p99 budget ≤ 20 ms)\n", 100 * d / s }'

say "server memory"
echo "RSS idle: $RSS_IDLE   under load (64 connections): $RSS_LOAD"

say "score submission with readers running (${DURATION}s)"
node end2end/bench/submit.mjs "$BASE" "$DURATION" "$DIR/cunba.db"

kill $SERVER
wait $SERVER 2>/dev/null || true

# The 45 competition instances at 60 s each are `make bench-schedule` (45 minutes).
SETS=${SCHEDULE_SETS:-tests,tiny,small,village}
say "scheduling engine (ITC2021 sets $SETS; ${SCHEDULE_SECONDS:-5} s per instance)"
cargo run --quiet --release -p cunba-domain --example bench_schedule -- \
  --sets "$SETS" --seconds "${SCHEDULE_SECONDS:-5}" 2>&1 | grep -v '^[A-Z][a-z]*_[0-9]*_\(Tiny\|Small\) .* yes '

