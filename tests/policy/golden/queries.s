	.section	"struct_ops.s/handle_out_of_memory","ax",@progbits
queries_handler:
	; progs_queries.py:45: def queries(oc: OomControl) -> Verdict:
	r1 = *(u64 *)(r1 + 0)
	*(u64 *)(r10 - 312) = r1
	; progs_queries.py:46: scope = oc.memcg
	r1 = *(u64 *)(r1 + 16)
	if r1 == 0 goto LBB0_2
	r2 = 0
	r1 += r2
	call bpf_get_mem_cgroup
	goto LBB0_3
LBB0_2:
	call bpf_get_root_mem_cgroup
LBB0_3:
	r8 = r0
	w9 = 0
	; progs_queries.py:47: if scope is None:
	if r8 == 0 goto LBB0_7
	; progs_queries.py:49: seen[SCOPE_ID] = scope.id
	r1 = *(u64 *)(r8 + 0)
	r1 = *(u64 *)(r1 + 48)
	r1 = *(u64 *)(r1 + 24)
	w2 = 0
	*(u32 *)(r10 - 300) = w2
	*(u64 *)(r10 - 296) = r1
	r2 = r10
	r2 += -300
	r3 = r10
	r3 += -296
	r1 = 0
	*(u64 *)(r10 - 328) = r1
	r1 = seen ll
	r4 = 0
	call 2
	; progs_queries.py:50: up = scope.parent
	call bpf_rcu_read_lock
	r1 = 0
	r2 = r8
	r2 += r1
	r6 = r10
	r6 += -288
	r1 = r6
	w3 = 4
	call bpf_iter_css_new
	r1 = r6
	call bpf_iter_css_next
	r1 = r6
	call bpf_iter_css_next
	r7 = 0
	if r0 == 0 goto LBB0_9
	r1 = r0
	call bpf_get_mem_cgroup
	r7 = r0
LBB0_9:
	r1 = r10
	r1 += -288
	call bpf_iter_css_destroy
	call bpf_rcu_read_unlock
	; progs_queries.py:51: if up is not None:
	if r7 == 0 goto LBB0_11
	; progs_queries.py:52: seen[PARENT_ID] = up.id
	r1 = *(u64 *)(r7 + 0)
	r1 = *(u64 *)(r1 + 48)
	r1 = *(u64 *)(r1 + 24)
	w2 = 1
	*(u32 *)(r10 - 260) = w2
	*(u64 *)(r10 - 256) = r1
	r2 = r10
	r2 += -260
	r3 = r10
	r3 += -256
	r1 = 0
	*(u64 *)(r10 - 328) = r1
	r1 = seen ll
	r4 = 0
	call 2
	; progs_queries.py:53: top = up.parent
	call bpf_rcu_read_lock
	r1 = 0
	r2 = r7
	r2 += r1
	r6 = r10
	r6 += -288
	r1 = r6
	w3 = 4
	call bpf_iter_css_new
	r1 = r6
	call bpf_iter_css_next
	r1 = r6
	call bpf_iter_css_next
	r6 = 0
	if r0 == 0 goto LBB0_32
	r1 = r0
	call bpf_get_mem_cgroup
	r6 = r0
LBB0_32:
	r1 = r10
	r1 += -288
	call bpf_iter_css_destroy
	call bpf_rcu_read_unlock
	; progs_queries.py:54: if top is not None:
	if r6 == 0 goto LBB0_11
	; progs_queries.py:55: seen[GRANDPARENT_ID] = top.id
	r1 = *(u64 *)(r6 + 0)
	r1 = *(u64 *)(r1 + 48)
	r1 = *(u64 *)(r1 + 24)
	w2 = 2
	*(u32 *)(r10 - 244) = w2
	*(u64 *)(r10 - 240) = r1
	r2 = r10
	r2 += -244
	r3 = r10
	r3 += -240
	r1 = seen ll
	r4 = 0
	call 2
	*(u64 *)(r10 - 328) = r6
