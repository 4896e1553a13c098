# Shared settings for the vm/ scripts (sourced, not executed).
# Everything big (kernel sources, build trees, images) lives outside the repo.
VM_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_DIR="$(cd "$VM_DIR/.." && pwd)"
CACHE_DIR="${PYOOMBPF_VM_CACHE:-$HOME/.cache/pyoombpf/vm}"
APT_DIR="$CACHE_DIR/apt"
SRC_PKG="linux-source-7.3"
SRC_SUITE="trixie-backports"
# The version the patch was written against; the newest one is used (with a warning) once the archive drops it.
SRC_VERSION="7.3.4-1~bpo13+1"
KEYRING="/usr/share/keyrings/debian-archive-keyring.gpg"

log() { echo "[vm] $*" >&2; }
die() { echo "[vm] error: $*" >&2; exit 1; }
