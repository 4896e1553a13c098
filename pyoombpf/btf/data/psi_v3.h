/*
 * BPF PSI in "mm: BPF OOM" v3: no bpf_psi_ops any more.  TRACING programs attached to a BTF tracepoint in the
 * PSI averaging work may call bpf_out_of_memory() (oom_<abi>.h).  The tracepoint's exact prototype is not
 * confirmed upstream; this is the natural form, and pyoombpf's test kernel defines the same (its patch,
 * include/trace/events/psi.h): the PSI group, which carries its cgroup id and its averages.  It runs in process
 * context about every 2 s per active group and is faultable, so its programs are sleepable (tp_btf.s/).
 */

typedef void (*btf_trace_psi_avgs_work)(void *__data, struct psi_group *group);

/* PSI states (the kernel's enum psi_states; PSI_IRQ_FULL exists only with CONFIG_IRQ_TIME_ACCOUNTING). */
enum psi_states {
	PSI_IO_SOME = 0,
	PSI_IO_FULL = 1,
	PSI_MEM_SOME = 2,
	PSI_MEM_FULL = 3,
	PSI_CPU_SOME = 4,
	PSI_CPU_FULL = 5,
};

enum psi_aggregators {
	PSI_AVGS = 0,
	PSI_POLL = 1,
	NR_PSI_AGGREGATORS = 2,
};

/* What BPF reads from the group.  cgroup_id: 0 for the system group.  total[PSI_AVGS][state]: stall time in ns,
 * as of this averaging run; avg[state][0..2]: avg10/avg60/avg300 in fixed point (2048 = 1 %). */
__extend struct psi_group {
	u64 cgroup_id;
	u64 total[2][6];
	unsigned long avg[6][3];
};
