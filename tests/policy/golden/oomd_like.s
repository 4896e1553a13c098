	.section	"struct_ops.s/handle_out_of_memory","ax",@progbits
oomd_like_handler:
	; oomd_like.py:71: def oomd_like(oc: OomControl) -> Verdict:
	r7 = *(u64 *)(r1 + 0)
	w1 = 0
	; oomd_like.py:72: decisions[RUNS] += 1
	*(u32 *)(r10 - 124) = w1
	r2 = r10
	r2 += -124
	r1 = decisions ll
	call 1
	if r0 == 0 goto LBB0_2
	r1 = 1
	lock *(u64 *)(r0 + 0) += r1
LBB0_2:
	; oomd_like.py:73: scope = oc.memcg
	r1 = *(u64 *)(r7 + 16)
	if r1 == 0 goto LBB0_4
	r2 = 0
	r1 += r2
	call bpf_get_mem_cgroup
	goto LBB0_5
LBB0_4:
	call bpf_get_root_mem_cgroup
LBB0_5:
	r6 = r0
	w9 = 0
	; oomd_like.py:74: if scope is None:
	if r6 == 0 goto LBB0_57
	*(u64 *)(r10 - 176) = r7
	; oomd_like.py:80: for memcg in scope.descendants():
	call bpf_rcu_read_lock
	r1 = 0
	*(u64 *)(r10 - 160) = r6
	r6 += r1
	r1 = r10
	r1 += -120
	r2 = r6
	w3 = 3
	call bpf_iter_css_new
	r7 = 0
	r8 = 0
	w6 = 1
	r9 = 0
LBB0_7:
	*(u64 *)(r10 - 136) = r9
	*(u32 *)(r10 - 144) = w6
	*(u64 *)(r10 - 152) = r8
LBB0_8:
	r1 = r10
	r1 += -120
	call bpf_iter_css_next
	if r0 != 0 goto LBB0_10
	r1 = r10
	r1 += -120
	call bpf_iter_css_destroy
	call bpf_rcu_read_unlock
	r6 = *(u64 *)(r10 - 160)
	r8 = *(u64 *)(r10 - 136)
	; oomd_like.py:106: if best is None:
	if r8 == 0 goto LBB0_44
	goto LBB0_46
LBB0_10:
	; oomd_like.py:80: for memcg in scope.descendants():
	r1 = r0
	call bpf_get_mem_cgroup
	r9 = r0
	if r9 == 0 goto LBB0_8
	*(u64 *)(r10 - 168) = r7
	; oomd_like.py:81: if not (memcg.is_leaf or memcg.oom_group) or memcg.id == scope.id:
	r1 = *(u64 *)(r9 + 0)
	w1 = *(u32 *)(r1 + 36)
	if w1 == 0 goto LBB0_13
	w1 = *(u8 *)(r9 + 40)
	if w1 != 1 goto LBB0_42
LBB0_13:
	r1 = *(u64 *)(r9 + 0)
	r2 = *(u64 *)(r10 - 160)
	r2 = *(u64 *)(r2 + 0)
	r2 = *(u64 *)(r2 + 48)
	r1 = *(u64 *)(r1 + 48)
	r1 = *(u64 *)(r1 + 24)
	r2 = *(u64 *)(r2 + 24)
	if r1 == r2 goto LBB0_42
	; oomd_like.py:83: decisions[CANDIDATES] += 1
	w1 = 1
	*(u32 *)(r10 - 92) = w1
	r2 = r10
	r2 += -92
	r1 = decisions ll
	call 1
	if r0 == 0 goto LBB0_16
	r1 = 1
	lock *(u64 *)(r0 + 0) += r1
LBB0_16:
	; oomd_like.py:84: pref = prefs.get(memcg.id)
	r1 = *(u64 *)(r9 + 0)
	r1 = *(u64 *)(r1 + 48)
	r1 = *(u64 *)(r1 + 24)
	*(u64 *)(r10 - 88) = r1
	r2 = r10
	r2 += -88
	r1 = prefs ll
	call 1
	r6 = 0
	w7 = 0
	if r0 == 0 goto LBB0_18
	r6 = *(u64 *)(r0 + 8)
	w7 = *(u32 *)(r0 + 0)
LBB0_18:
	; oomd_like.py:85: if pref.mode == OMIT:
	if w7 != 2 goto LBB0_20
	; oomd_like.py:86: decisions[OMITTED] += 1
	w1 = 2
	*(u32 *)(r10 - 80) = w1
	r2 = r10
	r2 += -80
	r1 = decisions ll
	call 1
	if r0 == 0 goto LBB0_42
	r1 = 1
	lock *(u64 *)(r0 + 0) += r1
	goto LBB0_42
