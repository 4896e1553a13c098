#!/bin/bash
# Regenerate bpf-oom-test.patch after editing the patched kernel tree in place
# ($CACHE_DIR/work/linux, see docs/test-kernel.md). Files already in the patch are
# diffed again; name new files on the command line (paths relative to the tree).
# The description above the first "---" line is kept.
set -euo pipefail
source "$(dirname "$0")/../lib.sh"

patch_file="$VM_DIR/kernel/bpf-oom-test.patch"
tree=$("$VM_DIR/fetch-source.sh")
work="$CACHE_DIR/work/linux"
[[ -d "$work" ]] || die "no work tree at $work: run vm/build-kernel.sh first"

files=$( { sed -nE 's#^\+\+\+ b/([^\t]*).*#\1#p' "$patch_file"; printf '%s\n' "$@"; } | sed '/^$/d' | sort -u)
tmp=$(mktemp)
sed '/^---$/q' "$patch_file" > "$tmp"
for f in $files; do
  old="$tree/$f"
  [[ -e "$old" ]] || old=/dev/null
  # diff exits 1 when the files differ: that is the point.
  diff -uN --label "a/$f" --label "b/$f" "$old" "$work/$f" >> "$tmp" || [[ $? -eq 1 ]]
done
mv "$tmp" "$patch_file"
log "wrote $patch_file ($(grep -c '^+++ ' "$patch_file") files)"
