#!/bin/bash
# Build the pyoombpf test kernel (Debian linux-source-7.3 + vm/kernel/*.patch + config.fragment)
# if the cached image for this exact input is missing. Prints the path of the bzImage.
#
# Cache layout under $CACHE_DIR:
#   src/linux-<ver>/          pristine Debian source (fetch-source.sh)
#   work/linux/               patched copy; the applied series is kept in .pyoombpf-applied.patch
#   build/                    kbuild output tree (O=), reused so only changed files rebuild
#   images/<key>/bzImage      finished images, key = sha256(source version + patches + config + this script)
set -euo pipefail
source "$(dirname "$0")/lib.sh"

JOBS="${JOBS:-2}"
# One build at a time per cache (the work and build trees are shared).
mkdir -p "$CACHE_DIR"
exec 9>"$CACHE_DIR/build.lock"
flock 9
tree=$("$VM_DIR/fetch-source.sh")
version=$(cat "$tree/.debian-version")
patches=$(ls "$VM_DIR"/kernel/*.patch 2>/dev/null | sort || true)
key=$( { echo "$version"; cat $patches /dev/null "$VM_DIR/kernel/config.fragment" "$0"; } | sha256sum | cut -c1-16)
image="$CACHE_DIR/images/$key/bzImage"
if [[ -f "$image" ]]; then
  log "cached test kernel $key is up to date"
  echo "$image"; exit 0
fi

work="$CACHE_DIR/work/linux"
build="$CACHE_DIR/build"
applied="$work/.pyoombpf-applied.patch"
if [[ ! -f "$work/.source-version" ]] || [[ "$(cat "$work/.source-version")" != "$version" ]]; then
  log "copying pristine source to $work"
  rm -rf "$work" "$build" && mkdir -p "$(dirname "$work")"
  cp -a "$tree" "$work"
  echo "$version" > "$work/.source-version"
  : > "$applied"
fi

# Bring the work tree to "pristine + current series", rewriting only files whose
# content changes so that kbuild recompiles as little as possible.
patched_files() { sed -nE 's#^(\+\+\+ b/|--- a/)([^\t]*).*#\2#p' "$@" | sort -u; }
series_file="$CACHE_DIR/series.patch"
cat $patches /dev/null > "$series_file"
if ! cmp -s "$series_file" "$applied"; then
  log "applying the patch series"
  stage=$(mktemp -d "$CACHE_DIR/stage.XXXXXX")
  files=$(patched_files "$applied" "$series_file")
  for f in $files; do
    if [[ -e "$tree/$f" ]]; then install -D -p -m 644 "$tree/$f" "$stage/$f"; fi
  done
  if [[ -s "$series_file" ]]; then
    patch -d "$stage" -p1 -s -E --no-backup-if-mismatch < "$series_file" || die "the patch series does not apply"
  fi
  for f in $files; do
    if [[ -e "$stage/$f" ]]; then
      cmp -s "$stage/$f" "$work/$f" || install -D -m 644 "$stage/$f" "$work/$f"
    else
      rm -f "$work/$f"
    fi
  done
  rm -rf "$stage"
  cp "$series_file" "$applied"
fi

mkdir -p "$build"
log "configuring (tinyconfig + config.fragment)"
make -s -C "$work" O="$build" tinyconfig >/dev/null
"$work/scripts/kconfig/merge_config.sh" -m -O "$build" "$build/.config" "$VM_DIR/kernel/config.fragment" >/dev/null
make -s -C "$work" O="$build" olddefconfig >/dev/null
missing=$(grep -E '^CONFIG_[A-Z0-9_]+=y' "$VM_DIR/kernel/config.fragment" | while read -r l; do
  grep -qx "$l" "$build/.config" || echo "${l%%=*}"; done)
[[ -z "$missing" ]] || die "config options did not stick (check dependencies): $missing"

log "building bzImage with $JOBS jobs at nice 19 (a cold build takes a while)"
start=$(date +%s)
nice -n 19 make -C "$work" O="$build" -j"$JOBS" bzImage > "$build/build.log" 2>&1 || {
  tail -n 40 "$build/build.log" >&2; die "kernel build failed; full log: $build/build.log"; }
log "built in $(( $(date +%s) - start ))s"
mkdir -p "$(dirname "$image")"
cp "$build/arch/x86/boot/bzImage" "$image.tmp" && mv "$image.tmp" "$image"
cp "$build/.config" "$(dirname "$image")/config"
echo "$image"