LBB0_11:
	*(u64 *)(r10 - 336) = r7
	; progs_queries.py:20: up = memcg.parent
	call bpf_rcu_read_lock
	r1 = 0
	r2 = r8
	r2 += r1
	r6 = r10
	r6 += -24
	r1 = r6
	w3 = 4
	call bpf_iter_css_new
	r1 = r6
	call bpf_iter_css_next
	r1 = r6
	call bpf_iter_css_next
	r9 = 0
	r7 = 0
	if r0 == 0 goto LBB0_13
	r1 = r0
	call bpf_get_mem_cgroup
	r7 = r0
LBB0_13:
	r1 = r10
	r1 += -24
	call bpf_iter_css_destroy
	call bpf_rcu_read_unlock
	*(u64 *)(r10 - 320) = r8
	; progs_queries.py:21: for _ in range(32):
	if r7 == 0 goto LBB0_20
	r8 = 0
	goto LBB0_15
LBB0_17:
	r1 = r10
	r1 += -24
	; progs_queries.py:25: up = up.parent
	call bpf_iter_css_destroy
	call bpf_rcu_read_unlock
	r1 = r7
	call bpf_put_mem_cgroup
	; progs_queries.py:21: for _ in range(32):
	r9 = r8
	r9 += 1
	if r8 > 30 goto LBB0_122
	r8 = r9
	r7 = r6
	if r6 == 0 goto LBB0_122
LBB0_15:
	; progs_queries.py:25: up = up.parent
	call bpf_rcu_read_lock
	r2 = r7
	r1 = 0
	r2 += r1
	r6 = r10
	r6 += -24
	r1 = r6
	w3 = 4
	call bpf_iter_css_new
	r1 = r6
	call bpf_iter_css_next
	r1 = r6
	call bpf_iter_css_next
	r6 = 0
	if r0 == 0 goto LBB0_17
	r1 = r0
	call bpf_get_mem_cgroup
	r6 = r0
	goto LBB0_17
LBB0_122:
	r8 = *(u64 *)(r10 - 320)
	; progs_queries.py:26: return n
	if r6 == 0 goto LBB0_20
	r1 = r6
	call bpf_put_mem_cgroup
LBB0_20:
	w1 = 3
	; progs_queries.py:56: seen[DEPTH] = depth(scope)
	*(u32 *)(r10 - 228) = w1
	*(u64 *)(r10 - 224) = r9
	r2 = r10
	r2 += -228
	r3 = r10
	r3 += -224
	r1 = seen ll
	r4 = 0
	call 2
	; progs_queries.py:31: if memcg.name_is("oom_test"):
	r1 = *(u64 *)(r8 + 0)
	r1 = *(u64 *)(r1 + 48)
	r1 = *(u64 *)(r1 + 8)
	r2 = .L.str.kill_3 ll
	call bpf_strcmp
	w6 = 1
	if w0 == 0 goto LBB0_22
	w6 = 0
LBB0_22:
	; progs_queries.py:33: if memcg.name_is("oom_tes"):
	r1 = *(u64 *)(r8 + 0)
	r1 = *(u64 *)(r1 + 48)
	r1 = *(u64 *)(r1 + 8)
	r2 = .L.str.kill_4 ll
	call bpf_strcmp
	r7 = r6
	r7 |= 2
	if w0 == 0 goto LBB0_24
	r7 = r6
LBB0_24:
	; progs_queries.py:35: if memcg.name_startswith("oom_"):
	r1 = *(u64 *)(r8 + 0)
	r1 = *(u64 *)(r1 + 48)
	r1 = *(u64 *)(r1 + 8)
	r6 = r7
	r6 |= 4
	r2 = .L.str.kill_5 ll
	call bpf_strstr
	if w0 == 0 goto LBB0_26
	r6 = r7
