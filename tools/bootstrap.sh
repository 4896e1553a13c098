#!/usr/bin/env bash
# Idempotent set-up for a fresh machine: Debian packages, a local .venv, and pyoombpf installed into it.
# Usage: tools/bootstrap.sh [deb-package ...]
# Each step says what it does; a step whose work is already done prints nothing but its check.
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf '[bootstrap] %s\n' "$*"; }

missing=()
for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
    if [ "$(id -u)" -ne 0 ]; then
        say "need Debian packages ${missing[*]} but not root: install them and rerun"; exit 1
    fi
    say "installing Debian packages: ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    # A stale or empty package list makes apt-get install fail to find packages: refresh it first.
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

PYTHON=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
    say "creating .venv with $($PYTHON --version)"
    "$PYTHON" -m venv .venv
fi

stamp=.venv/.pyoombpf-installed
want=$(cat pyproject.toml | sha256sum | cut -c1-16)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
    say "installing pyoombpf (editable) with its dependencies into .venv"
    .venv/bin/python -m pip install -q --disable-pip-version-check -e '.[dev,service]'
    echo "$want" > "$stamp"
fi
