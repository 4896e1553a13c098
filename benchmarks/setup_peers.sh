#!/usr/bin/env bash
# Installs the peers the benchmarks compare against, idempotently, outside the repository (~/.cache/pyoombpf):
#   * LLVM 21 `opt`/`llc` and Python 3.13 from Debian trixie(-backports), unpacked with dpkg -x into a private
#     prefix and run with trixie's own glibc (bookworm's glibc 2.36 is too old for them; nothing is installed
#     system-wide and the machine's apt sources are not touched: apt runs with a private configuration);
#   * pythonbpf 0.2.0 from PyPI (with its llvmlite and pylibbpf wheels for CPython 3.13) into a private site dir.
# pythonbpf needs Python >= 3.12 (its sources use PEP 701 f-strings, although its metadata says >= 3.10) and LLVM
# >= 21 binaries; Debian 12 has neither.  Usage: benchmarks/setup_peers.sh   (prints the prefix when done)
set -euo pipefail

CACHE=${PYOOMBPF_CACHE:-$HOME/.cache/pyoombpf}
APT=$CACHE/apt-llvm21
PREFIX=$CACHE/llvm21
SITE=$CACHE/pythonbpf-site
say() { printf '[peers] %s\n' "$*" >&2; }

LLVM_DEBS="llvm-21 libllvm21 libc6 libstdc++6 libgcc-s1 libz3-4 libxml2 libedit2 libffi8 libzstd1 zlib1g libbsd0 libmd0 libtinfo6"
PY_DEBS="python3.13-minimal libpython3.13-minimal libpython3.13-stdlib libexpat1 libssl3t64 libsqlite3-0 libbz2-1.0
liblzma5 libncursesw6 libreadline8t64 libuuid1 libcrypt1 libmpdec4 libgdbm6t64 libdb5.3t64"

apt_private() {
    apt-get -o Dir::Etc::sourcelist="$APT/sources.list" -o Dir::Etc::sourceparts=- -o Dir::State::Lists="$APT/lists" \
        -o Dir::Cache="$APT/cache" -o Dir::State::status=/var/lib/dpkg/status -o APT::Sandbox::User=root "$@"
}

wrapper() {  # wrapper NAME TARGET: run TARGET from the prefix with the prefix's dynamic loader and libraries
    cat >"$PREFIX/bin/$1" <<EOF
#!/bin/sh
R=$PREFIX/root
exec "\$R/usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2" --library-path "\$R/usr/lib/x86_64-linux-gnu:\$R/lib/x86_64-linux-gnu" "\$R$2" "\$@"
EOF
    chmod +x "$PREFIX/bin/$1"
}

if [ ! -x "$PREFIX/bin/llc" ] || [ ! -x "$PREFIX/bin/python3.13" ]; then
    say "fetching LLVM 21 and Python 3.13 from Debian trixie(-backports) with a private apt configuration"
    mkdir -p "$APT/lists/partial" "$APT/cache/archives/partial" "$APT/debs" "$PREFIX/root" "$PREFIX/bin"
    cat >"$APT/sources.list" <<'EOF'
deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian trixie main
deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian trixie-backports main
EOF
    apt_private -qq update
    # shellcheck disable=SC2086
    (cd "$APT/debs" && apt_private -qq -t trixie-backports download $LLVM_DEBS $PY_DEBS)
    for deb in "$APT"/debs/*.deb; do dpkg -x "$deb" "$PREFIX/root"; done
    wrapper llc /usr/lib/llvm-21/bin/llc
    wrapper opt /usr/lib/llvm-21/bin/opt
    wrapper python3.13 /usr/bin/python3.13
fi

if [ ! -f "$SITE/pythonbpf-0.2.0.dist-info/METADATA" ]; then
    say "installing pythonbpf 0.2.0 (CPython 3.13 wheels) into $SITE"
    # pip checks Requires-Python against the running 3.11 even with --python-version: the target is 3.13.
    python3 -m pip install -q --disable-pip-version-check --ignore-requires-python --target "$SITE" \
        --python-version 3.13 --implementation cp --only-binary=:all: --platform manylinux_2_28_x86_64 \
        --platform manylinux_2_17_x86_64 --platform manylinux2014_x86_64 pythonbpf==0.2.0
fi
echo "$PREFIX"