LBB0_26:
	; progs_queries.py:37: if memcg.name_is("oom_test_longer"):
	r1 = *(u64 *)(r8 + 0)
	r1 = *(u64 *)(r1 + 48)
	r1 = *(u64 *)(r1 + 8)
	r7 = r6
	r7 |= 8
	r2 = .L.str.kill_6 ll
	call bpf_strcmp
	if w0 == 0 goto LBB0_28
	r7 = r6
LBB0_28:
	; progs_queries.py:39: if memcg.name_startswith("oom_test_"):
	r1 = *(u64 *)(r8 + 0)
	r1 = *(u64 *)(r1 + 48)
	r1 = *(u64 *)(r1 + 8)
	r6 = r7
	r6 |= 16
	r2 = .L.str.kill_7 ll
	call bpf_strstr
	if w0 == 0 goto LBB0_30
	r6 = r7
LBB0_30:
	w1 = 4
	; progs_queries.py:57: seen[NAMES] = name_bits(scope)
	*(u32 *)(r10 - 212) = w1
	*(u64 *)(r10 - 208) = r6
	r2 = r10
	r2 += -212
	r3 = r10
	r3 += -208
	r1 = seen ll
	r4 = 0
	call 2
	; progs_queries.py:58: seen[EXITING_BEFORE] = u64(oc.victim_exiting)
	r1 = *(u64 *)(r10 - 312)
	r1 = *(u64 *)(r1 + 16)
	if r1 == 0 goto LBB0_35
	r2 = 0
	r1 += r2
	call bpf_get_mem_cgroup
	goto LBB0_36
LBB0_35:
	call bpf_get_root_mem_cgroup
LBB0_36:
	r7 = r0
	r9 = 0
	r1 = *(u64 *)(r10 - 312)
	w1 = *(u32 *)(r1 + 28)
	if r7 == 0 goto LBB0_45
	if w1 == -1 goto LBB0_45
	call bpf_rcu_read_lock
	r1 = 0
	r2 = r7
	r2 += r1
	r6 = r10
	r6 += -24
	r1 = r6
	w3 = 2
	call bpf_iter_css_new
	r1 = r6
	call bpf_iter_css_next
	if r0 == 0 goto LBB0_44
LBB0_39:
	r1 = r0
	call bpf_get_mem_cgroup
	r8 = r0
	if r8 != 0 goto LBB0_41
LBB0_40:
	r1 = r10
	r1 += -24
	call bpf_iter_css_next
	if r0 == 0 goto LBB0_44
	goto LBB0_39
LBB0_41:
	r2 = r8
	r1 = 0
	r2 += r1
	r6 = r10
	r6 += -200
	r1 = r6
	w3 = 1
	call bpf_iter_css_task_new
	r1 = r6
	call bpf_iter_css_task_next
	if r0 == 0 goto LBB0_123
LBB0_42:
	r1 = *(u64 *)(r0 + 64)
	r1 = *(u64 *)(r1 + 16)
	if r1 == 0 goto LBB0_47
	r1 = *(u64 *)(r1 + 32)
	r1 &= 2097152
	if r1 == 0 goto LBB0_43
LBB0_47:
	r1 = r10
	r1 += -200
	call bpf_iter_css_task_next
	if r0 == 0 goto LBB0_123
	goto LBB0_42
LBB0_123:
	r1 = r10
	r1 += -200
	call bpf_iter_css_task_destroy
	r1 = r8
	call bpf_put_mem_cgroup
	goto LBB0_40
LBB0_43:
	r1 = r10
	r1 += -200
	call bpf_iter_css_task_destroy
	r1 = r8
	call bpf_put_mem_cgroup
	r9 = 1
LBB0_44:
	r1 = r10
	r1 += -24
	call bpf_iter_css_destroy
	call bpf_rcu_read_unlock
	r8 = *(u64 *)(r10 - 320)
LBB0_45:
	if r7 != 0 goto LBB0_48
	goto LBB0_49
LBB0_48:
	r1 = r7
	call bpf_put_mem_cgroup
