	.section	"struct_ops.s/handle_out_of_memory","ax",@progbits
largest_leaf_handler:
	; largest_leaf.py:32: def largest_leaf(oc: OomControl) -> Verdict:
	r1 = *(u64 *)(r1 + 0)
	*(u64 *)(r10 - 48) = r1
	; largest_leaf.py:33: scope = oc.memcg  # the cgroup out of memory: ours, or one below it
	r1 = *(u64 *)(r1 + 16)
	if r1 == 0 goto LBB0_2
	r2 = 0
	r1 += r2
	call bpf_get_mem_cgroup
	goto LBB0_3
LBB0_2:
	call bpf_get_root_mem_cgroup
LBB0_3:
	r6 = r0
	w9 = 0
	; largest_leaf.py:34: if scope is None:
	if r6 == 0 goto LBB0_30
	; largest_leaf.py:38: for memcg in scope.descendants():
	call bpf_rcu_read_lock
	r1 = 0
	*(u64 *)(r10 - 56) = r6
	r6 += r1
	r1 = r10
	r1 += -40
	r2 = r6
	w3 = 3
	call bpf_iter_css_new
	r8 = 0
	r1 = 0
	*(u64 *)(r10 - 64) = r1
LBB0_5:
	r7 = r8
LBB0_6:
	r1 = r10
	r1 += -40
	call bpf_iter_css_next
	if r0 == 0 goto LBB0_8
	r1 = r0
	call bpf_get_mem_cgroup
	r9 = r0
	if r9 == 0 goto LBB0_6
	; largest_leaf.py:39: if not memcg.is_leaf or memcg.usage <= best_usage:
	r1 = *(u64 *)(r9 + 0)
	w1 = *(u32 *)(r1 + 36)
	r8 = r7
	if w1 != 0 goto LBB0_21
	r1 = r9
	call bpf_mem_cgroup_usage
	r6 = r0
	r8 = r7
	r1 = *(u64 *)(r10 - 64)
	if r6 <= r1 goto LBB0_21
	r8 = r6
	; largest_leaf.py:27: file = memcg.page_state("NR_FILE_PAGES")  # bytes, like usage
	r1 = r9
	w2 = 19
	call bpf_mem_cgroup_page_state
	; largest_leaf.py:28: return usage - file if usage > file else 0
	r6 -= r0
	w1 = 1
	if r6 > r8 goto LBB0_14
	w1 = 0
LBB0_14:
	r2 = 0
	if w1 != 0 goto LBB0_16
	r2 = r6
LBB0_16:
	r8 = r7
	; largest_leaf.py:42: if usage > best_usage and not has_unkillable_task(memcg):
	r1 = *(u64 *)(r10 - 64)
	if r2 <= r1 goto LBB0_21
	r6 = r2
	r2 = r9
	r1 = 0
	r2 += r1
	r1 = r10
	r1 += -8
	; largest_leaf.py:19: for task in memcg.tasks():
	w3 = 1
	call bpf_iter_css_task_new
LBB0_18:
	r1 = r10
	r1 += -8
	call bpf_iter_css_task_next
	if r0 == 0 goto LBB0_20
	; largest_leaf.py:20: if task.oom_score_adj == OOM_SCORE_ADJ_MIN:
	r1 = *(u64 *)(r0 + 64)
	w1 = *(u16 *)(r1 + 6)
	if w1 == 64536 goto LBB0_7
	goto LBB0_18
LBB0_7:
	r1 = r10
	r1 += -8
	call bpf_iter_css_task_destroy
	r8 = r7
	; largest_leaf.py:38: for memcg in scope.descendants():
	goto LBB0_21
LBB0_20:
	r1 = r10
	r1 += -8
	call bpf_iter_css_task_destroy
	r8 = r9
	*(u64 *)(r10 - 64) = r6
	r9 = r7
	; largest_leaf.py:43: best, best_usage = memcg, usage
	if r7 == 0 goto LBB0_5
LBB0_21:
	r1 = r9
	call bpf_put_mem_cgroup
	; largest_leaf.py:38: for memcg in scope.descendants():
	goto LBB0_5
LBB0_8:
	r1 = r10
	r1 += -40
	call bpf_iter_css_destroy
	call bpf_rcu_read_unlock
	w9 = 0
	; largest_leaf.py:44: if best is None:
	if r7 == 0 goto LBB0_29
	r1 = 0
	r2 = r7
	r2 += r1
	r1 = r10
	r1 += -8
	; largest_leaf.py:46: return oc.kill_memcg(best, "largest_leaf policy")
	w3 = 1
	call bpf_iter_css_task_new
LBB0_23:
	r1 = r10
	r1 += -8
	call bpf_iter_css_task_next
	r6 = r0
	if r6 == 0 goto LBB0_28
	r1 = r6
	call bpf_task_is_oom_victim
	w0 &= 255
	if w0 != 0 goto LBB0_23
	r1 = *(u64 *)(r10 - 48)
	r2 = r6
	r3 = .L.str.kill ll
	call bpf_oom_kill_process
	w1 = 1
	if w0 == 0 goto LBB0_27
	w1 = w9
LBB0_27:
	w9 = w1
	goto LBB0_23
LBB0_28:
	r1 = r10
	r1 += -8
	call bpf_iter_css_task_destroy
	r1 = r7
	call bpf_put_mem_cgroup
LBB0_29:
	r1 = *(u64 *)(r10 - 56)
	call bpf_put_mem_cgroup
LBB0_30:
	; largest_leaf.py:32: def largest_leaf(oc: OomControl) -> Verdict:
	w0 = w9
	exit
	.section	license,"aw",@progbits
_license:
	.asciz	"GPL"
	.section	.struct_ops.link,"aw",@progbits
largest_leaf:
	.quad	largest_leaf_handler
	.asciz	"largest_leaf\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000"
	.section	.rodata.str1.16,"aMS",@progbits,1
.L.str.kill:
	.asciz	"largest_leaf policy"
