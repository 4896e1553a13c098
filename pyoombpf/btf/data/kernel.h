/*
 * A subset of the stock kernel's types (names, member names and member types as in Linux 6.18's BTF),
 * used only when the running kernel has no BTF or lacks one of these types.  Member offsets here are
 * natural C layout of the subset, NOT the kernel's: code must reach these members through CO-RE
 * relocations (which libbpf resolves against the real kernel at load time), never by fixed offset.
 *
 * To add a member: copy its declaration from `bpftool btf dump file /sys/kernel/btf/vmlinux format c`.
 */

typedef signed char __s8;
typedef unsigned char __u8;
typedef short __s16;
typedef unsigned short __u16;
typedef int __s32;
typedef unsigned int __u32;
typedef long long __s64;
typedef unsigned long long __u64;
typedef __s8 s8;
typedef __u8 u8;
typedef __s16 s16;
typedef __u16 u16;
typedef __s32 s32;
typedef __u32 u32;
typedef __s64 s64;
typedef __u64 u64;
typedef _Bool bool;
typedef int __kernel_pid_t;
typedef __kernel_pid_t pid_t;
typedef unsigned int gfp_t;
typedef unsigned long size_t;

typedef struct { int counter; } atomic_t;
typedef struct { s64 counter; } atomic64_t;
typedef atomic64_t atomic_long_t;
typedef struct { unsigned long bits[16]; } nodemask_t;

struct list_head {
	struct list_head *next;
	struct list_head *prev;
};

struct zonelist;

/* mm_struct counters (an anonymous enum in the kernel): indexes of mm_struct.rss_stat[] */
enum {
	MM_FILEPAGES = 0,
	MM_ANONPAGES = 1,
	MM_SWAPENTS = 2,
	MM_SHMEMPAGES = 3,
	NR_MM_COUNTERS = 4,
};

struct percpu_counter {
	s64 count;
};

typedef struct {
	unsigned long __mm_flags[1];
} mm_flags_t;

/* In the kernel these members sit inside an anonymous struct; CO-RE matches them by name either way. */
struct mm_struct {
	struct percpu_counter rss_stat[4];
	mm_flags_t flags;
};

enum oom_constraint {
	CONSTRAINT_NONE = 0,
	CONSTRAINT_CPUSET = 1,
	CONSTRAINT_MEMORY_POLICY = 2,
	CONSTRAINT_MEMCG = 3,
};

struct task_struct {
	unsigned int __state;
	unsigned int flags;
	struct mm_struct *mm;
	int exit_state;
	pid_t pid;
	pid_t tgid;
	struct task_struct *real_parent;
	struct task_struct *group_leader;
	char comm[16];
	struct signal_struct *signal;
	struct css_set __rcu *cgroups;
	u64 start_time;
};

struct signal_struct {
	unsigned int flags;
	bool oom_flag_origin;
	short oom_score_adj;
	short oom_score_adj_min;
	struct mm_struct *oom_mm;
};

struct kernfs_node {
	struct kernfs_node *__parent;
	const char *name;
	unsigned short flags;
	u64 id;
};

struct cgroup_subsys_state {
	struct cgroup *cgroup;
	int id;
	unsigned int flags;
	struct cgroup_subsys_state *parent;
};

struct cgroup {
	struct cgroup_subsys_state self;
	unsigned long flags;
	int level;
	int nr_descendants;
	unsigned int kill_seq;
	struct kernfs_node *kn;
	struct cgroup_subsys_state __rcu *subsys[12];
	struct cgroup *ancestors[];
};

struct css_set {
	struct cgroup_subsys_state *subsys[12];
	struct cgroup *dfl_cgrp;
};

struct page_counter {
	atomic_long_t usage;
	unsigned long max;
};