LBB0_49:
	*(u64 *)(r10 - 184) = r9
	w1 = 9
	*(u32 *)(r10 - 188) = w1
	r2 = r10
	r2 += -188
	r3 = r10
	r3 += -184
	r1 = seen ll
	r4 = 0
	call 2
	; progs_queries.py:60: for memcg in scope.descendants():
	call bpf_rcu_read_lock
	r1 = 0
	r2 = r8
	r2 += r1
	r1 = r10
	r1 += -24
	w3 = 3
	call bpf_iter_css_new
	r2 = 0
	r7 = *(u64 *)(r10 - 336)
LBB0_50:
	r9 = r2
	goto LBB0_51
LBB0_53:
	r1 = r0
	call bpf_get_mem_cgroup
	if r0 == 0 goto LBB0_51
	; progs_queries.py:61: if memcg.name_is("big"):
	r1 = *(u64 *)(r0 + 0)
	r1 = *(u64 *)(r1 + 48)
	r1 = *(u64 *)(r1 + 8)
	r2 = .L.str.kill ll
	r6 = r0
	call bpf_strcmp
	r2 = r6
	r1 = r2
	r6 = r9
	if w0 != 0 goto LBB0_56
	r1 = r9
	r6 = r2
	; progs_queries.py:62: big = memcg
	if r9 == 0 goto LBB0_50
LBB0_56:
	call bpf_put_mem_cgroup
	r2 = r6
	; progs_queries.py:60: for memcg in scope.descendants():
	goto LBB0_50
LBB0_51:
	r1 = r10
	r1 += -24
	call bpf_iter_css_next
	if r0 != 0 goto LBB0_53
	r1 = r10
	r1 += -24
	call bpf_iter_css_destroy
	call bpf_rcu_read_unlock
	; progs_queries.py:63: if big is None:
	if r9 == 0 goto LBB0_57
	; progs_queries.py:65: above = big.parent
	call bpf_rcu_read_lock
	r1 = 0
	r2 = r9
	r2 += r1
	r6 = r10
	r6 += -288
	r1 = r6
	w3 = 4
	call bpf_iter_css_new
	r1 = r6
	call bpf_iter_css_next
	r1 = r6
	call bpf_iter_css_next
	r6 = 0
	if r0 == 0 goto LBB0_62
	r1 = r0
	call bpf_get_mem_cgroup
	r6 = r0
LBB0_62:
	r1 = r10
	r1 += -288
	call bpf_iter_css_destroy
	call bpf_rcu_read_unlock
	; progs_queries.py:66: if above is not None and above.id == scope.id:
	if r6 == 0 goto LBB0_65
	r1 = *(u64 *)(r8 + 0)
	r2 = *(u64 *)(r6 + 0)
	r2 = *(u64 *)(r2 + 48)
	r1 = *(u64 *)(r1 + 48)
	r1 = *(u64 *)(r1 + 24)
	r2 = *(u64 *)(r2 + 24)
	if r2 != r1 goto LBB0_65
	r1 = 1
	; progs_queries.py:67: seen[BIG_PARENT_IS_SCOPE] = 1
	*(u64 *)(r10 - 144) = r1
	w1 = 12
	*(u32 *)(r10 - 148) = w1
	r2 = r10
	r2 += -148
	r3 = r10
	r3 += -144
	r1 = seen ll
	r4 = 0
	call 2
LBB0_65:
	*(u64 *)(r10 - 352) = r6
	r1 = 0
	*(u64 *)(r10 - 344) = r9
	r2 = r9
	r2 += r1
	r6 = r10
	r6 += -136
	; progs_queries.py:69: for task in big.tasks():  # the task with the largest rss
	r1 = r6
	*(u64 *)(r10 - 360) = r2
	w3 = 1
	call bpf_iter_css_task_new
	r1 = r6
	call bpf_iter_css_task_next
	r8 = r0
	r7 = 0
	if r8 == 0 goto LBB0_91
	r6 = 0
	goto LBB0_67
