/* BPF PSI handlers, as posted with "mm: BPF OOM" v1/v2 (2025).  What v3 did with them is unknown. */

#define BPF_PSI_FULL 0x80000000

/* PSI resources (the kernel's enum psi_res; PSI_IRQ exists only with CONFIG_IRQ_TIME_ACCOUNTING). */
enum psi_res {
	PSI_IO = 0,
	PSI_MEM = 1,
	PSI_CPU = 2,
	PSI_IRQ = 3,
};

/* Opaque to BPF: only passed back to bpf_psi_create_trigger().  A definition, not a forward declaration,
 * because kfunc argument pointees must not be bare forwards. */
struct bpf_psi {
};

/* The member BPF reads from a trigger. */
__extend struct psi_trigger {
	u64 cgroup_id;
};

struct bpf_psi_ops {
	int (*init)(struct bpf_psi *bpf_psi);                 /* mandatory; non-zero = failure */
	void (*handle_psi_event)(struct psi_trigger *t);      /* mandatory */
	void (*handle_cgroup_online)(u64 cgroup_id);
	void (*handle_cgroup_offline)(u64 cgroup_id);
	struct bpf_psi *bpf_psi;                              /* private to the kernel */
};

/* Only inside bpf_psi_ops.  resource: PSI_IO/MEM/CPU/IRQ, OR BPF_PSI_FULL for "full".  cgroup_id 0 = system. */
__bpf_kfunc int bpf_psi_create_trigger(struct bpf_psi *bpf_psi, u64 cgroup_id, u32 resource, u32 threshold_us,
				       u32 window_us);
