# nianbao — the commands a newcomer needs. Each one installs what is missing
# first (scripts/setup.sh is idempotent).
SHELL := /bin/bash
export PATH := $(CURDIR)/node_modules/.bin:$(HOME)/.cargo/bin:$(PATH)
# Trunk must never reach the network (no update check either).
export TRUNK_SKIP_VERSION_CHECK := true

.PHONY: setup serve dist test bench clean

setup:
	@scripts/setup.sh

## Build and serve the app at http://127.0.0.1:8080 (rebuilds on change).
serve: setup
	trunk serve

## Build the static files for hosting into dist/ (for every browser of the
## floor, with the service worker stamped and the CSP added), and the single
## file dist/nianbao.html.
dist: setup
	scripts/dist.sh

## Run every test and check (what CI runs).
test: setup
	@scripts/test.sh

## Print speed and size figures.
bench: setup
	@scripts/bench.sh

clean:
	cargo clean
	rm -rf dist
