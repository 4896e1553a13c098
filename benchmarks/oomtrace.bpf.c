/* The OOM latency benchmark's timeline: kernel events around one OOM, stamped with bpf_ktime_get_ns()
 * (CLOCK_MONOTONIC, the clock the benchmark's allocator stamps its page faults with).
 *
 * Only processes the benchmark names in `roles` (tgid -> role) are traced: the relay, the victim, the allocator.
 * Built by benchmarks/oomtrace.py with clang-19 and loaded with pyoombpf.runtime; see that file. */
#include "vmlinux.h"

#define SEC(name) __attribute__((section(name), used))
#define __uint(name, val) int (*name)[val]
#define __type(name, val) typeof(val) *name

/* helper ids: enum bpf_func_id in linux/bpf.h */
static void *(* const bpf_map_lookup_elem)(void *map, const void *key) = (void *)1;
static __u64 (* const bpf_ktime_get_ns)(void) = (void *)5;
static __u64 (* const bpf_get_current_pid_tgid)(void) = (void *)14;
static void *(* const bpf_ringbuf_reserve)(void *ringbuf, __u64 size, __u64 flags) = (void *)131;
static void (* const bpf_ringbuf_submit)(void *data, __u64 flags) = (void *)132;
static __u32 (* const bpf_get_smp_processor_id)(void) = (void *)8;
static struct task_struct *(* const bpf_get_current_task_btf)(void) = (void *)158;

/* tp_btf programs get the tracepoint's arguments as an array of u64 */
#define ARG(i, type) ((type)ctx[i])

char LICENSE[] SEC("license") = "GPL";

enum role { ROLE_NONE, ROLE_RELAY, ROLE_VICTIM, ROLE_ALLOC };
enum kind {
    EV_WAKEUP = 1,   /* a traced task was woken (arg: waker tgid) */
    EV_SWITCH_IN,    /* it got a CPU (arg: the tgid it took the CPU from) */
    EV_SWITCH_OUT,   /* it left the CPU (arg: prev_state, arg2: preempted; the victim's too) */
    EV_SIGKILL,      /* SIGKILL sent to the victim (arg: sender tgid) */
    EV_RECLAIM,      /* the allocator entered memcg reclaim */
    EV_RSS,          /* the victim's RSS counter changed (arg: who changed it, arg2: member) */
    EV_EXIT,         /* the victim exited */
    EV_SYS_ENTER,    /* the relay entered a system call (arg: nr) */
    EV_SYS_EXIT,     /* it returned (arg: nr) */
    EV_MARK_VICTIM,  /* the kernel's OOM killer chose the victim */
    EV_CPU,          /* with `armed` set: any task got a CPU (tgid: it; arg: the first 8 bytes of its comm) */
};

struct event {
    __u64 ts;
    __u32 kind;
    __u32 tgid;
    __u32 tid;
    __u32 role;
    __s64 arg;
    __s64 arg2;
    __u32 cpu;
    __u32 pad;
};

struct {
    __uint(type, BPF_MAP_TYPE_HASH);
    __uint(max_entries, 64);
    __type(key, __u32);
    __type(value, __u32);
} roles SEC(".maps");

struct {
    __uint(type, BPF_MAP_TYPE_RINGBUF);
    __uint(max_entries, 1 << 22);
} events SEC(".maps");

struct {
    __uint(type, BPF_MAP_TYPE_ARRAY);
    __uint(max_entries, 1);
    __type(key, __u32);
    __type(value, __u64);
} events_lost SEC(".maps");

struct {
    __uint(type, BPF_MAP_TYPE_ARRAY);
    __uint(max_entries, 1);
    __type(key, __u32);
    __type(value, __u32);
} armed SEC(".maps");

static __u32 role_of(__u32 tgid)
{
    __u32 *r = bpf_map_lookup_elem(&roles, &tgid);
    return r ? *r : ROLE_NONE;
}

static void emit(__u32 kind, struct task_struct *t, __u32 role, __s64 arg, __s64 arg2)
{
    struct event *e = bpf_ringbuf_reserve(&events, sizeof(*e), 0);
    if (!e) {
        __u32 zero = 0;
        __u64 *lost = bpf_map_lookup_elem(&events_lost, &zero);
        if (lost)
            __sync_fetch_and_add(lost, 1);
        return;
    }
    e->ts = bpf_ktime_get_ns();
    e->kind = kind;
    e->tgid = t->tgid;
    e->tid = t->pid;
    e->role = role;
    e->arg = arg;
    e->arg2 = arg2;
    e->cpu = bpf_get_smp_processor_id();
    e->pad = 0;
    bpf_ringbuf_submit(e, 0);
}

