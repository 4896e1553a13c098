/* A bpf_dummy_ops struct_ops map (the kernel's struct_ops test harness), in .struct_ops.link with a sleepable member:
 * the two spellings libbpf 1.1 does not know. */
#include "pyoombpf_test.h"

char LICENSE[] SEC("license") = "GPL";

SEC("struct_ops/test_1")
int test_1(unsigned long long *ctx)
{
    struct bpf_dummy_ops_state *state = (void *)ctx[0];

    if (state)
        state->val = 0x5a5a;
    return 42;
}

extern int bpf_copy_from_user_str(void *dst, u32 dst__sz, const void *unsafe_ptr__ign, u64 flags) __ksym;

/* bpf_copy_from_user_str may fault, so the verifier accepts it only in a sleepable program: loading this proves the
 * program was loaded sleepable. */
SEC("struct_ops.s/test_sleepable")
int test_sleepable(unsigned long long *ctx)
{
    char text[8];

    return bpf_copy_from_user_str(text, sizeof(text), (const void *)0, 0) >= 0 ? 1 : 2;
}

SEC(".struct_ops.link")
struct bpf_dummy_ops dummy = {
    .test_1 = (void *)test_1,
    .test_sleepable = (void *)test_sleepable,
};
