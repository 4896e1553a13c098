#!/bin/bash
# Install the Debian packages the test kernel build and the QEMU boot need. Idempotent:
# apt runs only when a package is missing.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

DEBS=(gcc make flex bison bc libelf-dev libssl-dev dwarves cpio xz-utils zstd
  qemu-system-x86 busybox-static clang-19 llvm-19 libbpf-dev)
missing=()
for p in "${DEBS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  log "installing: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get -qq update >&2
  apt-get -qq install -y --no-install-recommends "${missing[@]}" >&2
fi
