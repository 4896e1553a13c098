/* SYSCALL programs run with BPF_PROG_RUN, a read-only config value, and maps of several kinds. */
#include "pyoombpf_test.h"

char LICENSE[] SEC("license") = "GPL";

struct pyo_add_args {
    __u64 a;
    __u64 b;
    __u64 sum;   /* written by the program */
    __u64 calls; /* written by the program */
};

struct pyo_pair {
    __u32 x;
    __u32 y;
};

struct pyo_lookup_args {
    __u32 key;
    __u32 found;
    struct pyo_pair value;
};

const volatile __u64 multiplier = 1;

struct {
    __uint(type, BPF_MAP_TYPE_ARRAY);
    __uint(max_entries, 4);
    __type(key, __u32);
    __type(value, __u64);
} counters SEC(".maps");

struct {
    __uint(type, BPF_MAP_TYPE_HASH);
    __uint(max_entries, 1024);
    __type(key, __u32);
    __type(value, struct pyo_pair);
} table SEC(".maps");

struct {
    __uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
    __uint(max_entries, 1);
    __type(key, __u32);
    __type(value, __u64);
} percpu SEC(".maps");

SEC("syscall")
int add(struct pyo_add_args *args)
{
    __u32 zero = 0;
    __u64 *calls = bpf_map_lookup_elem(&counters, &zero);
    __u64 *mine = bpf_map_lookup_elem(&percpu, &zero);

    if (!calls || !mine)
        return -1;
    __sync_fetch_and_add(calls, 1);
    *mine += 1;
    args->sum = (args->a + args->b) * multiplier;
    args->calls = *calls;
    return 7;
}

SEC("syscall")
int lookup(struct pyo_lookup_args *args)
{
    __u32 key = args->key;
    struct pyo_pair *p = bpf_map_lookup_elem(&table, &key);

    if (!p) {
        args->found = 0;
        return 0;
    }
    args->found = 1;
    args->value = *p;
    return 1;
}