LBB0_90:
	r1 = r10
	r1 += -136
	call bpf_iter_css_task_next
	r8 = r0
	if r8 == 0 goto LBB0_91
LBB0_67:
	; progs_queries.py:70: rss = task.rss
	r2 = *(u64 *)(r8 + 8)
	if r2 == 0 goto LBB0_90
	r1 = *(u64 *)(r2 + 0)
	if r1 s> 0 goto LBB0_70
	r1 = 0
LBB0_70:
	r9 = *(u64 *)(r2 + 8)
	if r9 s> 0 goto LBB0_72
	r9 = 0
LBB0_72:
	r2 = *(u64 *)(r2 + 24)
	if r2 s> 0 goto LBB0_74
	r2 = 0
LBB0_74:
	r9 += r1
	r9 += r2
	r9 <<= 12
	; progs_queries.py:71: if rss > most:
	if r9 <= r6 goto LBB0_90
	; progs_queries.py:73: seen[TASK_PID] = u64(task.pid)
	w1 = *(u32 *)(r8 + 20)
	w2 = 8
	*(u32 *)(r10 - 124) = w2
	r1 <<= 32
	r1 s>>= 32
	*(u64 *)(r10 - 120) = r1
	r2 = r10
	r2 += -124
	r3 = r10
	r3 += -120
	r1 = seen ll
	r4 = 0
	call 2
	; progs_queries.py:74: seen[RSS] = rss
	w1 = 5
	*(u32 *)(r10 - 108) = w1
	*(u64 *)(r10 - 104) = r9
	r2 = r10
	r2 += -108
	r3 = r10
	r3 += -104
	r1 = seen ll
	r4 = 0
	call 2
	; progs_queries.py:75: seen[SWAP] = task.swap
	r2 = *(u64 *)(r8 + 8)
	r1 = 0
	if r2 == 0 goto LBB0_79
	r1 = *(u64 *)(r2 + 16)
	if r1 s> 0 goto LBB0_78
	r1 = 0
LBB0_78:
	r1 <<= 12
LBB0_79:
	*(u64 *)(r10 - 88) = r1
	w1 = 6
	*(u32 *)(r10 - 92) = w1
	r2 = r10
	r2 += -92
	r3 = r10
	r3 += -88
	r1 = seen ll
	r4 = 0
	call 2
	; progs_queries.py:76: mine = task.memcg
	call bpf_rcu_read_lock
	r1 = *(u64 *)(r8 + 72)
	r6 = *(u64 *)(r1 + 96)
	r8 = 0
	if r6 == 0 goto LBB0_81
	r1 = r6
	r2 = 0
	r1 += r2
	call bpf_get_mem_cgroup
	r8 = r0
	if r8 == 0 goto LBB0_82
LBB0_81:
	call bpf_rcu_read_unlock
	if r7 == 0 goto LBB0_88
	r1 = r7
	call bpf_put_mem_cgroup
LBB0_88:
	r7 = 0
	r6 = r9
	; progs_queries.py:77: if mine is not None:
	if r8 == 0 goto LBB0_90
	; progs_queries.py:78: seen[TASK_MEMCG_ID] = mine.id
	r1 = *(u64 *)(r8 + 0)
	r1 = *(u64 *)(r1 + 48)
	r1 = *(u64 *)(r1 + 24)
	w2 = 7
	*(u32 *)(r10 - 76) = w2
	*(u64 *)(r10 - 72) = r1
	r2 = r10
	r2 += -76
	r3 = r10
	r3 += -72
	r1 = seen ll
	r4 = 0
	call 2
	r7 = r8
	r6 = r9
	goto LBB0_90
LBB0_82:
	; progs_queries.py:76: mine = task.memcg
	r1 = r6
	call bpf_cgroup_acquire
	r6 = r0
	r8 = 0
	if r6 == 0 goto LBB0_81
	r2 = r6
	r1 = 0
	r2 += r1
	r8 = r10
	r8 += -288
	r1 = r8
	w3 = 4
	call bpf_iter_css_new
	r1 = r8
	call bpf_iter_css_next