static __u32 current_tgid(void)
{
    return bpf_get_current_pid_tgid() >> 32;
}

SEC("tp_btf/sched_wakeup")
int on_wakeup(__u64 *ctx)
{
    struct task_struct *p = ARG(0, struct task_struct *);
    __u32 role = role_of(p->tgid);
    if (role == ROLE_RELAY || role == ROLE_ALLOC)
        emit(EV_WAKEUP, p, role, current_tgid(), 0);
    return 0;
}

SEC("tp_btf/sched_switch")
int on_switch(__u64 *ctx)
{
    bool preempt = ARG(0, bool);
    struct task_struct *prev = ARG(1, struct task_struct *), *next = ARG(2, struct task_struct *);
    unsigned int prev_state = ARG(3, unsigned int);
    __u32 role = role_of(next->tgid);
    if (role != ROLE_NONE)
        emit(EV_SWITCH_IN, next, role, prev->tgid, 0);
    role = role_of(prev->tgid);
    if (role != ROLE_NONE)
        emit(EV_SWITCH_OUT, prev, role, prev_state, preempt);
    __u32 zero = 0;
    __u32 *on = bpf_map_lookup_elem(&armed, &zero);
    if (on && *on) {
        __s64 comm = 0;
        __builtin_memcpy(&comm, next->comm, sizeof(comm));
        emit(EV_CPU, next, role_of(next->tgid), comm, next->prio);
    }
    return 0;
}

SEC("tp_btf/signal_generate")
int on_signal(__u64 *ctx)
{
    int sig = ARG(0, int), result = ARG(4, int);
    struct task_struct *task = ARG(2, struct task_struct *);
    if (sig == 9 && role_of(task->tgid) == ROLE_VICTIM)
        emit(EV_SIGKILL, task, ROLE_VICTIM, current_tgid(), result);
    return 0;
}

SEC("tp_btf/mm_vmscan_memcg_reclaim_begin")
int on_reclaim(__u64 *ctx)
{
    int order = ARG(0, int);
    struct task_struct *t = bpf_get_current_task_btf();
    if (role_of(t->tgid) == ROLE_ALLOC)
        emit(EV_RECLAIM, t, ROLE_ALLOC, order, 0);
    return 0;
}

SEC("tp_btf/rss_stat")
int on_rss(__u64 *ctx)
{
    struct mm_struct *mm = ARG(0, struct mm_struct *);
    int member = ARG(1, int);
    struct task_struct *owner = mm->owner;
    if (owner && role_of(owner->tgid) == ROLE_VICTIM)
        emit(EV_RSS, bpf_get_current_task_btf(), ROLE_VICTIM, current_tgid(), member);
    return 0;
}

SEC("tp_btf/sched_process_exit")
int on_exit(__u64 *ctx)
{
    struct task_struct *p = ARG(0, struct task_struct *);
    if (p->pid == p->tgid && role_of(p->tgid) == ROLE_VICTIM)
        emit(EV_EXIT, p, ROLE_VICTIM, 0, 0);
    return 0;
}

SEC("tp_btf/mark_victim")
int on_mark_victim(__u64 *ctx)
{
    struct task_struct *p = ARG(0, struct task_struct *);
    if (role_of(p->tgid) == ROLE_VICTIM)
        emit(EV_MARK_VICTIM, p, ROLE_VICTIM, current_tgid(), 0);
    return 0;
}

SEC("tp_btf/sys_enter")
int on_sys_enter(__u64 *ctx)
{
    long id = ARG(1, long);
    struct task_struct *t = bpf_get_current_task_btf();
    if (role_of(t->tgid) == ROLE_RELAY)
        emit(EV_SYS_ENTER, t, ROLE_RELAY, id, 0);
    return 0;
}

SEC("tp_btf/sys_exit")
int on_sys_exit(__u64 *ctx)
{
    struct pt_regs *regs = ARG(0, struct pt_regs *);
    long ret = ARG(1, long);
    struct task_struct *t = bpf_get_current_task_btf();
    if (role_of(t->tgid) == ROLE_RELAY)
        emit(EV_SYS_EXIT, t, ROLE_RELAY, regs->orig_ax, ret);
    return 0;
}
