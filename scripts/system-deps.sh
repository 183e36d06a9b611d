#!/usr/bin/env bash
# Debian packages the test suite runs against: a PostgreSQL server (initdb/pg_ctl) and Chromium.
set -euo pipefail
need=()
pg_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }
if ! command -v initdb >/dev/null && [ -z "$(pg_bin)" ]; then need+=(postgresql); fi
if ! command -v chromium >/dev/null; then need+=(chromium); fi
if ! fc-list 2>/dev/null | grep -qi "noto.*cjk"; then need+=(fonts-noto-cjk); fi
[ ${#need[@]} -eq 0 ] && exit 0
echo "installing Debian packages: ${need[*]}"
SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO="sudo"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
