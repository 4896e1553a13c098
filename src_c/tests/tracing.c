/* One program per attach kind the modes use: tp/, tp_btf/, raw_tp/ and iter/.  Each counts the getpid() calls
 * of one process (target_tgid, set before load) into hits[kind]. */
#include "pyoombpf_test.h"

char LICENSE[] SEC("license") = "GPL";

#define NR_GETPID 39
enum { HIT_TP, HIT_TP_BTF, HIT_RAW_TP, HIT_MAX };

const volatile __u32 target_tgid = 0;

struct {
    __uint(type, BPF_MAP_TYPE_ARRAY);
    __uint(max_entries, HIT_MAX);
    __type(key, __u32);
    __type(value, __u64);
} hits SEC(".maps");

static void hit(__u32 kind)
{
    __u64 *n;

    if ((bpf_get_current_pid_tgid() >> 32) != target_tgid)
        return;
    n = bpf_map_lookup_elem(&hits, &kind);
    if (n)
        __sync_fetch_and_add(n, 1);
}

SEC("tp/syscalls/sys_enter_getpid")
int on_tp(void *ctx)
{
    hit(HIT_TP);
    return 0;
}

SEC("tp_btf/sys_enter")
int on_tp_btf(unsigned long long *ctx)
{
    /* sys_enter(struct pt_regs *regs, long id) */
    if ((long)ctx[1] == NR_GETPID)
        hit(HIT_TP_BTF);
    return 0;
}

SEC("raw_tp/sys_enter")
int on_raw_tp(unsigned long long *ctx) /* struct bpf_raw_tracepoint_args: not in every kernel's BTF */
{
    if ((long)ctx[1] == NR_GETPID)
        hit(HIT_RAW_TP);
    return 0;
}

SEC("iter/task")
int dump_task(struct bpf_iter__task *ctx)
{
    struct seq_file *seq = ctx->meta->seq;
    struct task_struct *task = ctx->task;
    static const char fmt[] = "%d %d %s\n";
    __u64 data[3];

    if (!task || task->tgid != target_tgid)
        return 0;
    data[0] = task->tgid;
    data[1] = task->pid;
    data[2] = (__u64)task->comm;
    bpf_seq_printf(seq, fmt, sizeof(fmt), data, sizeof(data));
    return 0;
}
