// The peer-comparison program (see counter_pyoombpf.py) in C, for clang -O2.
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__type(key, __u64);
	__type(value, __u64);
	__uint(max_entries, 1024);
} counts SEC(".maps");

struct args {
	__u64 seed;
	__u64 ret;
};

SEC("syscall")
int bump(struct args *ctx)
{
	__u64 seed = ctx->seed, total = 0, key, *prev;

	for (__u64 i = 0; i < 32; i++) {
		if ((seed + i) % 3 == 0)
			total += i * 7;
		else
			total += 1;
	}
	key = total % 16;
	prev = bpf_map_lookup_elem(&counts, &key);
	if (prev)
		__sync_fetch_and_add(prev, total);
	else
		bpf_map_update_elem(&counts, &key, &total, BPF_ANY);
	ctx->ret = 0;
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
