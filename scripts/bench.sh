#!/usr/bin/env bash
# `make bench`: the figures of issues #8 and #22 on this machine, printed beside their budgets.
# Nothing here is asserted: these are measurements, not tests.
#
#   1. page weight of each public page and asset, as a phone gets them (`Accept-Encoding:
#      gzip, deflate, br`) and plain; each public page's first visit (the page and what its
#      HTML makes a browser fetch) in bytes and requests;
#   2. Cunba against nginx serving the very same bytes: for each public page (today, fixtures,
#      standings, a team, a game, notices, camp), the JSON API (games) and the feeds (a team's
#      iCalendar, the notices' Atom) and each coding phones ask for (brotli: `gzip, deflate, br`;
#      gzip: `gzip, deflate`), Cunba's answer is saved as a file, and Debian's nginx-light
#      (2 workers, sendfile, gzip_static and brotli_static on: it sends the saved .br / .gz
#      file as it is) serves it; wrk -t2 -c64 -d${DURATION}s --latency against each, one after
#      the other in the same run; requests/s, p50, p99 and Cunba's share of nginx; then each
#      again (brotli) while the organiser enters CONFIRM_RATE results a second (default 2): each
#      result drops every cached answer, so these are the figures with renders going on;
#   3. server memory (RSS) idle and under load;
#   4. score submission: acknowledged reports/s with readers running (and acknowledged = stored;
#      the server runs with `--report-limit 100000`: 30 submitters share the organiser's
#      account, and the per-user limit of 30 a minute is not what is measured here);
#   5. the scheduling engine's benchmark summary (SCHEDULE_SETS, SCHEDULE_SECONDS per instance,
#      default 5; feasible Tiny/Small rows are left out, their totals are printed).
# PAGES_ONLY=1 stops after 3. PAGES="/ /standings" picks the pages of 2. Installs nginx-light
# (and its brotli_static module) and wrk from Debian when missing.
set -euo pipefail
cd "$(dirname "$0")/.."

BIN=${CUNBA_BIN:-target/release/cunba}
SITE=${SITE_ROOT:-target/site}
PORT=${PORT:-39123}
NGINX_PORT=${NGINX_PORT:-39124}
BASE="http://127.0.0.1:$PORT"
NGINX="http://127.0.0.1:$NGINX_PORT"
DURATION=${DURATION:-10}
DIR=$(mktemp -d)
SERVER=
RSS_LOAD=n/a
trap '[ -n "$SERVER" ] && kill $SERVER 2>/dev/null; [ -f "$DIR/nginx.pid" ] && kill "$(cat "$DIR/nginx.pid")" 2>/dev/null; rm -rf "$DIR"' EXIT

say() { printf '\033[1m==> %s\033[0m\n' "$1"; }
kb() { awk -v b="$1" 'BEGIN { printf "%.1f KB", b / 1024 }'; }
rss() { awk '/VmRSS/ { printf "%.1f MB", $2 / 1024 }' "/proc/$SERVER/status"; }
PHONE='gzip, deflate, br'

