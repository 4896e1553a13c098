"""Bridge mode: a policy compiled to a SYSCALL program, run in the kernel by a relay on OOM events."""
