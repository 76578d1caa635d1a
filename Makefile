# Cunba — the two commands from the README are `make run` and `make test`.
# Every tool is checked first and installed only when missing; each step says what it does.
SHELL := /bin/bash
.DEFAULT_GOAL := help

TOOLS := $(CURDIR)/.tools
export PATH := $(TOOLS)/node_modules/.bin:$(HOME)/.cargo/bin:$(PATH)
CARGO_FUZZ_VERSION := 0.13.2
SCHEMATHESIS_VERSION := 4.32.5
FUZZ_SECONDS ?= 60
LOAD_SECONDS ?= 60
LIVE_SECONDS ?= 60
# Where cargo puts the binaries (CARGO_TARGET_DIR when set).
BUILD_DIR = $(or $(CARGO_TARGET_DIR),target)
# What `make test` compiles: every crate but `frontend`, the wasm entry point (it has no
# tests; on the host it would turn on `app/hydrate` and build the app a second way). So the
# tests build the app and the server exactly as `make run` does, and share that build.
TEST_CRATES := --workspace --exclude frontend
BINARYEN_VERSION := 132
LIGHTNINGCSS_VERSION := 1.33.0
TERSER_VERSION := 5.51.4
# wasm-bindgen-cli must match the wasm-bindgen the lockfile builds against.
WASM_BINDGEN_VERSION = $(shell awk '/^name = "wasm-bindgen"$$/ {getline; gsub(/version = |"/, ""); print; exit}' Cargo.lock)
SITE_ROOT := target/site

say = @printf '\033[1m==> %s\033[0m\n' "$(1)"

.PHONY: help run run-release site server test test-build tools font browser e2e-deps test-rust test-e2e fmt lint bench bench-live bench-schedule fuzz api-check load clean-data

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-16s %s\n", $$1, $$2}'

run: font ## Build and serve the demo league on http://127.0.0.1:3000
	$(call say,building the site and the server side by side (two jobs: the first time about 15 minutes on 2 cores))
	$(MAKE) --no-print-directory -j2 site server
	$(call say,starting cunba (SQLite under data/; demo league on a new database))
	LEPTOS_SITE_ROOT=$(SITE_ROOT) $(BUILD_DIR)/debug/cunba serve $(ARGS)

server: ## The server's debug build (dependencies at opt-level 1): what make run serves and make test compiles
	$(call say,building the server (the same build make test uses))
	cargo build -p server --bin cunba

run-release: tools font site ## The same with the server's release build (what make bench measures)
	$(call say,building the release server (first time: about 15 minutes on 2 cores))
	cargo build --release -p server --bin cunba
	LEPTOS_SITE_ROOT=$(SITE_ROOT) $(BUILD_DIR)/release/cunba serve $(ARGS)

site: tools ## Build the site into target/site: wasm (wasm-bindgen, wasm-opt), CSS, public/
	$(call say,building the site (wasm, JS glue, CSS) into $(SITE_ROOT))
	scripts/site.sh release

test: font browser e2e-deps ## Run every test: unit, integration (SQLite; PostgreSQL when TEST_DATABASE_URL is set), end2end
	$(call say,building the site and the tests side by side (two jobs))
	$(MAKE) --no-print-directory -j2 site test-build
	$(MAKE) --no-print-directory test-rust
	$(MAKE) --no-print-directory test-e2e

test-build: ## Compile every test without running it
	cargo test $(TEST_CRATES) --no-run

test-rust: ## Unit and integration tests
	$(call say,unit and integration tests$(if $(TEST_DATABASE_URL), (SQLite and PostgreSQL), (SQLite; set TEST_DATABASE_URL for PostgreSQL too)))
	cargo test $(TEST_CRATES)

test-e2e: site ## Browser tests in headless Chromium at 390x844, JavaScript on and off
	$(call say,end2end tests in headless Chromium)
	cargo build -p server --bin cunba
	cd end2end && CUNBA_BIN=$(abspath $(BUILD_DIR))/debug/cunba CUNBA_SITE_ROOT=$(CURDIR)/$(SITE_ROOT) node --test --test-concurrency=1 tests/

tools: ## Install the build tools that are missing
	@if rustup target list --installed | grep -qx wasm32-unknown-unknown; then \
	  echo "✓ wasm32-unknown-unknown target"; \
	else \
	  echo "→ adding the wasm32-unknown-unknown target"; rustup target add wasm32-unknown-unknown; \
	fi
	@if wasm-bindgen --version 2>/dev/null | grep -q " $(WASM_BINDGEN_VERSION)$$"; then \
	  echo "✓ wasm-bindgen-cli $(WASM_BINDGEN_VERSION)"; \
	else \
	  echo "→ installing wasm-bindgen-cli $(WASM_BINDGEN_VERSION) (once; about 2 minutes: only the wasm-bindgen binary, without the TLS its test runner needs)"; \
	  cargo install wasm-bindgen-cli --version "=$(WASM_BINDGEN_VERSION)" --no-default-features --bin wasm-bindgen --force; \
	fi
	@if [ -x "$(TOOLS)/node_modules/.bin/wasm-opt" ] && [ -x "$(TOOLS)/node_modules/.bin/lightningcss" ] && [ -x "$(TOOLS)/node_modules/.bin/terser" ]; then \
	  echo "✓ wasm-opt, lightningcss and terser (npm binaryen $(BINARYEN_VERSION), lightningcss-cli $(LIGHTNINGCSS_VERSION), terser $(TERSER_VERSION); in .tools/)"; \
	else \
	  echo "→ installing wasm-opt, lightningcss and terser from npm into .tools/ (binaryen@$(BINARYEN_VERSION) lightningcss-cli@$(LIGHTNINGCSS_VERSION) terser@$(TERSER_VERSION))"; \
	  mkdir -p "$(TOOLS)" && npm install --prefix "$(TOOLS)" --no-audit --no-fund --no-save binaryen@$(BINARYEN_VERSION) lightningcss-cli@$(LIGHTNINGCSS_VERSION) terser@$(TERSER_VERSION); \
	fi