install_missing() {
  local missing=()
  command -v wrk >/dev/null || missing+=(wrk)
  [ -x /usr/sbin/nginx ] || missing+=(nginx-light)
  [ -f /usr/lib/nginx/modules/ngx_http_brotli_static_module.so ] || missing+=(libnginx-mod-http-brotli-static)
  if [ ${#missing[@]} -gt 0 ]; then
    echo "→ installing from Debian: ${missing[*]}"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"
  fi
}
install_missing

say "machine: $(nproc) cores, $(awk '/MemTotal/ { printf "%.0f GiB", $2/1048576 }' /proc/meminfo), $(uname -r); $("$BIN" --version 2>/dev/null || echo cunba), $(/usr/sbin/nginx -v 2>&1 | sed 's/.*: //'), $(wrk -v 2>&1 | head -1 | awk '{print $1, $2}')"
LEPTOS_SITE_ROOT=$SITE "$BIN" serve --addr "127.0.0.1:$PORT" --site-root "$SITE" \
  --database-url "sqlite://$DIR/cunba.db" --report-limit 100000 >"$DIR/server.log" 2>&1 &
SERVER=$!
for _ in $(seq 1 100); do curl -fs "$BASE/healthz" >/dev/null && break; sleep 0.2; done
sleep 1
RSS_IDLE=$(rss)

TEAM=$(curl -fs "$BASE/api/v1/teams" | grep -o '"id":[0-9]*' | head -1 | cut -d: -f2)
GAME=$(curl -fs "$BASE/api/v1/games" | grep -o '"id":[0-9]*' | head -1 | cut -d: -f2)

say "page weight on a first visit (as served: to a phone, and plain)"
printf '%-22s %10s %10s %s\n' "page / asset" "plain" "phone" "coding"
weight() { # path -> "plain phone coding"
  local plain phone coding
  plain=$(curl -fs -o /dev/null -w '%{size_download}' "$BASE$1")
  read -r phone coding < <(curl -fs -o /dev/null -H "Accept-Encoding: $PHONE" \
    -w '%{size_download} %header{content-encoding}\n' "$BASE$1")
  echo "$plain $phone ${coding:-none}"
}
declare -A PHONE_BYTES
for page in / /fixtures /standings "/teams/$TEAM" "/games/$GAME" /notices /camp; do
  read -r plain phone coding < <(weight "$page")
  PHONE_BYTES[$page]=$phone
  printf '%-22s %10s %10s %s\n' "$page (HTML)" "$(kb "$plain")" "$(kb "$phone")" "$coding"
done
ASSETS=0
for asset in /pkg/cunba.css /live.js /pkg/cunba.js /pkg/cunba.wasm; do
  read -r plain phone coding < <(weight "$asset")
  [ "$asset" = /pkg/cunba.wasm ] && WASM=$phone
  # The scorer's sheet loads the stylesheet and the islands (below).
  [ "$asset" != /live.js ] && ASSETS=$((ASSETS + phone))
  printf '%-22s %10s %10s %s\n' "$asset" "$(kb "$plain")" "$(kb "$phone")" "$coding"
done
# A first visit: the page and what its HTML makes a browser fetch (stylesheets, scripts,
# preloads, pictures of this site), each as a phone gets it.
say "first visit to each public page, as a phone gets it (issue 22: ≤ 30 KB in ≤ 4 requests)"
for page in / /fixtures /standings "/teams/$TEAM" "/games/$GAME" /notices /camp; do
  total=${PHONE_BYTES[$page]}
  requests=1
  for asset in $(curl -fs "$BASE$page" | grep -oE '<(link|script|img)[^>]*(href|src)="/[^"]*"' \
      | grep -vE 'rel="(alternate|icon|manifest)"' | grep -oE '(href|src)="/[^"]*"' | cut -d'"' -f2 | sed 's/&amp;/\&/g' | sort -u); do
    bytes=$(curl -fs -o /dev/null -H "Accept-Encoding: $PHONE" -w '%{size_download}' "$BASE$asset")
    total=$((total + bytes))
    requests=$((requests + 1))
  done
  printf '%-22s %10s in %d requests\n' "$page" "$(kb "$total")" "$requests"
done
echo "wasm as sent: $(kb "$WASM")   (budget ≤ 150 KB)"
# The scorer's sheet (issue 19), as the demo organiser opens it on a phone: a game still to be
# played, the page signed in, then the same three assets.
SCHEDULED=$(curl -fs "$BASE/api/v1/games" | python3 -c 'import json,sys; print(next(g["id"] for g in json.load(sys.stdin)["games"] if g["status"] == "scheduled" and g["home"] and g["away"]))')
curl -fs -o /dev/null -c "$DIR/cookies" -H "Origin: $BASE" \
  --data 'login=organiser&secret=cunba-demo-2026' "$BASE/actions/signin"
curl -fs -o /dev/null -b "$DIR/cookies" -H "Origin: $BASE" -X POST "$BASE/actions/games/$SCHEDULED/live/open"
SHEET=$(curl -fs -o /dev/null -b "$DIR/cookies" -H "Accept-Encoding: $PHONE" -w '%{size_download}' "$BASE/games/$SCHEDULED/live")
printf '%-22s %10s %10s\n' "/games/$SCHEDULED/live" "" "$(kb "$SHEET")"
echo "scorer's sheet, first load: $(kb $(( SHEET + ASSETS ))) transferred in 4 requests   (issue 19: ≤ 80 KB)"

say "Cunba vs nginx serving the same bytes: wrk -t2 -c64 -d${DURATION}s --latency"
WWW="$DIR/www"
mkdir -p "$WWW"
# nginx's workers run as nobody: they must be able to read the files.
chmod 755 "$DIR" "$WWW"
# Each page as Cunba answers it, one file per coding, named as nginx's *_static modules look
# for them: NAME (plain), NAME.br, NAME.gz.
PAGES=${PAGES:-"/ /fixtures /standings /teams/$TEAM /games/$GAME /notices /camp /api/v1/games /notices.atom /calendar/teams/$TEAM.ics"}
file_of() { local name=${1#/}; name=${name//\//-}; name=${name//./-}; echo "${name:-today}"; }
for page in $PAGES; do
  file=$(file_of "$page")
  curl -fs -o "$WWW/$file" "$BASE$page"
  curl -fs -o "$WWW/$file.br" -H "Accept-Encoding: $PHONE" "$BASE$page"
  curl -fs -o "$WWW/$file.gz" -H 'Accept-Encoding: gzip, deflate' "$BASE$page"
  chmod 644 "$WWW/$file" "$WWW/$file.br" "$WWW/$file.gz"
done
cat >"$DIR/nginx.conf" <<EOF
load_module /usr/lib/nginx/modules/ngx_http_brotli_static_module.so;
worker_processes 2;
pid $DIR/nginx.pid;
error_log $DIR/nginx-error.log;
events { worker_connections 1024; }
http {
  access_log off;
  sendfile on;
  tcp_nopush on;
  keepalive_requests 1000000;
  open_file_cache max=64;
  client_body_temp_path $DIR/nginx-body;
  types { }
  default_type text/html;
  charset utf-8;
  server {
    listen 127.0.0.1:$NGINX_PORT;
    root $WWW;
    brotli_static on;
    gzip_static on;
    gzip_vary on;
  }
}
EOF
/usr/sbin/nginx -c "$DIR/nginx.conf" -p "$DIR" 2>"$DIR/nginx-start.log" || { cat "$DIR/nginx-start.log"; exit 1; }
for _ in $(seq 1 50); do curl -fs -o /dev/null "$NGINX/$(file_of "$(echo $PAGES | awk '{print $1}')")" && break; sleep 0.1; done

# The same bytes: what nginx sends is the file saved from Cunba's answer, coding and all.
same_bytes() { # url coding file
  cmp -s <(curl -fs -H "Accept-Encoding: $2" "$1") "$3"
}
run_wrk() { # url accept-encoding
  wrk -t2 -c64 -d"${DURATION}s" --latency -H "Accept-Encoding: $2" "$1" 2>&1
}
rps() { awk '/Requests\/sec/ { print $2 }' <<<"$1"; }
pct() { awk -v p="$2" '$1 == p { print $2 }' <<<"$1"; }
errors() { awk '/Non-2xx|Socket errors/ { $1 = $1; printf "%s; ", $0 }' <<<"$1"; }
# wrk prints 850.00us, 1.23ms, 1.02s: in ms.
ms() { awk -v t="$1" 'BEGIN { v = t + 0; if (t ~ /us$/) v /= 1000; else if (t ~ /ms$/) v += 0; else if (t ~ /s$/) v *= 1000; printf "%.2f", v }'; }

printf '\n%-16s %-6s | %10s %8s %8s | %10s %8s %8s | %7s\n' "page" "coding" "Cunba r/s" "p50 ms" "p99 ms" "nginx r/s" "p50 ms" "p99 ms" "share"
RESULTS="$DIR/results"
: >"$RESULTS"
for page in $PAGES; do
  file=$(file_of "$page")
  for coding in br gzip; do
    case $coding in br) ask=$PHONE; saved="$WWW/$file.br" ;; gzip) ask='gzip, deflate'; saved="$WWW/$file.gz" ;; esac
    if ! same_bytes "$NGINX/$file" "$ask" "$saved" || ! same_bytes "$BASE$page" "$ask" "$saved"; then
      echo "  ($page $coding: the bytes differ between Cunba and nginx — the page changed since it was saved?)"
    fi
    if [ "$page" = /standings ] && [ "$coding" = br ]; then
      run_wrk "$BASE$page" "$ask" >"$DIR/cunba.txt" &
      WRK=$!
      sleep $((DURATION / 2))
      RSS_LOAD=$(rss)
      wait $WRK || true
      CUNBA=$(cat "$DIR/cunba.txt")
    else
      CUNBA=$(run_wrk "$BASE$page" "$ask")
    fi
    NG=$(run_wrk "$NGINX/$file" "$ask")
    share=$(awk -v c="$(rps "$CUNBA")" -v n="$(rps "$NG")" 'BEGIN { printf "%.0f%%", 100 * c / n }')
    printf '%-16s %-6s | %10s %8s %8s | %10s %8s %8s | %7s\n' "$page" "$coding" \
      "$(rps "$CUNBA")" "$(ms "$(pct "$CUNBA" 50%)")" "$(ms "$(pct "$CUNBA" 99%)")" \
      "$(rps "$NG")" "$(ms "$(pct "$NG" 50%)")" "$(ms "$(pct "$NG" 99%)")" "$share"
    echo "$page $coding $(rps "$CUNBA") $(rps "$NG") $(ms "$(pct "$CUNBA" 99%)")" >>"$RESULTS"
    for run in "$CUNBA" "$NG"; do
      [ -n "$(errors "$run")" ] && echo "  ($page $coding: $(errors "$run"))"
    done
  done
done
awk '{ c += $3; n += $4; if ($5 > worst) worst = $5 } END {
  printf "all pages: Cunba %.0f r/s, nginx %.0f r/s on average: Cunba %.0f%% of nginx (issue 22: ≥ 50%%); worst p99 %.2f ms (≤ 20 ms)\n",
    c / NR, n / NR, 100 * c / n, worst }' "$RESULTS"
kill "$(cat "$DIR/nginx.pid")"

CONFIRM_RATE=${CONFIRM_RATE:-2}
say "the same, brotli, while the organiser enters $CONFIRM_RATE results a second (each drops every cached answer)"
printf '%-22s | %10s %8s %8s | %7s | %s\n' "page" "Cunba r/s" "p50 ms" "p99 ms" "share" "results meanwhile"
CONFIRMED="$DIR/confirmed"
: >"$CONFIRMED"
for page in $PAGES; do
  node end2end/bench/confirm.mjs "$BASE" "$DURATION" "$CONFIRM_RATE" >"$DIR/confirm.txt" 2>&1 &
  CONFIRMER=$!
  CUNBA=$(run_wrk "$BASE$page" "$PHONE")
  wait $CONFIRMER || true
  nginx_rps=$(awk -v p="$page" '$1 == p && $2 == "br" { print $4 }' "$RESULTS")
  share=$(awk -v c="$(rps "$CUNBA")" -v n="$nginx_rps" 'BEGIN { printf "%.0f%%", 100 * c / n }')
  printf '%-22s | %10s %8s %8s | %7s | %s\n' "$page" "$(rps "$CUNBA")" "$(ms "$(pct "$CUNBA" 50%)")" \
    "$(ms "$(pct "$CUNBA" 99%)")" "$share" "$(sed 's/^results //' "$DIR/confirm.txt")"
  [ -n "$(errors "$CUNBA")" ] && echo "  ($page: $(errors "$CUNBA"))"
  echo "$page $(rps "$CUNBA") $nginx_rps $(ms "$(pct "$CUNBA" 99%)")" >>"$CONFIRMED"
done
awk '{ c += $2; n += $3; if ($4 > worst) worst = $4 } END {
  printf "while results are entered: Cunba %.0f%% of nginx (issue 22: ≥ 50%%); worst p99 %.2f ms (≤ 20 ms)\n",
    100 * c / n, worst }' "$CONFIRMED"

say "server memory"
echo "RSS idle: $RSS_IDLE   under load (64 connections): $RSS_LOAD"

if [ -n "${PAGES_ONLY:-}" ]; then
  exit 0
fi

say "score submission with readers running (${DURATION}s)"
node end2end/bench/submit.mjs "$BASE" "$DURATION" "$DIR/cunba.db"

kill $SERVER
wait $SERVER 2>/dev/null || true
SERVER=

# The 45 competition instances at 60 s each are `make bench-schedule` (45 minutes).
SETS=${SCHEDULE_SETS:-tests,tiny,small,village}
say "scheduling engine (ITC2021 sets $SETS; ${SCHEDULE_SECONDS:-5} s per instance)"
cargo run --quiet --release -p cunba-domain --example bench_schedule -- \
  --sets "$SETS" --seconds "${SCHEDULE_SECONDS:-5}" 2>&1 | grep -v '^[A-Z][a-z]*_[0-9]*_\(Tiny\|Small\) .* yes '