/*
 * Where memcg keeps its counters before Linux 7.0 (bridge mode reads them; btf/memcg_stats.py maps counter names
 * to slots).  Sizes as in 6.18 with MEMCG_V1, SWAP, ZSWAP, TRANSPARENT_HUGEPAGE, NUMA_BALANCING, HUGETLB_PAGE.
 */
struct memcg_vmstats {
	long state[40];
	unsigned long events[31];
};

struct mem_cgroup {
	struct cgroup_subsys_state css;
	struct page_counter memory;
	bool oom_group;
	int swappiness;
	struct memcg_vmstats *vmstats;
	atomic_long_t memory_events[9];
	int under_oom;
	int oom_kill_disable;
};

struct oom_control {
	struct zonelist *zonelist;
	nodemask_t *nodemask;
	struct mem_cgroup *memcg;
	const gfp_t gfp_mask;
	const int order;
	unsigned long totalpages;
	struct task_struct *chosen;
	long chosen_points;
	enum oom_constraint constraint;
};

enum pid_type {
	PIDTYPE_PID = 0,
	PIDTYPE_TGID = 1,
	PIDTYPE_PGID = 2,
	PIDTYPE_SID = 3,
	PIDTYPE_MAX = 4,
};

enum bpf_cgroup_iter_order {
	BPF_CGROUP_ITER_ORDER_UNSPEC = 0,
	BPF_CGROUP_ITER_SELF_ONLY = 1,
	BPF_CGROUP_ITER_DESCENDANTS_PRE = 2,
	BPF_CGROUP_ITER_DESCENDANTS_POST = 3,
	BPF_CGROUP_ITER_ANCESTORS_UP = 4,
};

/* Open-coded iterator state (opaque to BPF programs, sized by the kernel). */
struct bpf_iter_css {
	__u64 __opaque[3];
};

struct bpf_iter_css_task {
	__u64 __opaque[1];
};

struct bpf_iter_task {
	__u64 __opaque[3];
};

/* Existing kfuncs OOM policies use (present in 6.18 and 7.x kernels), prototypes as in 6.18's BTF. */
__bpf_kfunc struct task_struct *bpf_task_acquire(struct task_struct *p);
__bpf_kfunc void bpf_task_release(struct task_struct *p);
__bpf_kfunc struct task_struct *bpf_task_from_pid(s32 pid);
__bpf_kfunc struct cgroup *bpf_cgroup_from_id(u64 cgid);
__bpf_kfunc struct cgroup *bpf_cgroup_acquire(struct cgroup *cgrp);
__bpf_kfunc void bpf_cgroup_release(struct cgroup *cgrp);
__bpf_kfunc struct cgroup *bpf_cgroup_ancestor(struct cgroup *cgrp, int level);
__bpf_kfunc long bpf_task_under_cgroup(struct task_struct *task, struct cgroup *ancestor);
__bpf_kfunc struct cgroup *bpf_task_get_cgroup1(struct task_struct *task, int hierarchy_id);
__bpf_kfunc int bpf_send_signal_task(struct task_struct *task, int sig, enum pid_type type, u64 value);
__bpf_kfunc void *bpf_rdonly_cast(const void *obj__ign, u32 btf_id__k);
__bpf_kfunc void bpf_rcu_read_lock(void);
__bpf_kfunc void bpf_rcu_read_unlock(void);
__bpf_kfunc int bpf_iter_css_new(struct bpf_iter_css *it, struct cgroup_subsys_state *start, unsigned int flags);
__bpf_kfunc struct cgroup_subsys_state *bpf_iter_css_next(struct bpf_iter_css *it);
__bpf_kfunc void bpf_iter_css_destroy(struct bpf_iter_css *it);
__bpf_kfunc int bpf_iter_css_task_new(struct bpf_iter_css_task *it, struct cgroup_subsys_state *css, unsigned int flags);
__bpf_kfunc struct task_struct *bpf_iter_css_task_next(struct bpf_iter_css_task *it);
__bpf_kfunc void bpf_iter_css_task_destroy(struct bpf_iter_css_task *it);
__bpf_kfunc int bpf_iter_task_new(struct bpf_iter_task *it, struct task_struct *task__nullable, unsigned int flags);
__bpf_kfunc struct task_struct *bpf_iter_task_next(struct bpf_iter_task *it);
__bpf_kfunc void bpf_iter_task_destroy(struct bpf_iter_task *it);
/* String kfuncs (Linux 6.17+). */
__bpf_kfunc int bpf_strcmp(const char *s1__ign, const char *s2__ign);
__bpf_kfunc int bpf_strstr(const char *s1__ign, const char *s2__ign);

