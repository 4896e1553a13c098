// SPDX-License-Identifier: GPL-2.0
/*
 * Test policy: records what an OOM handler sees and can do, and kills the
 * task whose pid user space wrote to `target` (0: kill nothing, decline).
 * It uses helpers of the tracing set (bpf_probe_read_kernel_str,
 * bpf_get_current_task_btf), which upstream v3 gives OOM handlers, and reads
 * through the link's (untrusted) cgroup pointer. Several struct_ops values
 * share the handler: a named one, an unnamed one, one with an unterminated
 * 64-byte name and one without a handler. pyoombpf's own code.
 */
#include "oom_abi.h"

#include <bpf/bpf_tracing.h>

char LICENSE[] SEC("license") = "GPL";

enum {
	P_RUNS,		/* handler calls */
	P_KILL_RC,	/* bpf_oom_kill_process()'s return value (-ESRCH: no such pid) */
	P_MEMCG_NULL,	/* oc->memcg was NULL (a system-wide OOM) */
	P_MEMCG_ID,	/* else the cgroup id of oc->memcg */
	P_FREED,	/* oc->bpf_memory_freed after the kill */
	P_CURRENT,	/* tgid of the task running the handler */
	P_ATTACH_ID,	/* st_link->cgroup->kn->id */
	P_MAX
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
} target SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, P_MAX);
	__type(key, __u32);
	__type(value, __u64);
} probe SEC(".maps");

struct name_buf {
	char name[64];
};

/* oc->bpf_handler_name as the handler read it. */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct name_buf);
} names SEC(".maps");

static __always_inline void set(__u32 idx, __u64 v)
{
	__u64 *slot = bpf_map_lookup_elem(&probe, &idx);

	if (slot)
		*slot = v;
}

SEC_OOM_HANDLER
int BPF_PROG(probe_oom, struct oom_control *oc, struct bpf_struct_ops_link *st_link)
{
	struct mem_cgroup *memcg = oc->memcg;
	struct task_struct *task;
	struct name_buf *buf;
	__u32 zero = 0;
	__u64 *runs, *pid;
	int rc;

	runs = bpf_map_lookup_elem(&probe, &zero);
	if (runs)
		__sync_fetch_and_add(runs, 1);
	buf = bpf_map_lookup_elem(&names, &zero);
	if (buf)
		bpf_probe_read_kernel_str(buf->name, sizeof(buf->name), oc->bpf_handler_name);
	set(P_CURRENT, bpf_get_current_task_btf()->tgid);
	set(P_MEMCG_NULL, !memcg);
	if (memcg)
		set(P_MEMCG_ID, memcg->css.cgroup->kn->id);
	set(P_ATTACH_ID, st_link->cgroup->kn->id);

	pid = bpf_map_lookup_elem(&target, &zero);
	if (!pid || !*pid)
		return 0;
	task = bpf_task_from_pid(*pid);
	if (!task) {
		set(P_KILL_RC, (__u64)-3);
		return 0;
	}
	rc = bpf_oom_kill_process(oc, task, "pyoombpf probe");
	bpf_task_release(task);
	set(P_KILL_RC, (__u64)(__s64)rc);
	set(P_FREED, oc->bpf_memory_freed);
	return rc == 0;
}

SEC_OOM_MAP
struct bpf_oom_ops probe_ops = {
	.handle_out_of_memory = (void *)probe_oom,
	.name = "pyoombpf_probe",
};

SEC_OOM_MAP
struct bpf_oom_ops default_name_ops = {
	.handle_out_of_memory = (void *)probe_oom,
	/* empty: the kernel names it "bpf_defined_policy" */
};

SEC_OOM_MAP
struct bpf_oom_ops long_name_ops = {
	.handle_out_of_memory = (void *)probe_oom,
	/* 64 bytes, no terminating NUL: upstream keeps the first 63 */
	.name = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
};

SEC_OOM_MAP
struct bpf_oom_ops no_handler_ops = {
	.name = "no_handler",
};
