#!/bin/bash
# Boot a kernel under QEMU (TCG) with the host's filesystem shared read-only and
# run pytest inside it. Exit code = pytest's exit code in the guest.
#   vm/run-vm.sh BZIMAGE [pytest args...]      (default args: -m vm)
# Env: VM_MEM (default 2G), VM_CPUS (1), VM_TIMEOUT seconds (2400), PYOOMBPF_POLICY_OBJDIR.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

kernel=${1:?usage: run-vm.sh BZIMAGE [pytest args...]}
shift
[[ -f "$kernel" ]] || die "no kernel image at $kernel"
args=("$@")
((${#args[@]})) || args=(-m vm)

# The initramfs: static busybox + our init. Rebuilt when either changes.
busybox=/bin/busybox
[[ -x $busybox ]] || die "busybox-static is missing (vm/deps.sh installs it)"
key=$(cat "$VM_DIR/guest/init" "$busybox" | sha256sum | cut -c1-16)
initrd="$CACHE_DIR/initramfs-$key.cpio.gz"
if [[ ! -f "$initrd" ]]; then
  root=$(mktemp -d)
  mkdir -p "$root"/{bin,dev,proc,sys,host}
  cp "$busybox" "$root/bin/busybox"
  install -m 755 "$VM_DIR/guest/init" "$root/init"
  tmp=$(mktemp "$initrd.XXXX")
  (cd "$root" && find . | cpio -o -H newc --quiet | gzip -1) > "$tmp"
  mv "$tmp" "$initrd"
  rm -rf "$root"
fi

# Kernel command-line words cannot hold spaces: pytest args are joined with '+'.
joined=$(IFS=+; echo "${args[*]}")
[[ "$joined" != *" "* ]] || die "pytest arguments must not contain spaces"
cmdline="console=ttyS0 panic=-1 psi=1 quiet loglevel=4 pyoombpf.repo=$REPO_DIR pyoombpf.pytest=$joined"
cmdline+=" pyoombpf.objdir=${PYOOMBPF_POLICY_OBJDIR:-}"

# One log per run (several runs may share the cache); last-run.log points at the newest.
mkdir -p "$CACHE_DIR/runs"
out=$(mktemp "$CACHE_DIR/runs/run-$(date +%Y%m%d-%H%M%S)-XXXX.log")
ln -sfn "$out" "$CACHE_DIR/last-run.log"
ls -t "$CACHE_DIR"/runs/run-*.log | tail -n +21 | xargs -r rm -f
log "booting $kernel under QEMU/TCG (log: $out)"
set +e
timeout --foreground -k 10 "${VM_TIMEOUT:-2400}" qemu-system-x86_64 \
  -accel tcg -cpu max -smp "${VM_CPUS:-1}" -m "${VM_MEM:-2G}" \
  -kernel "$kernel" -initrd "$initrd" -append "$cmdline" \
  -virtfs local,path=/,mount_tag=hostfs,security_model=none,readonly=on,multidevs=remap \
  -nographic -no-reboot -nodefaults -serial stdio -monitor none \
  < /dev/null 2>&1 | tee "$out" | sed -u 's/\x1b\[[0-9;?]*[A-Za-z]//g; s/\x1bc//g; s/\r$//'
qemu_rc=${PIPESTATUS[0]}
set -e
rc=$(sed -n 's/.*PYOOMBPF-VM-RESULT rc=\([0-9]*\).*/\1/p' "$out" | tail -n1)
if [[ -z "$rc" ]]; then
  log "the guest did not report a result (qemu exit $qemu_rc; 124 = timeout); see $out"
  exit 1
fi
log "guest pytest exit code: $rc"
exit "$rc"
