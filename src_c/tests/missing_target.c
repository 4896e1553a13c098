/* A tp_btf program for a tracepoint no kernel has: libbpf cannot resolve the attach target at load time. */
#include "pyoombpf_test.h"

char LICENSE[] SEC("license") = "GPL";

SEC("tp_btf/pyoombpf_no_such_tracepoint")
int on_nothing(unsigned long long *ctx)
{
    return 0;
}
