#!/usr/bin/env bash
# Sets up everything the tests need on a fresh Debian machine, then runs all of them.
# Usage: ./scripts/test.sh [extra pytest args]
set -euo pipefail
cd "$(dirname "$0")/.."

# Debian packages the tests drive for real: chromium (browser tests) and nginx (multi-replica test).
missing=""
[ -x /usr/bin/chromium ] || missing="$missing chromium"
[ -x /usr/sbin/nginx ] || command -v nginx >/dev/null 2>&1 || missing="$missing nginx"
if [ -n "$missing" ]; then
  echo "== installing Debian packages:$missing"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  # Keep the packages' own services (nginx on port 80) from starting: the tests run their own copies.
  guard=""
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' | $SUDO tee /usr/sbin/policy-rc.d >/dev/null
    $SUDO chmod +x /usr/sbin/policy-rc.d; guard=1
  fi
  # shellcheck disable=SC2086
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq $missing >/dev/null
  [ -z "$guard" ] || $SUDO rm -f /usr/sbin/policy-rc.d
fi

if [ ! -x .venv/bin/python ]; then
  echo "== creating .venv"
  python3 -m venv .venv
fi
echo "== installing pinned requirements"
.venv/bin/python -m pip install -q --disable-pip-version-check -r requirements-dev.txt

echo "== ruff"
.venv/bin/python -m ruff check .
echo "== mypy (sims/)"
.venv/bin/python -m mypy
echo "== pytest"
.venv/bin/python -m pytest "$@"