LBB0_84:
	r1 = r10
	r1 += -288
	call bpf_iter_css_next
	r8 = 0
	if r0 == 0 goto LBB0_86
	r1 = r0
	call bpf_get_mem_cgroup
	r8 = r0
	if r8 == 0 goto LBB0_84
LBB0_86:
	r1 = r10
	r1 += -288
	call bpf_iter_css_destroy
	r1 = r6
	call bpf_cgroup_release
	goto LBB0_81
LBB0_91:
	r1 = r10
	r1 += -136
	; progs_queries.py:69: for task in big.tasks():  # the task with the largest rss
	call bpf_iter_css_task_destroy
	r1 = r10
	r1 += -64
	; progs_queries.py:79: verdict = oc.kill_memcg(big, "queries test")
	r2 = *(u64 *)(r10 - 360)
	w3 = 1
	call bpf_iter_css_task_new
	w9 = 0
	r8 = *(u64 *)(r10 - 320)
LBB0_92:
	r1 = r10
	r1 += -64
	call bpf_iter_css_task_next
	r6 = r0
	if r6 == 0 goto LBB0_97
	r1 = r6
	call bpf_task_is_oom_victim
	w0 &= 255
	if w0 != 0 goto LBB0_92
	r1 = *(u64 *)(r10 - 312)
	r2 = r6
	r3 = .L.str.kill_2 ll
	call bpf_oom_kill_process
	w1 = 1
	if w0 == 0 goto LBB0_96
	w1 = w9
LBB0_96:
	w9 = w1
	goto LBB0_92
LBB0_97:
	r1 = r10
	r1 += -64
	call bpf_iter_css_task_destroy
	; progs_queries.py:80: if verdict:
	if w9 == 0 goto LBB0_99
	r1 = 1
	; progs_queries.py:81: seen[KILLED] = 1
	*(u64 *)(r10 - 48) = r1
	w1 = 11
	*(u32 *)(r10 - 52) = w1
	r2 = r10
	r2 += -52
	r3 = r10
	r3 += -48
	r1 = seen ll
	r4 = 0
	call 2
LBB0_99:
	; progs_queries.py:82: seen[EXITING_AFTER] = u64(oc.victim_exiting)
	r1 = *(u64 *)(r10 - 312)
	r1 = *(u64 *)(r1 + 16)
	if r1 == 0 goto LBB0_101
	r2 = 0
	r1 += r2
	call bpf_get_mem_cgroup
	goto LBB0_102
LBB0_57:
	r1 = *(u64 *)(r10 - 328)
	; progs_queries.py:64: return PASS
	if r1 == 0 goto LBB0_59
	call bpf_put_mem_cgroup
LBB0_59:
	w9 = 0
	if r7 == 0 goto LBB0_6
	goto LBB0_5
LBB0_101:
	; progs_queries.py:82: seen[EXITING_AFTER] = u64(oc.victim_exiting)
	call bpf_get_root_mem_cgroup
LBB0_102:
	r6 = r0
	r2 = 0
	r1 = *(u64 *)(r10 - 312)
	w1 = *(u32 *)(r1 + 28)
	if r6 == 0 goto LBB0_111
	if w1 == -1 goto LBB0_111
	call bpf_rcu_read_lock
	r1 = 0
	*(u64 *)(r10 - 360) = r6
	r2 = r6
	r2 += r1
	r6 = r10
	r6 += -24
	r1 = r6
	w3 = 2
	call bpf_iter_css_new
	r1 = r6
	call bpf_iter_css_next
	r1 = 0
	*(u64 *)(r10 - 312) = r1
	if r0 == 0 goto LBB0_110
LBB0_105:
	r1 = r0
	call bpf_get_mem_cgroup
	r6 = r0
	if r6 != 0 goto LBB0_107