font: ## Install Debian's fonts-wqy-microhei (the share cards' Chinese font) when missing
	@if [ -n "$$CUNBA_CARD_FONT" ] && [ -f "$$CUNBA_CARD_FONT" ]; then \
	  echo "✓ share-card font $$CUNBA_CARD_FONT (CUNBA_CARD_FONT)"; \
	elif [ -f /usr/share/fonts/truetype/wqy/wqy-microhei.ttc ]; then \
	  echo "✓ share-card font (fonts-wqy-microhei)"; \
	else \
	  echo "→ installing fonts-wqy-microhei from Debian (the share cards' Chinese font)"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fonts-wqy-microhei; \
	fi

browser: ## Install Debian's Chromium (and libfaketime, for cups whose days must pass) for the browser tests when missing
	@if [ -x /usr/bin/chromium ] && fc-list :lang=zh | grep -q . && [ -f /usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1 ]; then \
	  echo "✓ chromium (and a Chinese font for the screenshots), libfaketime"; \
	else \
	  echo "→ installing chromium and libfaketime from Debian"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-wqy-microhei libfaketime; \
	fi

e2e-deps:
	@if [ -d end2end/node_modules/playwright-core ]; then \
	  echo "✓ playwright-core"; \
	else \
	  echo "→ installing playwright-core (npm) for the browser tests"; \
	  cd end2end && npm ci --no-audit --no-fund; \
	fi

fmt: ## Format the code
	cargo fmt --all

lint: ## What CI's reviewers expect: formatting and clippy without warnings
	cargo fmt --all -- --check
	cargo clippy $(TEST_CRATES) --all-targets -- -D warnings
	@# The wasm entry point as the browser gets it: on the host it would check app/hydrate
	@# beside app/ssr, a build no user runs.
	rustup target add wasm32-unknown-unknown
	cargo clippy -p frontend --target wasm32-unknown-unknown -- -D warnings

bench: tools site ## Figures for issues #8 and #22: each public page vs nginx serving the same bytes (wrk), page weights, RSS, submissions/s, scheduling
	$(call say,building the release server)
	cargo build --release -p server --bin cunba
	CUNBA_BIN=$(BUILD_DIR)/release/cunba scripts/bench.sh
	$(MAKE) --no-print-directory bench-live

bench-live: ## Issue #19: 20 games scored live while 1,000 readers hold /live, two servers on PostgreSQL, for LIVE_SECONDS (default 60)
	$(call say,building the release server)
	cargo build --release -p server --bin cunba
	CUNBA_BIN=$(BUILD_DIR)/release/cunba SECONDS_RUN=$(LIVE_SECONDS) scripts/load.sh live

bench-schedule: ## The scheduling engine on ITC2021 (SECONDS per instance, default 60; THREADS, default 1; SETS e.g. competition; ONLY e.g. Early_4,Late; OUT folder)
	cargo run --release -p cunba-domain --example bench_schedule -- --seconds $(or $(SECONDS),60) --threads $(or $(THREADS),1) $(if $(SETS),--sets '$(SETS)') $(if $(ONLY),--only '$(ONLY)') $(if $(OUT),--out '$(OUT)') $(ARGS)

fuzz: ## Every fuzz target (score and camp forms, RobinX XML, players CSV, notice pictures) for FUZZ_SECONDS each (default 60)
	@if cargo fuzz --version 2>/dev/null | grep -q " $(CARGO_FUZZ_VERSION)$$"; then \
	  echo "✓ cargo-fuzz $(CARGO_FUZZ_VERSION)"; \
	else \
	  echo "→ installing cargo-fuzz $(CARGO_FUZZ_VERSION) (once; about 3 minutes)"; \
	  cargo install cargo-fuzz@$(CARGO_FUZZ_VERSION) --locked; \
	fi
	scripts/fuzz.sh $(FUZZ_SECONDS)

api-check: ## The public JSON API against its own OpenAPI document (schemathesis, every check)
	@if [ -x "$(TOOLS)/venv/bin/schemathesis" ]; then \
	  echo "✓ schemathesis $$($(TOOLS)/venv/bin/schemathesis --version | awk '{print $$NF}') (in .tools/venv)"; \
	else \
	  echo "→ installing schemathesis $(SCHEMATHESIS_VERSION) from PyPI into .tools/venv"; \
	  python3 -m venv "$(TOOLS)/venv" && "$(TOOLS)/venv/bin/pip" install -q "schemathesis==$(SCHEMATHESIS_VERSION)"; \
	fi
	$(call say,building the server)
	cargo build -p server --bin cunba
	CUNBA_BIN=$(BUILD_DIR)/debug/cunba scripts/api-check.sh

load: ## 1,000 readers + 30 captains for LOAD_SECONDS (default 60): SQLite, then PostgreSQL with two servers
	$(call say,building the release server)
	cargo build --release -p server --bin cunba
	CUNBA_BIN=$(BUILD_DIR)/release/cunba SECONDS_RUN=$(LOAD_SECONDS) scripts/load.sh

clean-data: ## Delete the local SQLite database (the demo league is loaded again on next run)
	rm -rf data
