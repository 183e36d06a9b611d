#!/usr/bin/env bash
# Debian packages zhichan needs. `system-deps.sh runtime` (make run): Chromaprint's fpcalc for
# audio comparison, Pango for WeasyPrint's PDF reports and the Noto CJK fonts they use.
# Without an argument (make test) also a PostgreSQL server (initdb/pg_ctl) and Chromium.
# `system-deps.sh bench` (make bench) also the real code the clone benchmark disguises: the
# OpenJDK class library's sources and the C example programs of a few -dev packages.
set -euo pipefail
need=()
if ! command -v fpcalc >/dev/null; then need+=(libchromaprint-tools); fi
if ! ldconfig -p 2>/dev/null | grep -q "libpango-1.0.so"; then need+=(libpango-1.0-0 libpangoft2-1.0-0); fi
if ! fc-list 2>/dev/null | grep -qi "noto.*cjk"; then need+=(fonts-noto-cjk); fi
if [ "${1:-all}" != "runtime" ]; then
  pg_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }
  if ! command -v initdb >/dev/null && [ -z "$(pg_bin)" ]; then need+=(postgresql); fi
  if ! command -v chromium >/dev/null; then need+=(chromium); fi
fi
if [ "${1:-all}" = "bench" ]; then
  [ -f /usr/lib/jvm/openjdk-17/lib/src.zip ] || need+=(openjdk-17-source)
  # the same list as benchmarks/clone_datasets.py C_PACKAGES
  for pkg in git libexpat1-dev libidn2-dev libjansson4 libjpeg62-turbo-dev liblzma-dev \
      libpam-modules libpng-dev libstemmer0d libtasn1-6-dev libxmlsec1-dev linux-perf \
      nettle-dev zlib1g-dev; do
    [ -d "/usr/share/doc/$pkg" ] || need+=("$pkg")
  done
fi
[ ${#need[@]} -eq 0 ] && exit 0
echo "installing Debian packages: ${need[*]}"
SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO="sudo"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