LBB0_20:
	r2 = r9
	r1 = 0
	r2 += r1
	r1 = r10
	r1 += -32
	; oomd_like.py:64: for task in memcg.tasks():
	w3 = 1
	call bpf_iter_css_task_new
LBB0_21:
	r1 = r10
	r1 += -32
	call bpf_iter_css_task_next
	if r0 == 0 goto LBB0_25
	; oomd_like.py:65: if task.oom_score_adj == OOM_SCORE_ADJ_MIN:
	r1 = *(u64 *)(r0 + 64)
	w1 = *(u16 *)(r1 + 6)
	if w1 != 64536 goto LBB0_21
	r1 = r10
	r1 += -32
	call bpf_iter_css_task_destroy
	; oomd_like.py:88: if has_unkillable_task(memcg):
	goto LBB0_42
LBB0_25:
	*(u32 *)(r10 - 184) = w7
	r1 = r10
	r1 += -32
	call bpf_iter_css_task_destroy
	; oomd_like.py:56: memcg.stat("PGSCAN_KSWAPD")
	r1 = r9
	w2 = 32
	call bpf_mem_cgroup_vm_events
	r8 = r0
	; oomd_like.py:57: + memcg.stat("PGSCAN_DIRECT")
	r1 = r9
	w2 = 33
	call bpf_mem_cgroup_vm_events
	r7 = r0
	; oomd_like.py:56: memcg.stat("PGSCAN_KSWAPD")
	r7 += r8
	; oomd_like.py:58: + memcg.stat("PGSCAN_KHUGEPAGED")
	r1 = r9
	w2 = 34
	call bpf_mem_cgroup_vm_events
	; oomd_like.py:56: memcg.stat("PGSCAN_KSWAPD")
	r7 += r0
	; oomd_like.py:59: + memcg.stat("PGSCAN_PROACTIVE")
	r1 = r9
	w2 = 35
	call bpf_mem_cgroup_vm_events
	; oomd_like.py:56: memcg.stat("PGSCAN_KSWAPD")
	r7 += r0
	; oomd_like.py:91: delta = scan - pref.last_pgscan if scan > pref.last_pgscan else 0
	r1 = r7
	r1 -= r6
	w6 = 1
	w2 = 1
	if r1 > r7 goto LBB0_27
	w2 = 0
LBB0_27:
	r8 = 0
	if w2 != 0 goto LBB0_29
	r8 = r1
LBB0_29:
	w1 = *(u32 *)(r10 - 184)
	; oomd_like.py:92: avoid = pref.mode == AVOID
	if w1 == 1 goto LBB0_31
	w6 = 0
LBB0_31:
	; oomd_like.py:93: if avoid:
	if w1 != 1 goto LBB0_33
	; oomd_like.py:94: decisions[AVOIDED] += 1
	w1 = 3
	*(u32 *)(r10 - 76) = w1
	r2 = r10
	r2 += -76
	r1 = decisions ll
	call 1
	if r0 != 0 goto LBB0_34
LBB0_33:
	; oomd_like.py:95: usage = memcg.usage
	r1 = r9
	call bpf_mem_cgroup_usage
	r7 = r0
	; oomd_like.py:96: if best is None:
	r1 = *(u64 *)(r10 - 136)
	if r1 == 0 goto LBB0_7
	w1 = 1
	; oomd_like.py:92: avoid = pref.mode == AVOID
	w2 = *(u32 *)(r10 - 184)
	if w2 == 1 goto LBB0_37
	w1 = 0
LBB0_37:
	; oomd_like.py:98: elif avoid != best_avoid:
	w2 = *(u32 *)(r10 - 144)
	w2 &= 1
	if w2 == w1 goto LBB0_39
	w6 = 0
	r1 = *(u64 *)(r10 - 136)
	; oomd_like.py:104: if better:
	w2 = *(u32 *)(r10 - 184)
	if w2 == 1 goto LBB0_42
	goto LBB0_43
LBB0_34:
	; oomd_like.py:94: decisions[AVOIDED] += 1
	r1 = 1
	lock *(u64 *)(r0 + 0) += r1
	goto LBB0_33
LBB0_39:
	r2 = *(u64 *)(r10 - 152)
	; oomd_like.py:100: elif delta != best_delta:
	if r8 == r2 goto LBB0_41
	r1 = *(u64 *)(r10 - 136)
	; oomd_like.py:104: if better:
	if r8 > r2 goto LBB0_43
	goto LBB0_42
