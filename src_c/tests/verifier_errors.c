/* Programs the verifier must reject, one per -D switch.  The line the error must point at carries "EXPECT". */
#include "pyoombpf_test.h"

char LICENSE[] SEC("license") = "GPL";

struct pyo_pid_args {
    __s32 pid;
    __s32 out;
};

#ifdef CASE_LOOP
SEC("syscall")
int spin(struct pyo_pid_args *args)
{
    volatile __s32 n = 0;

    while (args->pid != 0)
        n++; /* EXPECT loop */
    return n;
}
#endif

#ifdef CASE_NULL
SEC("syscall")
int deref(struct pyo_pid_args *args)
{
    struct task_struct *task = bpf_task_from_pid(args->pid);

    args->out = task->tgid; /* EXPECT null */
    bpf_task_release(task);
    return 0;
}
#endif

#ifdef CASE_LEAK
SEC("syscall")
int leak(struct pyo_pid_args *args)
{
    struct task_struct *task = bpf_task_from_pid(args->pid); /* EXPECT leak: never released */

    if (!task)
        return 1;
    args->out = task->tgid;
    return 0;
}
#endif
