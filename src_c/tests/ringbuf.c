/* Ring-buffer bursts: `burst` emits args->count records into a 4 MiB ring, `burst_small` into a 64 KiB one.
 * A record that cannot be reserved is counted in <ring>_lost (the convention pyoombpf.runtime.RingBuffer reads). */
#include "pyoombpf_test.h"

char LICENSE[] SEC("license") = "GPL";

struct pyo_event {
    __u64 seq;
    __u32 tgid;
    __u32 cpu;
};

struct pyo_burst_args {
    __u64 count;
    __u64 sent;
};

struct {
    __uint(type, BPF_MAP_TYPE_RINGBUF);
    __uint(max_entries, 4 << 20);
} events SEC(".maps");

struct {
    __uint(type, BPF_MAP_TYPE_ARRAY);
    __uint(max_entries, 1);
    __type(key, __u32);
    __type(value, __u64);
} events_lost SEC(".maps");

struct {
    __uint(type, BPF_MAP_TYPE_RINGBUF);
    __uint(max_entries, 64 << 10);
} small SEC(".maps");

struct {
    __uint(type, BPF_MAP_TYPE_ARRAY);
    __uint(max_entries, 1);
    __type(key, __u32);
    __type(value, __u64);
} small_lost SEC(".maps");

/* a ring whose program keeps no loss counter */
struct {
    __uint(type, BPF_MAP_TYPE_RINGBUF);
    __uint(max_entries, 4096);
} plain SEC(".maps");

static void count_lost(void *lost_map)
{
    __u32 zero = 0;
    __u64 *n = bpf_map_lookup_elem(lost_map, &zero);

    if (n)
        __sync_fetch_and_add(n, 1);
}

static void fill(struct pyo_event *e, __u64 i)
{
    e->seq = i;
    e->tgid = bpf_get_current_pid_tgid() >> 32;
    e->cpu = bpf_get_smp_processor_id();
}

static long emit_big(__u64 i, struct pyo_burst_args *args)
{
    struct pyo_event *e = bpf_ringbuf_reserve(&events, sizeof(*e), 0);

    if (!e) {
        count_lost(&events_lost);
        return 0;
    }
    fill(e, i);
    bpf_ringbuf_submit(e, 0);
    args->sent++;
    return 0;
}

static long emit_small(__u64 i, struct pyo_burst_args *args)
{
    struct pyo_event *e = bpf_ringbuf_reserve(&small, sizeof(*e), 0);

    if (!e) {
        count_lost(&small_lost);
        return 0;
    }
    fill(e, i);
    bpf_ringbuf_submit(e, 0);
    args->sent++;
    return 0;
}

SEC("syscall")
int burst(struct pyo_burst_args *args)
{
    struct pyo_burst_args local = {.count = args->count}; /* bpf_loop's context must live on the stack */

    bpf_loop(local.count, emit_big, &local, 0);
    args->sent = local.sent;
    return 0;
}

SEC("syscall")
int burst_small(struct pyo_burst_args *args)
{
    struct pyo_burst_args local = {.count = args->count}; /* bpf_loop's context must live on the stack */

    bpf_loop(local.count, emit_small, &local, 0);
    args->sent = local.sent;
    return 0;
}