/* Constants that are #defines in the kernel (so not in BTF). */
#define CSS_TASK_ITER_PROCS (1 << 0)
#define CSS_TASK_ITER_THREADED (1 << 1)
#define OOM_SCORE_ADJ_MIN (-1000)
#define OOM_SCORE_ADJ_MAX 1000

/*
 * Statistics indices as in Linux 6.18 (x86-64 defconfig-like build).  Values differ between kernels and
 * configs: code must use CO-RE enum-value relocations for them, never these numbers directly.
 */

/* The cgroup subsystems (depends on the configuration: 6.18 with every controller of the machines we test on). */
enum cgroup_subsys_id {
	cpuset_cgrp_id = 0,
	cpu_cgrp_id = 1,
	cpuacct_cgrp_id = 2,
	io_cgrp_id = 3,
	memory_cgrp_id = 4,
	devices_cgrp_id = 5,
	freezer_cgrp_id = 6,
	net_cls_cgrp_id = 7,
	perf_event_cgrp_id = 8,
	net_prio_cgrp_id = 9,
	hugetlb_cgrp_id = 10,
	pids_cgrp_id = 11,
	CGROUP_SUBSYS_COUNT = 12,
};

enum node_stat_item {
	NR_LRU_BASE = 0,
	NR_INACTIVE_ANON = 0,
	NR_ACTIVE_ANON = 1,
	NR_INACTIVE_FILE = 2,
	NR_ACTIVE_FILE = 3,
	NR_UNEVICTABLE = 4,
	NR_SLAB_RECLAIMABLE_B = 5,
	NR_SLAB_UNRECLAIMABLE_B = 6,
	NR_ISOLATED_ANON = 7,
	NR_ISOLATED_FILE = 8,
	WORKINGSET_NODES = 9,
	WORKINGSET_REFAULT_BASE = 10,
	WORKINGSET_REFAULT_ANON = 10,
	WORKINGSET_REFAULT_FILE = 11,
	WORKINGSET_ACTIVATE_BASE = 12,
	WORKINGSET_ACTIVATE_ANON = 12,
	WORKINGSET_ACTIVATE_FILE = 13,
	WORKINGSET_RESTORE_BASE = 14,
	WORKINGSET_RESTORE_ANON = 14,
	WORKINGSET_RESTORE_FILE = 15,
	WORKINGSET_NODERECLAIM = 16,
	NR_ANON_MAPPED = 17,
	NR_FILE_MAPPED = 18,
	NR_FILE_PAGES = 19,
	NR_FILE_DIRTY = 20,
	NR_WRITEBACK = 21,
	NR_SHMEM = 22,
	NR_SHMEM_THPS = 23,
	NR_SHMEM_PMDMAPPED = 24,
	NR_FILE_THPS = 25,
	NR_FILE_PMDMAPPED = 26,
	NR_ANON_THPS = 27,
	NR_VMSCAN_WRITE = 28,
	NR_VMSCAN_IMMEDIATE = 29,
	NR_DIRTIED = 30,
	NR_WRITTEN = 31,
	NR_THROTTLED_WRITTEN = 32,
	NR_KERNEL_MISC_RECLAIMABLE = 33,
	NR_FOLL_PIN_ACQUIRED = 34,
	NR_FOLL_PIN_RELEASED = 35,
	NR_KERNEL_STACK_KB = 36,
	NR_PAGETABLE = 37,
	NR_SECONDARY_PAGETABLE = 38,
	NR_IOMMU_PAGES = 39,
	NR_SWAPCACHE = 40,
	PGPROMOTE_SUCCESS = 41,
	PGPROMOTE_CANDIDATE = 42,
	PGPROMOTE_CANDIDATE_NRL = 43,
	PGDEMOTE_KSWAPD = 44,
	PGDEMOTE_DIRECT = 45,
	PGDEMOTE_KHUGEPAGED = 46,
	PGDEMOTE_PROACTIVE = 47,
	NR_HUGETLB = 48,
	NR_BALLOON_PAGES = 49,
	NR_KERNEL_FILE_PAGES = 50,
	NR_VM_NODE_STAT_ITEMS = 51,
};

