#!/bin/bash
# Fetch Debian's linux-source-7.3 from trixie-backports with a private apt configuration
# (the machine's own apt sources are never touched) and unpack it under $CACHE_DIR/src.
# Prints the path of the unpacked tree. Idempotent.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

mkdir -p "$APT_DIR/lists/partial" "$APT_DIR/cache/archives/partial" "$CACHE_DIR/src"
cat > "$APT_DIR/sources.list" <<EOS
deb [signed-by=$KEYRING] http://deb.debian.org/debian $SRC_SUITE main
EOS
APT_OPTS=(-o "Dir::Etc::sourcelist=$APT_DIR/sources.list" -o "Dir::Etc::sourceparts=-"
  -o "Dir::State::Lists=$APT_DIR/lists" -o "Dir::Cache=$APT_DIR/cache"
  -o "APT::Get::List-Cleanup=0" -o "Debug::NoLocking=1" -o "APT::Sandbox::User=root")

deb=$(ls "$CACHE_DIR"/src/${SRC_PKG}_*.deb 2>/dev/null | sort -V | tail -n1 || true)
if [[ -z "$deb" ]]; then
  log "apt update ($SRC_SUITE, private configuration in $APT_DIR)"
  apt-get "${APT_OPTS[@]}" -qq update >&2
  log "downloading $SRC_PKG $SRC_VERSION"
  if ! (cd "$CACHE_DIR/src" && apt-get "${APT_OPTS[@]}" -qq download "$SRC_PKG=$SRC_VERSION" >&2); then
    log "warning: $SRC_PKG $SRC_VERSION is no longer in $SRC_SUITE; taking the newest (the patch may need a refresh)"
    (cd "$CACHE_DIR/src" && apt-get "${APT_OPTS[@]}" -qq download "$SRC_PKG/$SRC_SUITE" >&2)
  fi
  deb=$(ls "$CACHE_DIR"/src/${SRC_PKG}_*.deb | sort -V | tail -n1)
fi
version=$(dpkg-deb -f "$deb" Version)
tree="$CACHE_DIR/src/linux-$version"
if [[ ! -f "$tree/.unpacked" ]]; then
  log "unpacking $SRC_PKG $version into $tree"
  rm -rf "$tree" "$tree.tmp" && mkdir -p "$tree.tmp"
  dpkg-deb --fsys-tarfile "$deb" | tar -x -C "$tree.tmp" --wildcards '*/linux-source-*.tar.*'
  tarball=$(ls "$tree.tmp"/usr/src/linux-source-*.tar.*)
  mkdir -p "$tree" && tar -xf "$tarball" -C "$tree" --strip-components=1
  rm -rf "$tree.tmp"
  echo "$version" > "$tree/.debian-version"
  touch "$tree/.unpacked"
fi
echo "$tree"