LBB0_106:
	r1 = r10
	r1 += -24
	call bpf_iter_css_next
	if r0 == 0 goto LBB0_110
	goto LBB0_105
LBB0_107:
	r2 = r6
	r1 = 0
	r2 += r1
	r8 = r10
	r8 += -200
	r1 = r8
	w3 = 1
	call bpf_iter_css_task_new
	r1 = r8
	r8 = *(u64 *)(r10 - 320)
	call bpf_iter_css_task_next
	if r0 == 0 goto LBB0_124
LBB0_108:
	r1 = *(u64 *)(r0 + 64)
	r1 = *(u64 *)(r1 + 16)
	if r1 == 0 goto LBB0_113
	r1 = *(u64 *)(r1 + 32)
	r1 &= 2097152
	if r1 == 0 goto LBB0_109
LBB0_113:
	r1 = r10
	r1 += -200
	call bpf_iter_css_task_next
	if r0 == 0 goto LBB0_124
	goto LBB0_108
LBB0_124:
	r1 = r10
	r1 += -200
	call bpf_iter_css_task_destroy
	r1 = r6
	call bpf_put_mem_cgroup
	goto LBB0_106
LBB0_109:
	r1 = r10
	r1 += -200
	call bpf_iter_css_task_destroy
	r1 = r6
	call bpf_put_mem_cgroup
	r1 = 1
	*(u64 *)(r10 - 312) = r1
LBB0_110:
	r1 = r10
	r1 += -24
	call bpf_iter_css_destroy
	call bpf_rcu_read_unlock
	r6 = *(u64 *)(r10 - 360)
	r2 = *(u64 *)(r10 - 312)
LBB0_111:
	if r6 != 0 goto LBB0_114
	goto LBB0_115
LBB0_114:
	r1 = r6
	r6 = r2
	call bpf_put_mem_cgroup
	r2 = r6
LBB0_115:
	*(u64 *)(r10 - 32) = r2
	w1 = 10
	*(u32 *)(r10 - 36) = w1
	r2 = r10
	r2 += -36
	r3 = r10
	r3 += -32
	r1 = seen ll
	r4 = 0
	call 2
	; progs_queries.py:83: return verdict
	if r7 == 0 goto LBB0_117
	r1 = r7
	call bpf_put_mem_cgroup
LBB0_117:
	r1 = *(u64 *)(r10 - 352)
	if r1 == 0 goto LBB0_119
	call bpf_put_mem_cgroup
LBB0_119:
	r1 = *(u64 *)(r10 - 344)
	call bpf_put_mem_cgroup
	r7 = *(u64 *)(r10 - 336)
	r1 = *(u64 *)(r10 - 328)
	if r1 == 0 goto LBB0_121
	call bpf_put_mem_cgroup
LBB0_121:
	if r7 == 0 goto LBB0_6
LBB0_5:
	r1 = r7
	call bpf_put_mem_cgroup
LBB0_6:
	r1 = r8
	call bpf_put_mem_cgroup
LBB0_7:
	; progs_queries.py:45: def queries(oc: OomControl) -> Verdict:
	w0 = w9
	exit
	.section	license,"aw",@progbits
_license:
	.asciz	"GPL"
	.section	.struct_ops.link,"aw",@progbits
queries:
	.quad	queries_handler
	.asciz	"queries\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000"
	.section	.maps,"aw",@progbits
seen:
	.zero	32
	.section	.rodata.str1.1,"aMS",@progbits,1
.L.str.kill:
	.asciz	"big"
.L.str.kill_2:
	.asciz	"queries test"
.L.str.kill_3:
	.asciz	"oom_test"
.L.str.kill_4:
	.asciz	"oom_tes"
.L.str.kill_5:
	.asciz	"oom_"
.L.str.kill_6:
	.asciz	"oom_test_longer"
.L.str.kill_7:
	.asciz	"oom_test_"