enum memcg_stat_item {
	MEMCG_SWAP = 51,
	MEMCG_SOCK = 52,
	MEMCG_PERCPU_B = 53,
	MEMCG_VMALLOC = 54,
	MEMCG_KMEM = 55,
	MEMCG_ZSWAP_B = 56,
	MEMCG_ZSWAPPED = 57,
	MEMCG_NR_STAT = 58,
};

enum vm_event_item {
	PGPGIN = 0,
	PGPGOUT = 1,
	PSWPIN = 2,
	PSWPOUT = 3,
	PGALLOC_DMA = 4,
	PGALLOC_DMA32 = 5,
	PGALLOC_NORMAL = 6,
	PGALLOC_MOVABLE = 7,
	PGALLOC_DEVICE = 8,
	ALLOCSTALL_DMA = 9,
	ALLOCSTALL_DMA32 = 10,
	ALLOCSTALL_NORMAL = 11,
	ALLOCSTALL_MOVABLE = 12,
	ALLOCSTALL_DEVICE = 13,
	PGSCAN_SKIP_DMA = 14,
	PGSCAN_SKIP_DMA32 = 15,
	PGSCAN_SKIP_NORMAL = 16,
	PGSCAN_SKIP_MOVABLE = 17,
	PGSCAN_SKIP_DEVICE = 18,
	PGFREE = 19,
	PGACTIVATE = 20,
	PGDEACTIVATE = 21,
	PGLAZYFREE = 22,
	PGFAULT = 23,
	PGMAJFAULT = 24,
	PGLAZYFREED = 25,
	PGREFILL = 26,
	PGREUSE = 27,
	PGSTEAL_KSWAPD = 28,
	PGSTEAL_DIRECT = 29,
	PGSTEAL_KHUGEPAGED = 30,
	PGSTEAL_PROACTIVE = 31,
	PGSCAN_KSWAPD = 32,
	PGSCAN_DIRECT = 33,
	PGSCAN_KHUGEPAGED = 34,
	PGSCAN_PROACTIVE = 35,
	PGSCAN_DIRECT_THROTTLE = 36,
	PGSCAN_ANON = 37,
	PGSCAN_FILE = 38,
	PGSTEAL_ANON = 39,
	PGSTEAL_FILE = 40,
	PGSCAN_ZONE_RECLAIM_SUCCESS = 41,
	PGSCAN_ZONE_RECLAIM_FAILED = 42,
	PGINODESTEAL = 43,
	SLABS_SCANNED = 44,
	KSWAPD_INODESTEAL = 45,
	KSWAPD_LOW_WMARK_HIT_QUICKLY = 46,
	KSWAPD_HIGH_WMARK_HIT_QUICKLY = 47,
	PAGEOUTRUN = 48,
	PGROTATED = 49,
	DROP_PAGECACHE = 50,
	DROP_SLAB = 51,
	OOM_KILL = 52,
	NUMA_PTE_UPDATES = 53,
	NUMA_HUGE_PTE_UPDATES = 54,
	NUMA_HINT_FAULTS = 55,
	NUMA_HINT_FAULTS_LOCAL = 56,
	NUMA_PAGE_MIGRATE = 57,
	PGMIGRATE_SUCCESS = 58,
	PGMIGRATE_FAIL = 59,
	THP_MIGRATION_SUCCESS = 60,
	THP_MIGRATION_FAIL = 61,
	THP_MIGRATION_SPLIT = 62,
	COMPACTMIGRATE_SCANNED = 63,
	COMPACTFREE_SCANNED = 64,
	COMPACTISOLATED = 65,
	COMPACTSTALL = 66,
	COMPACTFAIL = 67,
	COMPACTSUCCESS = 68,
	KCOMPACTD_WAKE = 69,
	KCOMPACTD_MIGRATE_SCANNED = 70,
	KCOMPACTD_FREE_SCANNED = 71,
	HTLB_BUDDY_PGALLOC = 72,
	HTLB_BUDDY_PGALLOC_FAIL = 73,
	UNEVICTABLE_PGCULLED = 74,
	UNEVICTABLE_PGSCANNED = 75,
	UNEVICTABLE_PGRESCUED = 76,
	UNEVICTABLE_PGMLOCKED = 77,
	UNEVICTABLE_PGMUNLOCKED = 78,
	UNEVICTABLE_PGCLEARED = 79,
	UNEVICTABLE_PGSTRANDED = 80,
	THP_FAULT_ALLOC = 81,
	THP_FAULT_FALLBACK = 82,
	THP_FAULT_FALLBACK_CHARGE = 83,
	THP_COLLAPSE_ALLOC = 84,
	THP_COLLAPSE_ALLOC_FAILED = 85,
	THP_FILE_ALLOC = 86,
	THP_FILE_FALLBACK = 87,
	THP_FILE_FALLBACK_CHARGE = 88,
	THP_FILE_MAPPED = 89,
	THP_SPLIT_PAGE = 90,
	THP_SPLIT_PAGE_FAILED = 91,
	THP_DEFERRED_SPLIT_PAGE = 92,
	THP_UNDERUSED_SPLIT_PAGE = 93,
	THP_SPLIT_PMD = 94,
	THP_SCAN_EXCEED_NONE_PTE = 95,
	THP_SCAN_EXCEED_SWAP_PTE = 96,
	THP_SCAN_EXCEED_SHARED_PTE = 97,
	THP_SPLIT_PUD = 98,
	THP_ZERO_PAGE_ALLOC = 99,
	THP_ZERO_PAGE_ALLOC_FAILED = 100,
	THP_SWPOUT = 101,
	THP_SWPOUT_FALLBACK = 102,
	BALLOON_INFLATE = 103,
	BALLOON_DEFLATE = 104,
	BALLOON_MIGRATE = 105,
	SWAP_RA = 106,
	SWAP_RA_HIT = 107,
	SWPIN_ZERO = 108,
	SWPOUT_ZERO = 109,
	KSM_SWPIN_COPY = 110,
	COW_KSM = 111,
	ZSWPIN = 112,
	ZSWPOUT = 113,
	ZSWPWB = 114,
	DIRECT_MAP_LEVEL2_SPLIT = 115,
	DIRECT_MAP_LEVEL3_SPLIT = 116,
	DIRECT_MAP_LEVEL2_COLLAPSE = 117,
	DIRECT_MAP_LEVEL3_COLLAPSE = 118,
	NR_VM_EVENT_ITEMS = 119,
};

enum memcg_memory_event {
	MEMCG_LOW = 0,
	MEMCG_HIGH = 1,
	MEMCG_MAX = 2,
	MEMCG_OOM = 3,
	MEMCG_OOM_KILL = 4,
	MEMCG_OOM_GROUP_KILL = 5,
	MEMCG_SWAP_HIGH = 6,
	MEMCG_SWAP_MAX = 7,
	MEMCG_SWAP_FAIL = 8,
	MEMCG_NR_MEMORY_EVENTS = 9,
};
