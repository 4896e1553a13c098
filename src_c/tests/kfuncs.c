/* Kfuncs the running kernel may lack.  Without -DWEAK, the program calls bpf_oom_kill_process (BPF OOM series
 * only) and must be refused with NotSupportedError; with -DWEAK the declaration is weak, the missing kfunc
 * resolves to address 0, the guarded call is dead code, and the object loads everywhere. */
#include "pyoombpf_test.h"

char LICENSE[] SEC("license") = "GPL";

#ifdef WEAK
#define MAYBE_WEAK __weak
#else
#define MAYBE_WEAK
#endif

extern int bpf_oom_kill_process(struct oom_control *oc, struct task_struct *task, const char *message__str)
    __ksym MAYBE_WEAK;

SEC("syscall")
int probe(void *ctx)
{
    if (bpf_oom_kill_process)
        return bpf_oom_kill_process((struct oom_control *)0, (struct task_struct *)0, "pyoombpf");
    return 17;
}