LBB0_41:
	r1 = *(u64 *)(r10 - 136)
	r8 = r2
	r2 = *(u64 *)(r10 - 168)
	if r7 > r2 goto LBB0_43
LBB0_42:
	r1 = r9
	r9 = *(u64 *)(r10 - 136)
	w6 = *(u32 *)(r10 - 144)
	r8 = *(u64 *)(r10 - 152)
	r7 = *(u64 *)(r10 - 168)
LBB0_43:
	call bpf_put_mem_cgroup
	; oomd_like.py:80: for memcg in scope.descendants():
	goto LBB0_7
LBB0_46:
	; oomd_like.py:109: decisions[VICTIM_ID] = best.id
	r1 = *(u64 *)(r8 + 0)
	r1 = *(u64 *)(r1 + 48)
	r1 = *(u64 *)(r1 + 24)
	w2 = 5
	*(u32 *)(r10 - 68) = w2
	*(u64 *)(r10 - 64) = r1
	r2 = r10
	r2 += -68
	r3 = r10
	r3 += -64
	r1 = decisions ll
	r4 = 0
	call 2
	; oomd_like.py:110: events.output(Decision(cgroup_id=best.id, pgscan_delta=best_delta, usage=best_usage, avoided=best_avoid))
	r1 = *(u64 *)(r8 + 0)
	r1 = *(u64 *)(r1 + 48)
	w2 = *(u32 *)(r10 - 144)
	w2 &= 1
	r1 = *(u64 *)(r1 + 24)
	*(u32 *)(r10 - 8) = w2
	*(u64 *)(r10 - 16) = r7
	r2 = *(u64 *)(r10 - 152)
	*(u64 *)(r10 - 24) = r2
	*(u64 *)(r10 - 32) = r1
	r2 = r10
	r2 += -32
	r1 = events ll
	r3 = 32
	r4 = 0
	call 130
	r1 = 0
	r2 = r8
	r2 += r1
	r1 = r10
	r1 += -56
	; oomd_like.py:111: verdict = oc.kill_memcg(best, "oomd_like policy")
	w3 = 1
	call bpf_iter_css_task_new
	w9 = 0
LBB0_47:
	r1 = r10
	r1 += -56
	call bpf_iter_css_task_next
	r7 = r0
	if r7 == 0 goto LBB0_52
	r1 = r7
	call bpf_task_is_oom_victim
	w0 &= 255
	if w0 != 0 goto LBB0_47
	r1 = *(u64 *)(r10 - 176)
	r2 = r7
	r3 = .L.str.kill ll
	call bpf_oom_kill_process
	w1 = 1
	if w0 == 0 goto LBB0_51
	w1 = w9
LBB0_51:
	w9 = w1
	goto LBB0_47
LBB0_52:
	r1 = r10
	r1 += -56
	call bpf_iter_css_task_destroy
	; oomd_like.py:112: if verdict:
	if w9 == 0 goto LBB0_55
	w1 = 4
	; oomd_like.py:113: decisions[KILLS] += 1
	*(u32 *)(r10 - 44) = w1
	r2 = r10
	r2 += -44
	r1 = decisions ll
	call 1
	if r0 == 0 goto LBB0_55
	r1 = 1
	lock *(u64 *)(r0 + 0) += r1
LBB0_55:
	; oomd_like.py:114: return verdict
	r1 = r8
	call bpf_put_mem_cgroup
	goto LBB0_56
LBB0_44:
	w1 = 6
	; oomd_like.py:107: decisions[NO_VICTIM] += 1
	*(u32 *)(r10 - 32) = w1
	r2 = r10
	r2 += -32
	r1 = decisions ll
	call 1
	w9 = 0
	if r0 == 0 goto LBB0_56
	r1 = 1
	lock *(u64 *)(r0 + 0) += r1
LBB0_56:
	r1 = r6
	call bpf_put_mem_cgroup
LBB0_57:
	; oomd_like.py:71: def oomd_like(oc: OomControl) -> Verdict:
	w0 = w9
	exit
	.section	license,"aw",@progbits
_license:
	.asciz	"GPL"
	.section	.struct_ops.link,"aw",@progbits
oomd_like:
	.quad	oomd_like_handler
	.asciz	"oomd_like\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000"
	.section	.maps,"aw",@progbits
decisions:
	.zero	32
prefs:
	.zero	32
events:
	.zero	16
	.section	.rodata.str1.16,"aMS",@progbits,1
.L.str.kill:
	.asciz	"oomd_like policy"
