/* A minimal TCP congestion control in BPF, registered through a link as "pyoombpf_rt". */
#include "pyoombpf_test.h"

char LICENSE[] SEC("license") = "GPL";

SEC("struct_ops/pyo_ssthresh")
__u32 pyo_ssthresh(unsigned long long *ctx)
{
    return 10;
}

SEC("struct_ops/pyo_cong_avoid")
void pyo_cong_avoid(unsigned long long *ctx)
{
}

SEC("struct_ops/pyo_undo_cwnd")
__u32 pyo_undo_cwnd(unsigned long long *ctx)
{
    return 10;
}

SEC(".struct_ops.link")
struct tcp_congestion_ops pyo_cc = {
    .ssthresh = (void *)pyo_ssthresh,
    .cong_avoid = (void *)pyo_cong_avoid,
    .undo_cwnd = (void *)pyo_undo_cwnd,
    .name = "pyoombpf_rt",
};
