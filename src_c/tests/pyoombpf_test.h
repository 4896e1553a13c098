/* Declarations shared by pyoombpf's C test programs: section/map macros and the few BPF helpers they call.
 * Kernel types come from vmlinux.h (generated from the running kernel's BTF at test time). */
#pragma once
#include "vmlinux.h"

#define SEC(name) __attribute__((section(name), used))
#define __uint(name, val) int (*name)[val]
#define __type(name, val) typeof(val) *name
#define __ksym __attribute__((section(".ksyms")))
#define __weak __attribute__((weak))

/* helper ids: enum bpf_func_id in linux/bpf.h */
static void *(* const bpf_map_lookup_elem)(void *map, const void *key) = (void *)1;
static long (* const bpf_map_update_elem)(void *map, const void *key, const void *value, __u64 flags) = (void *)2;
static __u32 (* const bpf_get_smp_processor_id)(void) = (void *)8;
static __u64 (* const bpf_get_current_pid_tgid)(void) = (void *)14;
static long (* const bpf_seq_printf)(struct seq_file *m, const char *fmt, __u32 fmt_size, const void *data,
                                     __u32 data_len) = (void *)126;
static void *(* const bpf_ringbuf_reserve)(void *ringbuf, __u64 size, __u64 flags) = (void *)131;
static void (* const bpf_ringbuf_submit)(void *data, __u64 flags) = (void *)132;
static long (* const bpf_loop)(__u32 nr_loops, void *callback_fn, void *callback_ctx, __u64 flags) = (void *)181;

extern struct task_struct *bpf_task_from_pid(s32 pid) __ksym;
extern void bpf_task_release(struct task_struct *p) __ksym;
