/* A bpf_oom_ops handler in the shape of each ABI of the BPF OOM series (select with -DOOM_ABI=2, 3 or 4 for
 * post-v3).  The running kernel's vmlinux.h has no such type: it is declared here. */
/* A kernel with the series has these types in vmlinux.h: move its spelling aside, this file declares its own. */
#define bpf_oom_ops vmlinux_bpf_oom_ops
#define bpf_oom_ctx vmlinux_bpf_oom_ctx
#include "pyoombpf_test.h"
#undef bpf_oom_ops
#undef bpf_oom_ctx

char LICENSE[] SEC("license") = "GPL";

#ifndef OOM_ABI
#define OOM_ABI 3
#endif

struct bpf_struct_ops_link;
struct bpf_oom_ctx {
    __u64 cgroup_id;
};

#if OOM_ABI == 2
struct bpf_oom_ops {
    int (*handle_out_of_memory)(struct bpf_oom_ctx *ctx, struct oom_control *oc);
    void (*handle_cgroup_offline)(struct bpf_oom_ctx *ctx, __u64 cgroup_id);
    char name[64];
};
#elif OOM_ABI == 3
struct bpf_oom_ops {
    int (*handle_out_of_memory)(struct oom_control *oc, struct bpf_struct_ops_link *st_link);
    char name[64];
};
#else
struct bpf_oom_ops {
    int (*handle_out_of_memory)(struct oom_control *oc, struct cgroup *cgrp);
    char name[64];
};
#endif

/* Declines every OOM (returns 0 and frees nothing): the kernel's OOM killer proceeds as usual. */
SEC("struct_ops.s/handle_out_of_memory")
int handle_oom(unsigned long long *ctx)
{
    return 0;
}

SEC(".struct_ops.link")
struct bpf_oom_ops test_policy = {
    .handle_out_of_memory = (void *)handle_oom,
    .name = "pyoombpf_test",
};
