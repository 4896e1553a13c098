#!/bin/bash
# `make vmtest`: install what the VM needs, build the test kernel if the cached one is stale
# (or take KERNEL=<bzImage>), build the C policies, boot under QEMU/TCG and run the VM-marked
# tests inside. Exit code = the guest pytest's exit code.
# Env: KERNEL (a bzImage to boot instead of ours), VMTEST_ARGS (pytest args, default "-m vm": every VM-marked test),
#      PYOOMBPF_VM_CACHE (cache dir, default ~/.cache/pyoombpf/vm), JOBS (kernel build jobs, default 2).
set -euo pipefail
source "$(dirname "$0")/lib.sh"

t0=$(date +%s)
"$VM_DIR/deps.sh"
if [[ -n "${KERNEL:-}" ]]; then
  kernel=$(realpath "$KERNEL")
  log "using the kernel given in KERNEL: $kernel"
else
  kernel=$("$VM_DIR/build-kernel.sh")
fi
t1=$(date +%s)

objdir="$CACHE_DIR/policies"
make -s -C "$REPO_DIR/src_c/policies" OUT="$objdir"

read -r -a args <<< "${VMTEST_ARGS:--m vm}"
set +e
PYOOMBPF_POLICY_OBJDIR="$objdir" "$VM_DIR/run-vm.sh" "$kernel" "${args[@]}"
rc=$?
set -e
t2=$(date +%s)
log "kernel ready in $((t1 - t0))s, VM run $((t2 - t1))s, total $((t2 - t0))s; exit code $rc"
exit $rc
