/* The floor under the bridge policy's walk: what visiting N memcgs costs before a policy does anything.
 *
 * SYSCALL programs run with BPF_PROG_RUN by benchmarks/scale_floor.py on the same throwaway tree as the run-time
 * benchmark (benchmarks/bench_bridge.py).  Each finds the OOMing memcg the way bridge mode does (its own task's
 * v1 memory cgroup, the hierarchy root above it, a pre-order walk down to the wanted cgroup id) and then, over
 * that memcg's descendants in post-order (largest_leaf's walk):
 *   find      nothing: the fixed part alone;
 *   walk      only steps the iterator;
 *   read      + reads one field of each cgroup (nr_descendants: largest_leaf's is_leaf);
 *   usage     + reads is_leaf and the memcg's usage (largest_leaf's test on an empty leaf, no reference taken);
 *   acquire   + takes and drops a reference on each cgroup (what bridge mode does for its loop variable);
 *   leaf      acquire + usage: what largest_leaf's loop does per empty leaf.
 * Built with clang-19 (pyoombpf.runtime.testing.compile_c); pyoombpf's own code. */
#include "vmlinux.h"

#define SEC(name) __attribute__((section(name), used))
#define __ksym __attribute__((section(".ksyms")))
#define __always_inline inline __attribute__((always_inline))
#define bpf_core_type_id_kernel(type) __builtin_btf_type_id(*(typeof(type) *)0, 1)

static __u64 (* const bpf_get_current_pid_tgid)(void) = (void *)14;

extern struct cgroup *bpf_cgroup_acquire(struct cgroup *cgrp) __ksym;
extern void bpf_cgroup_release(struct cgroup *cgrp) __ksym;
extern struct cgroup *bpf_cgroup_ancestor(struct cgroup *cgrp, int level) __ksym;
extern struct cgroup *bpf_task_get_cgroup1(struct task_struct *task, int hierarchy_id) __ksym;
extern struct task_struct *bpf_task_from_pid(__s32 pid) __ksym;
extern void bpf_task_release(struct task_struct *p) __ksym;
extern void bpf_rcu_read_lock(void) __ksym;
extern void bpf_rcu_read_unlock(void) __ksym;
extern int bpf_iter_css_new(struct bpf_iter_css *it, struct cgroup_subsys_state *start, unsigned int flags) __ksym;
extern struct cgroup_subsys_state *bpf_iter_css_next(struct bpf_iter_css *it) __ksym;
extern void bpf_iter_css_destroy(struct bpf_iter_css *it) __ksym;
extern void *bpf_rdonly_cast(const void *obj, __u32 btf_id) __ksym;

char LICENSE[] SEC("license") = "GPL";

struct floor_ctx {
	__u64 memcg_id;  /* in: the cgroup to find */
	__u32 hid;       /* in: the v1 memory hierarchy id */
	__u32 found;     /* out: 1 when found */
	__u64 visited;   /* out: memcgs walked */
	__u64 sum;       /* out: what was read (so the reads are not optimised away) */
	__u64 passed;    /* out: memcgs the search for the OOMing one visited (online and dying) */
};

enum { WALK, READ, USAGE, ACQUIRE, LEAF };

/* the OOMing memcg, acquired, found as bridge mode finds it (pyoombpf/lowering/bridge.py _find_v1, _down_to) */
static __always_inline struct cgroup *find(struct floor_ctx *ctx)
{
	struct task_struct *me = bpf_task_from_pid(bpf_get_current_pid_tgid() >> 32);
	struct cgroup *cg, *root, *found = 0;
	struct cgroup_subsys_state *pos;
	struct bpf_iter_css it;
	__u64 passed = 0;

	if (!me)
		return 0;
	cg = bpf_task_get_cgroup1(me, ctx->hid);
	bpf_task_release(me);
	if (!cg)
		return 0;
	root = bpf_cgroup_ancestor(cg, 0);
	bpf_cgroup_release(cg);
	if (!root)
		return 0;
	bpf_rcu_read_lock();
	bpf_iter_css_new(&it, &root->self, BPF_CGROUP_ITER_DESCENDANTS_PRE);
	while ((pos = bpf_iter_css_next(&it))) {
		struct cgroup *c = pos->cgroup;

		passed++;
		if (c && c->kn->id == ctx->memcg_id) {
			found = bpf_cgroup_acquire(c);
			break;
		}
	}
	bpf_iter_css_destroy(&it);
	bpf_rcu_read_unlock();
	bpf_cgroup_release(root);
	ctx->passed = passed;
	return found;
}

static __always_inline __u64 usage_of(struct cgroup *c)
{
	struct mem_cgroup *m = bpf_rdonly_cast(c->subsys[memory_cgrp_id], bpf_core_type_id_kernel(struct mem_cgroup));
	return m->memory.usage.counter;
}

static __always_inline int walk(struct floor_ctx *ctx, int what)
{
	struct cgroup *scope = find(ctx);
	struct cgroup_subsys_state *pos;
	struct bpf_iter_css it;
	__u64 n = 0, sum = 0;

	if (!scope)
		return 0;
	ctx->found = 1;
	bpf_rcu_read_lock();
	bpf_iter_css_new(&it, &scope->self, BPF_CGROUP_ITER_DESCENDANTS_POST);
	while ((pos = bpf_iter_css_next(&it))) {
		struct cgroup *c = pos->cgroup, *ref;

		n++;
		if (!c || what == WALK)
			continue;
		if (what == READ) {
			sum += c->nr_descendants;
		} else if (what == USAGE) {
			if (c->nr_descendants == 0)
				sum += usage_of(c);
		} else {
			ref = bpf_cgroup_acquire(c);
			if (!ref)
				continue;
			if (what == LEAF && ref->nr_descendants == 0)
				sum += usage_of(ref);
			bpf_cgroup_release(ref);
		}
	}
	bpf_iter_css_destroy(&it);
	bpf_rcu_read_unlock();
	bpf_cgroup_release(scope);
	ctx->visited = n;
	ctx->sum = sum;
	return 0;
}

SEC("syscall") int find_only(struct floor_ctx *ctx)
{
	struct cgroup *scope = find(ctx);

	if (scope) {
		ctx->found = 1;
		bpf_cgroup_release(scope);
	}
	return 0;
}

SEC("syscall") int walk_only(struct floor_ctx *ctx) { return walk(ctx, WALK); }
SEC("syscall") int walk_read(struct floor_ctx *ctx) { return walk(ctx, READ); }
SEC("syscall") int walk_usage(struct floor_ctx *ctx) { return walk(ctx, USAGE); }
SEC("syscall") int walk_acquire(struct floor_ctx *ctx) { return walk(ctx, ACQUIRE); }
SEC("syscall") int walk_leaf(struct floor_ctx *ctx) { return walk(ctx, LEAF); }
