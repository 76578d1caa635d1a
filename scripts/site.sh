#!/usr/bin/env bash
# Builds the site the server serves from target/site — what cargo-leptos did, in four steps:
#   1. the wasm entry point (`frontend`) for wasm32,
#   2. wasm-bindgen: the JS glue and the wasm as pkg/cunba.js + pkg/cunba.wasm
#      (Leptos asks for `cunba.wasm`, not `cunba_bg.wasm`, because LEPTOS_OUTPUT_NAME is set
#      in .cargo/config.toml),
#   3. wasm-opt -Oz and terser on the JS glue (release only),
#   4. the stylesheet (lightningcss: minified for the browsers `defaults` names; release only)
#      as pkg/cunba.css, and public/ copied beside pkg/,
#   5. (release only) pkg/NAME.br and pkg/NAME.gz beside each file, compressed once at their
#      best for the server to send as they are (scripts/precompress.mjs).
# Usage: scripts/site.sh [release|debug]   (release: profile wasm-release; debug: dev profile)
set -euo pipefail
cd "$(dirname "$0")/.."

mode=${1:-release}
target_dir=${CARGO_TARGET_DIR:-target}
site=${SITE_ROOT:-target/site}
pkg="$site/pkg"
tools="$PWD/.tools/node_modules/.bin"
step() { printf '  → %s\n' "$1"; }

case "$mode" in
  release) profile=wasm-release; out_dir=wasm-release ;;
  debug) profile=dev; out_dir=debug ;;
  *) echo "usage: $0 [release|debug]" >&2; exit 2 ;;
esac

step "wasm: cargo build -p frontend --target wasm32-unknown-unknown --profile $profile"
cargo build -p frontend --lib --target wasm32-unknown-unknown --profile "$profile"
wasm="$target_dir/wasm32-unknown-unknown/$out_dir/frontend.wasm"

mkdir -p "$pkg"
# The JS glue and the wasm are made again only when the compiled wasm changed.
stamp="$pkg/.built-from"
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$mode $(stat -c %Y "$wasm")" ] && [ -f "$pkg/cunba.wasm" ]; then
  step "wasm-bindgen, wasm-opt: up to date"
else
  step "wasm-bindgen --target web → $pkg/cunba.js, cunba.wasm"
  wasm-bindgen --target web --no-typescript --out-dir "$pkg" --out-name cunba "$wasm"
  mv "$pkg/cunba_bg.wasm" "$pkg/cunba.wasm"
  if [ "$mode" = release ]; then
    step "wasm-opt -Oz"
    "$tools/wasm-opt" -Oz --enable-bulk-memory --enable-nontrapping-float-to-int \
      "$pkg/cunba.wasm" -o "$pkg/cunba.wasm.opt"
    mv "$pkg/cunba.wasm.opt" "$pkg/cunba.wasm"
    step "terser: the JS glue minified"
    "$tools/terser" "$pkg/cunba.js" --module --compress --mangle -o "$pkg/cunba.js.min"
    mv "$pkg/cunba.js.min" "$pkg/cunba.js"
  fi
  echo "$mode $(stat -c %Y "$wasm")" > "$stamp"
fi

if [ "$mode" = release ]; then
  step "css: lightningcss --minify → $pkg/cunba.css"
  "$tools/lightningcss" --minify --browserslist style/main.css -o "$pkg/cunba.css"
else
  step "css: style/main.css → $pkg/cunba.css"
  cp style/main.css "$pkg/cunba.css"
fi

step "public/ → $site/"
cp -R public/. "$site/"

if [ "$mode" = release ]; then
  step "precompress: $pkg/*.br and $site/*.br (brotli 11), *.gz (gzip -9), served as they are"
  node scripts/precompress.mjs "$pkg"
  node scripts/precompress.mjs "$site"
else
  step "precompress: none for a debug site (its wasm is megabytes; compressed on the fly)"
  node scripts/precompress.mjs "$pkg" --remove
  node scripts/precompress.mjs "$site" --remove
fi
printf '  ✓ site ready in %s: %s\n' "$site" "$(cd "$pkg" && ls -l cunba.css cunba.js cunba.wasm | awk '{printf "%s %.1f KB  ", $NF, $5/1024}')"
