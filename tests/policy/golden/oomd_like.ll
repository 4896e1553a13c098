target triple = "bpfel"
target datalayout = "e-m:e-p:64:64-i64:64-i128:128-n32:64-S128"

%"struct.oom_control.N" = type {i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8}
%"struct.mem_cgroup.N" = type {i8, i8, i8, i8, i8, i8, i8, i8}
%"struct.cgroup_subsys_state.N" = type {i8, i8, i8, i8}
%"struct.cgroup.N" = type {i8, i8, i8, i8, i8, i8, i8, i8}
%"struct.kernfs_node.N" = type {i8, i8, i8, i8}
%"struct.task_struct.N" = type {i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8}
%"struct.signal_struct.N" = type {i8, i8, i8, i8, i8}
@"_license" = dso_local global [4 x i8] c"GPL\00", section "license"
define i32 @"oomd_like_handler"(ptr %".1") section "struct_ops.s/handle_out_of_memory"
{
entry:
  %".3" = getelementptr i64, ptr %".1", i64 0
  %".4" = load ptr, ptr %".3"
  %".5" = getelementptr i64, ptr %".1", i64 1
  %".6" = load ptr, ptr %".5"
  %".7" = insertvalue {ptr, ptr} zeroinitializer, ptr %".4", 0
  %".8" = insertvalue {ptr, ptr} %".7", ptr %".6", 1
  %".9" = call i32 @"oomd_like_2"({ptr, ptr} %".8")
  ret i32 %".9"
}

define internal i32 @"oomd_like_2"({ptr, ptr} %"oc")
{
entry:
  %"oc.1" = alloca {ptr, ptr}
  store {ptr, ptr} %"oc", ptr %"oc.1"
  %"scope" = alloca ptr
  store ptr null, ptr %"scope"
  %"best" = alloca ptr
  store ptr null, ptr %"best"
  %"memcg" = alloca ptr
  store ptr null, ptr %"memcg"
  %"map.key" = alloca i32
  store i32 0, ptr %"map.key"
  %".8" = call ptr inttoptr (i64 1 to ptr)(ptr @"decisions", ptr %"map.key")
  %".9" = icmp ne ptr %".8", null
  %"best_avoid" = alloca i1
  %"best_delta" = alloca i64
  %"best_usage" = alloca i64
  %"iter" = alloca [3 x i64]
  %"map.key.1" = alloca i32
  %"map.key.2" = alloca i64
  %"pref" = alloca {i32, i32, i64}
  %"map.key.3" = alloca i32
  %"scan" = alloca i64
  %"delta" = alloca i64
  %"avoid" = alloca i1
  %"map.key.4" = alloca i32
  %"usage" = alloca i64
  %"better" = alloca i1
  %"map.key.5" = alloca i32
  %"map.key.6" = alloca i32
  %"map.value" = alloca i64
  %"rb.record" = alloca {i64, i64, i64, i32}
  %"killed" = alloca i32
  %"iter.1" = alloca [1 x i64]
  %"verdict" = alloca i32
  %"map.key.7" = alloca i32
  br i1 %".9", label %"aug.hit", label %"aug.miss"
aug.hit:
  %".11" = atomicrmw add ptr %".8", i64 1 monotonic
  br label %"aug.join"
aug.miss:
  br label %"aug.join"
aug.join:
  %".14" = load {ptr, ptr}, ptr %"oc.1"
  %".15" = extractvalue {ptr, ptr} %".14", 0
  %".16" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.oom_control.N") %".15", i32 2, i32 2)
  %".17" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.oom_control.N") %".15", i32 2, i32 2)
  %".18" = load ptr, ptr %".17"
  br label %"read.done"
read.done:
  %".20" = phi  ptr [%".18", %"aug.join"]
  %".21" = icmp ne ptr %".20", null
  br i1 %".21", label %"ocm.some", label %"ocm.root"
ocm.some:
  %".23" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.mem_cgroup.N") %".20", i32 0, i32 0)
  %".24" = call ptr @"bpf_get_mem_cgroup"(ptr %".23")
  br label %"ocm.join"
ocm.root:
  %".26" = call ptr @"bpf_get_root_mem_cgroup"()
  br label %"ocm.join"
ocm.join:
  %".28" = phi  ptr [%".24", %"ocm.some"], [%".26", %"ocm.root"]
  %".29" = load ptr, ptr %"scope"
  %".30" = icmp ne ptr %".29", null
  br i1 %".30", label %"if.then", label %"if.join"
if.then:
  call void @"bpf_put_mem_cgroup"(ptr %".29")
  br label %"if.join"
if.join:
  %".34" = phi  ptr [null, %"if.then"], [null, %"ocm.join"]
  store ptr null, ptr %"scope"
  store ptr %".28", ptr %"scope"
  %".37" = load ptr, ptr %"scope"
  %".38" = icmp ne ptr %".37", null
  %".39" = xor i1 %".38", 1
  br i1 %".39", label %"if.then.1", label %"if.end"
if.then.1:
  %".41" = load ptr, ptr %"memcg"
  %".42" = icmp ne ptr %".41", null
  br i1 %".42", label %"if.then.2", label %"if.join.1"
if.end:
  %".63" = load ptr, ptr %"best"
  %".64" = icmp ne ptr %".63", null
  br i1 %".64", label %"if.then.5", label %"if.join.4"
if.then.2:
  call void @"bpf_put_mem_cgroup"(ptr %".41")
  br label %"if.join.1"
if.join.1:
  %".46" = phi  ptr [null, %"if.then.2"], [null, %"if.then.1"]
  store ptr null, ptr %"memcg"
  %".48" = load ptr, ptr %"best"
  %".49" = icmp ne ptr %".48", null
  br i1 %".49", label %"if.then.3", label %"if.join.2"
if.then.3:
  call void @"bpf_put_mem_cgroup"(ptr %".48")
  br label %"if.join.2"
if.join.2:
  %".53" = phi  ptr [null, %"if.then.3"], [null, %"if.join.1"]
  store ptr null, ptr %"best"
  %".55" = load ptr, ptr %"scope"
  %".56" = icmp ne ptr %".55", null
  br i1 %".56", label %"if.then.4", label %"if.join.3"
if.then.4:
  call void @"bpf_put_mem_cgroup"(ptr %".55")
  br label %"if.join.3"
if.join.3:
  %".60" = phi  ptr [null, %"if.then.4"], [null, %"if.join.2"]
  store ptr null, ptr %"scope"
  ret i32 0
if.then.5:
  call void @"bpf_put_mem_cgroup"(ptr %".63")
  br label %"if.join.4"
if.join.4:
  %".68" = phi  ptr [null, %"if.then.5"], [null, %"if.end"]
  store ptr null, ptr %"best"
  store ptr null, ptr %"best"
  store i1 1, ptr %"best_avoid"
  store i64 0, ptr %"best_delta"
  store i64 0, ptr %"best_usage"
  %".74" = load ptr, ptr %"scope"
  call void @"bpf_rcu_read_lock"()
  %".76" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.mem_cgroup.N") %".74", i32 0, i32 0)
  %".77" = call i32 @"bpf_iter_css_new"(ptr %"iter", ptr %".76", i32 3)
  %"opaque.zero" = load volatile i64, ptr @"pyo_opaque_zero", align 8
  %".78" = load i1, ptr %"best_avoid"
  %".79" = zext i1 %".78" to i64
  %".80" = add i64 %".79", %"opaque.zero"
  %".81" = call i64 asm sideeffect "", "=r,0"(i64 %".80")
  %".82" = trunc i64 %".81" to i1
  store i1 %".82", ptr %"best_avoid"
  %".84" = load i64, ptr %"best_delta"
  %".85" = add i64 %".84", %"opaque.zero"
  %".86" = call i64 asm sideeffect "", "=r,0"(i64 %".85")
  store i64 %".86", ptr %"best_delta"
  %".88" = load i64, ptr %"best_usage"
  %".89" = add i64 %".88", %"opaque.zero"
  %".90" = call i64 asm sideeffect "", "=r,0"(i64 %".89")
  store i64 %".90", ptr %"best_usage"
  br label %"css.next"
css.next:
  %".93" = call ptr @"bpf_iter_css_next"(ptr %"iter")
  %".94" = icmp ne ptr %".93", null
  br i1 %".94", label %"css.have", label %"css.exit"
css.item:
  %".99" = load ptr, ptr %"memcg"
  %".100" = icmp ne ptr %".99", null
  br i1 %".100", label %"if.then.6", label %"if.join.5"
css.step:
  %".316" = load ptr, ptr %"memcg"
  %".317" = icmp ne ptr %".316", null
  br i1 %".317", label %"if.then.18", label %"if.join.9"
css.exit:
  call void @"bpf_iter_css_destroy"(ptr %"iter")
  call void @"bpf_rcu_read_unlock"()
  br label %"css.after"
css.after:
  %".327" = load ptr, ptr %"best"
  %".328" = icmp ne ptr %".327", null
  %".329" = xor i1 %".328", 1
  br i1 %".329", label %"if.then.19", label %"if.end.9"
css.have:
  %".96" = call ptr @"bpf_get_mem_cgroup"(ptr %".93")
  %".97" = icmp ne ptr %".96", null
  br i1 %".97", label %"css.item", label %"css.next"
if.then.6:
  call void @"bpf_put_mem_cgroup"(ptr %".99")
  br label %"if.join.5"
if.join.5:
  %".104" = phi  ptr [null, %"if.then.6"], [null, %"css.item"]
  store ptr null, ptr %"memcg"
  store ptr %".96", ptr %"memcg"
  %"opaque.zero.1" = load volatile i64, ptr @"pyo_opaque_zero", align 8
  %".107" = load i1, ptr %"best_avoid"
  %".108" = zext i1 %".107" to i64
  %".109" = add i64 %".108", %"opaque.zero.1"
  %".110" = call i64 asm sideeffect "", "=r,0"(i64 %".109")
  %".111" = trunc i64 %".110" to i1
  store i1 %".111", ptr %"best_avoid"
  %".113" = load i64, ptr %"best_delta"
  %".114" = add i64 %".113", %"opaque.zero.1"
  %".115" = call i64 asm sideeffect "", "=r,0"(i64 %".114")
  store i64 %".115", ptr %"best_delta"
  %".117" = load i64, ptr %"best_usage"
  %".118" = add i64 %".117", %"opaque.zero.1"
  %".119" = call i64 asm sideeffect "", "=r,0"(i64 %".118")
  store i64 %".119", ptr %"best_usage"
  %".121" = load ptr, ptr %"memcg"
  %".122" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.mem_cgroup.N") %".121", i32 0, i32 0)
  %".123" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.mem_cgroup.N") %".121", i32 0, i32 0)
  %".124" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.cgroup_subsys_state.N") %".123", i32 0, i32 0)
  %".125" = load ptr, ptr %".124"
  %".126" = icmp ne ptr %".125", null
  br i1 %".126", label %"read.ok", label %"read.done.1"
or.end:
  %".176" = phi  i1 [%".140", %"or.end.1"], [%".174", %"read.done.3"]
  br i1 %".176", label %"if.then.7", label %"if.end.1"
or.end.1:
  %".139" = phi  i1 [%".133", %"read.done.1"], [%".137", %"or.next"]
  %".140" = xor i1 %".139", 1
  br i1 %".140", label %"or.end", label %"or.next.1"
read.done.1:
  %".132" = phi  i32 [0, %"if.join.5"], [%".130", %"read.ok"]
  %".133" = icmp eq i32 %".132", 0
  br i1 %".133", label %"or.end.1", label %"or.next"
read.ok:
  %".128" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.cgroup.N") %".125", i32 3, i32 3)
  %".129" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.cgroup.N") %".125", i32 3, i32 3)
  %".130" = load i32, ptr %".129"
  br label %"read.done.1"
or.next:
  %".135" = load ptr, ptr %"memcg"
  %".136" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.mem_cgroup.N") %".135", i32 2, i32 2)
  %".137" = load i1, ptr %".136"
  br label %"or.end.1"
or.next.1:
  %".142" = load ptr, ptr %"memcg"
  %".143" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.mem_cgroup.N") %".142", i32 0, i32 0)
  %".144" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.mem_cgroup.N") %".142", i32 0, i32 0)
  %".145" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.cgroup_subsys_state.N") %".144", i32 0, i32 0)
  %".146" = load ptr, ptr %".145"
  %".147" = icmp ne ptr %".146", null
  br i1 %".147", label %"read.ok.1", label %"read.done.2"
read.done.2:
  %".157" = phi  i64 [0, %"or.next.1"], [0, %"read.ok.1"], [%".155", %"read.ok.2"]
  %".158" = load ptr, ptr %"scope"
  %".159" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.mem_cgroup.N") %".158", i32 0, i32 0)
  %".160" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.mem_cgroup.N") %".158", i32 0, i32 0)
  %".161" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.cgroup_subsys_state.N") %".160", i32 0, i32 0)
  %".162" = load ptr, ptr %".161"
  %".163" = icmp ne ptr %".162", null
  br i1 %".163", label %"read.ok.3", label %"read.done.3"
read.ok.1:
  %".149" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.cgroup.N") %".146", i32 5, i32 5)
  %".150" = load ptr, ptr %".149"
  %".151" = icmp ne ptr %".150", null
  br i1 %".151", label %"read.ok.2", label %"read.done.2"
read.ok.2:
  %".153" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.kernfs_node.N") %".150", i32 3, i32 3)
  %".154" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.kernfs_node.N") %".150", i32 3, i32 3)
  %".155" = load i64, ptr %".154"
  br label %"read.done.2"
read.done.3:
  %".173" = phi  i64 [0, %"read.done.2"], [0, %"read.ok.3"], [%".171", %"read.ok.4"]
  %".174" = icmp eq i64 %".157", %".173"
  br label %"or.end"
read.ok.3:
  %".165" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.cgroup.N") %".162", i32 5, i32 5)
  %".166" = load ptr, ptr %".165"
  %".167" = icmp ne ptr %".166", null
  br i1 %".167", label %"read.ok.4", label %"read.done.3"
read.ok.4:
  %".169" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.kernfs_node.N") %".166", i32 3, i32 3)
  %".170" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.kernfs_node.N") %".166", i32 3, i32 3)
  %".171" = load i64, ptr %".170"
  br label %"read.done.3"
if.then.7:
  br label %"css.step"
if.end.1:
  store i32 1, ptr %"map.key.1"
  %".180" = call ptr inttoptr (i64 1 to ptr)(ptr @"decisions", ptr %"map.key.1")
  %".181" = icmp ne ptr %".180", null
  br i1 %".181", label %"aug.hit.1", label %"aug.miss.1"
aug.hit.1:
  %".183" = atomicrmw add ptr %".180", i64 1 monotonic
  br label %"aug.join.1"
aug.miss.1:
  br label %"aug.join.1"
aug.join.1:
  %".186" = load ptr, ptr %"memcg"
  %".187" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.mem_cgroup.N") %".186", i32 0, i32 0)
  %".188" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.mem_cgroup.N") %".186", i32 0, i32 0)
  %".189" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.cgroup_subsys_state.N") %".188", i32 0, i32 0)
  %".190" = load ptr, ptr %".189"
  %".191" = icmp ne ptr %".190", null
  br i1 %".191", label %"read.ok.5", label %"read.done.4"
read.done.4:
  %".201" = phi  i64 [0, %"aug.join.1"], [0, %"read.ok.5"], [%".199", %"read.ok.6"]
  store i64 %".201", ptr %"map.key.2"
  %".203" = call ptr inttoptr (i64 1 to ptr)(ptr @"prefs", ptr %"map.key.2")
  %".204" = icmp ne ptr %".203", null
  br i1 %".204", label %"if.then.8", label %"if.join.6"
read.ok.5:
  %".193" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.cgroup.N") %".190", i32 5, i32 5)
  %".194" = load ptr, ptr %".193"
  %".195" = icmp ne ptr %".194", null
  br i1 %".195", label %"read.ok.6", label %"read.done.4"
read.ok.6:
  %".197" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.kernfs_node.N") %".194", i32 3, i32 3)
  %".198" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.kernfs_node.N") %".194", i32 3, i32 3)
  %".199" = load i64, ptr %".198"
  br label %"read.done.4"
if.then.8:
  %".206" = load {i32, i32, i64}, ptr %".203"
  br label %"if.join.6"
if.join.6:
  %".208" = phi  {i32, i32, i64} [%".206", %"if.then.8"], [zeroinitializer, %"read.done.4"]
  store {i32, i32, i64} %".208", ptr %"pref"
  %".210" = load {i32, i32, i64}, ptr %"pref"
  %".211" = extractvalue {i32, i32, i64} %".210", 0
  %".212" = icmp eq i32 %".211", 2
  br i1 %".212", label %"if.then.9", label %"if.end.2"
if.then.9:
  store i32 2, ptr %"map.key.3"
  %".215" = call ptr inttoptr (i64 1 to ptr)(ptr @"decisions", ptr %"map.key.3")
  %".216" = icmp ne ptr %".215", null
  br i1 %".216", label %"aug.hit.2", label %"aug.miss.2"
if.end.2:
  %".222" = load ptr, ptr %"memcg"
  %".223" = call i1 @"has_unkillable_task"(ptr %".222")
  br i1 %".223", label %"if.then.10", label %"if.end.3"
aug.hit.2:
  %".218" = atomicrmw add ptr %".215", i64 1 monotonic
  br label %"aug.join.2"
aug.miss.2:
  br label %"aug.join.2"
aug.join.2:
  br label %"css.step"
if.then.10:
  br label %"css.step"
if.end.3:
  %".226" = load ptr, ptr %"memcg"
  %".227" = call i64 @"pgscan"(ptr %".226")
  store i64 %".227", ptr %"scan"
  %".229" = load i64, ptr %"scan"
  %".230" = load {i32, i32, i64}, ptr %"pref"
  %".231" = extractvalue {i32, i32, i64} %".230", 2
  %".232" = icmp ugt i64 %".229", %".231"
  br i1 %".232", label %"sel.t", label %"sel.f"
sel.t:
  %".234" = load i64, ptr %"scan"
  %".235" = load {i32, i32, i64}, ptr %"pref"
  %".236" = extractvalue {i32, i32, i64} %".235", 2
  %".237" = sub i64 %".234", %".236"
  br label %"sel.end"
sel.f:
  br label %"sel.end"
sel.end:
  %".240" = phi  i64 [%".237", %"sel.t"], [0, %"sel.f"]
  store i64 %".240", ptr %"delta"
  %".242" = load {i32, i32, i64}, ptr %"pref"
  %".243" = extractvalue {i32, i32, i64} %".242", 0
  %".244" = icmp eq i32 %".243", 1
  store i1 %".244", ptr %"avoid"
  %".246" = load i1, ptr %"avoid"
  br i1 %".246", label %"if.then.11", label %"if.end.4"
if.then.11:
  store i32 3, ptr %"map.key.4"
  %".249" = call ptr inttoptr (i64 1 to ptr)(ptr @"decisions", ptr %"map.key.4")
  %".250" = icmp ne ptr %".249", null
  br i1 %".250", label %"aug.hit.3", label %"aug.miss.3"
if.end.4:
  %".256" = load ptr, ptr %"memcg"
  %".257" = call i64 @"bpf_mem_cgroup_usage"(ptr %".256")
  store i64 %".257", ptr %"usage"
  %".259" = load ptr, ptr %"best"
  %".260" = icmp ne ptr %".259", null
  %".261" = xor i1 %".260", 1
  br i1 %".261", label %"if.then.12", label %"if.else.5"
aug.hit.3:
  %".252" = atomicrmw add ptr %".249", i64 1 monotonic
  br label %"aug.join.3"
aug.miss.3:
  br label %"aug.join.3"
aug.join.3:
  br label %"if.end.4"
if.then.12:
  store i1 1, ptr %"better"
  br label %"if.end.5"
if.else.5:
  %".265" = load i1, ptr %"avoid"
  %".266" = load i1, ptr %"best_avoid"
  %".267" = zext i1 %".265" to i8
  %".268" = zext i1 %".266" to i8
  %".269" = icmp ne i8 %".267", %".268"
  br i1 %".269", label %"if.then.13", label %"if.else.6"
if.end.5:
  %".291" = load i1, ptr %"better"
  br i1 %".291", label %"if.then.15", label %"if.end.8"
if.then.13:
  %".271" = load i1, ptr %"avoid"
  %".272" = xor i1 %".271", 1
  store i1 %".272", ptr %"better"
  br label %"if.end.6"
if.else.6:
  %".275" = load i64, ptr %"delta"
  %".276" = load i64, ptr %"best_delta"
  %".277" = icmp ne i64 %".275", %".276"
  br i1 %".277", label %"if.then.14", label %"if.else.7"
if.end.6:
  br label %"if.end.5"
if.then.14:
  %".279" = load i64, ptr %"delta"
  %".280" = load i64, ptr %"best_delta"
  %".281" = icmp ugt i64 %".279", %".280"
  store i1 %".281", ptr %"better"
  br label %"if.end.7"
if.else.7:
  %".284" = load i64, ptr %"usage"
  %".285" = load i64, ptr %"best_usage"
  %".286" = icmp ugt i64 %".284", %".285"
  store i1 %".286", ptr %"better"
  br label %"if.end.7"
if.end.7:
  br label %"if.end.6"
if.then.15:
  %".293" = load ptr, ptr %"memcg"
  %".294" = icmp ne ptr %".293", null
  br i1 %".294", label %"if.then.16", label %"if.join.7"
if.end.8:
  br label %"css.step"
if.then.16:
  %".296" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.mem_cgroup.N") %".293", i32 0, i32 0)
  %".297" = call ptr @"bpf_get_mem_cgroup"(ptr %".296")
  br label %"if.join.7"
if.join.7:
  %".299" = phi  ptr [%".297", %"if.then.16"], [null, %"if.then.15"]
  %".300" = load i1, ptr %"avoid"
  %".301" = load i64, ptr %"delta"
  %".302" = load i64, ptr %"usage"
  %".303" = load ptr, ptr %"best"
  %".304" = icmp ne ptr %".303", null
  br i1 %".304", label %"if.then.17", label %"if.join.8"
if.then.17:
  call void @"bpf_put_mem_cgroup"(ptr %".303")
  br label %"if.join.8"
if.join.8:
  %".308" = phi  ptr [null, %"if.then.17"], [null, %"if.join.7"]
  store ptr null, ptr %"best"
  store ptr %".299", ptr %"best"
  store i1 %".300", ptr %"best_avoid"
  store i64 %".301", ptr %"best_delta"
  store i64 %".302", ptr %"best_usage"
  br label %"if.end.8"
if.then.18:
  call void @"bpf_put_mem_cgroup"(ptr %".316")
  br label %"if.join.9"
if.join.9:
  %".321" = phi  ptr [null, %"if.then.18"], [null, %"css.step"]
  store ptr null, ptr %"memcg"
  br label %"css.next"
if.then.19:
  store i32 6, ptr %"map.key.5"
  %".332" = call ptr inttoptr (i64 1 to ptr)(ptr @"decisions", ptr %"map.key.5")
  %".333" = icmp ne ptr %".332", null
  br i1 %".333", label %"aug.hit.4", label %"aug.miss.4"
if.end.9:
  %".360" = load ptr, ptr %"best"
  %".361" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.mem_cgroup.N") %".360", i32 0, i32 0)
  %".362" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.mem_cgroup.N") %".360", i32 0, i32 0)
  %".363" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.cgroup_subsys_state.N") %".362", i32 0, i32 0)
  %".364" = load ptr, ptr %".363"
  %".365" = icmp ne ptr %".364", null
  br i1 %".365", label %"read.ok.7", label %"read.done.5"
aug.hit.4:
  %".335" = atomicrmw add ptr %".332", i64 1 monotonic
  br label %"aug.join.4"
aug.miss.4:
  br label %"aug.join.4"
aug.join.4:
  %".338" = load ptr, ptr %"memcg"
  %".339" = icmp ne ptr %".338", null
  br i1 %".339", label %"if.then.20", label %"if.join.10"
if.then.20:
  call void @"bpf_put_mem_cgroup"(ptr %".338")
  br label %"if.join.10"
if.join.10:
  %".343" = phi  ptr [null, %"if.then.20"], [null, %"aug.join.4"]
  store ptr null, ptr %"memcg"
  %".345" = load ptr, ptr %"best"
  %".346" = icmp ne ptr %".345", null
  br i1 %".346", label %"if.then.21", label %"if.join.11"
if.then.21:
  call void @"bpf_put_mem_cgroup"(ptr %".345")
  br label %"if.join.11"
if.join.11:
  %".350" = phi  ptr [null, %"if.then.21"], [null, %"if.join.10"]
  store ptr null, ptr %"best"
  %".352" = load ptr, ptr %"scope"
  %".353" = icmp ne ptr %".352", null
  br i1 %".353", label %"if.then.22", label %"if.join.12"
if.then.22:
  call void @"bpf_put_mem_cgroup"(ptr %".352")
  br label %"if.join.12"
if.join.12:
  %".357" = phi  ptr [null, %"if.then.22"], [null, %"if.join.11"]
  store ptr null, ptr %"scope"
  ret i32 0
read.done.5:
  %".375" = phi  i64 [0, %"if.end.9"], [0, %"read.ok.7"], [%".373", %"read.ok.8"]
  store i32 5, ptr %"map.key.6"
  store i64 %".375", ptr %"map.value"
  %".378" = call i64 inttoptr (i64 2 to ptr)(ptr @"decisions", ptr %"map.key.6", ptr %"map.value", i64 0)
  %".379" = load ptr, ptr %"best"
  %".380" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.mem_cgroup.N") %".379", i32 0, i32 0)
  %".381" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.mem_cgroup.N") %".379", i32 0, i32 0)
  %".382" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.cgroup_subsys_state.N") %".381", i32 0, i32 0)
  %".383" = load ptr, ptr %".382"
  %".384" = icmp ne ptr %".383", null
  br i1 %".384", label %"read.ok.9", label %"read.done.6"
read.ok.7:
  %".367" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.cgroup.N") %".364", i32 5, i32 5)
  %".368" = load ptr, ptr %".367"
  %".369" = icmp ne ptr %".368", null
  br i1 %".369", label %"read.ok.8", label %"read.done.5"
read.ok.8:
  %".371" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.kernfs_node.N") %".368", i32 3, i32 3)
  %".372" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.kernfs_node.N") %".368", i32 3, i32 3)
  %".373" = load i64, ptr %".372"
  br label %"read.done.5"
read.done.6:
  %".394" = phi  i64 [0, %"read.done.5"], [0, %"read.ok.9"], [%".392", %"read.ok.10"]
  %".395" = load i64, ptr %"best_delta"
  %".396" = load i64, ptr %"best_usage"
  %".397" = load i1, ptr %"best_avoid"
  %".398" = zext i1 %".397" to i32
  %".399" = insertvalue {i64, i64, i64, i32} zeroinitializer, i64 %".394", 0
  %".400" = insertvalue {i64, i64, i64, i32} %".399", i64 %".395", 1
  %".401" = insertvalue {i64, i64, i64, i32} %".400", i64 %".396", 2
  %".402" = insertvalue {i64, i64, i64, i32} %".401", i32 %".398", 3
  store {i64, i64, i64, i32} %".402", ptr %"rb.record"
  %".404" = call i64 inttoptr (i64 130 to ptr)(ptr @"events", ptr %"rb.record", i64 32, i64 0)
  %".405" = load {ptr, ptr}, ptr %"oc.1"
  %".406" = extractvalue {ptr, ptr} %".405", 0
  %".407" = load ptr, ptr %"best"
  %".408" = icmp ne ptr %".407", null
  br i1 %".408", label %"if.then.23", label %"if.join.13"
read.ok.9:
  %".386" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.cgroup.N") %".383", i32 5, i32 5)
  %".387" = load ptr, ptr %".386"
  %".388" = icmp ne ptr %".387", null
  br i1 %".388", label %"read.ok.10", label %"read.done.6"
read.ok.10:
  %".390" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.kernfs_node.N") %".387", i32 3, i32 3)
  %".391" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.kernfs_node.N") %".387", i32 3, i32 3)
  %".392" = load i64, ptr %".391"
  br label %"read.done.6"
if.then.23:
  store i32 0, ptr %"killed"
  %".411" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.mem_cgroup.N") %".407", i32 0, i32 0)
  %".412" = call i32 @"bpf_iter_css_task_new"(ptr %"iter.1", ptr %".411", i32 1)
  br label %"kill.next"
if.join.13:
  %".429" = phi  i32 [%".427", %"kill.exit"], [0, %"read.done.6"]
  store i32 %".429", ptr %"verdict"
  %".431" = load i32, ptr %"verdict"
  %".432" = icmp ne i32 %".431", 0
  br i1 %".432", label %"if.then.24", label %"if.end.10"
kill.next:
  %".414" = call ptr @"bpf_iter_css_task_next"(ptr %"iter.1")
  %".415" = icmp ne ptr %".414", null
  br i1 %".415", label %"kill.item", label %"kill.exit"
kill.item:
  %".417" = call i8 @"bpf_task_is_oom_victim"(ptr %".414")
  %".418" = icmp ne i8 %".417", 0
  br i1 %".418", label %"kill.next", label %"kill.do"
kill.do:
  %".420" = call i32 @"bpf_oom_kill_process"(ptr %".406", ptr %".414", ptr @".str.kill")
  %".421" = icmp eq i32 %".420", 0
  %".422" = load i32, ptr %"killed"
  %".423" = select  i1 %".421", i32 1, i32 %".422"
  store i32 %".423", ptr %"killed"
  br label %"kill.next"
kill.exit:
  call void @"bpf_iter_css_task_destroy"(ptr %"iter.1")
  %".427" = load i32, ptr %"killed"
  br label %"if.join.13"
if.then.24:
  store i32 4, ptr %"map.key.7"
  %".435" = call ptr inttoptr (i64 1 to ptr)(ptr @"decisions", ptr %"map.key.7")
  %".436" = icmp ne ptr %".435", null
  br i1 %".436", label %"aug.hit.5", label %"aug.miss.5"
if.end.10:
  %".442" = load i32, ptr %"verdict"
  %".443" = load ptr, ptr %"memcg"
  %".444" = icmp ne ptr %".443", null
  br i1 %".444", label %"if.then.25", label %"if.join.14"
aug.hit.5:
  %".438" = atomicrmw add ptr %".435", i64 1 monotonic
  br label %"aug.join.5"
aug.miss.5:
  br label %"aug.join.5"
aug.join.5:
  br label %"if.end.10"
if.then.25:
  call void @"bpf_put_mem_cgroup"(ptr %".443")
  br label %"if.join.14"
if.join.14:
  %".448" = phi  ptr [null, %"if.then.25"], [null, %"if.end.10"]
  store ptr null, ptr %"memcg"
  %".450" = load ptr, ptr %"best"
  %".451" = icmp ne ptr %".450", null
  br i1 %".451", label %"if.then.26", label %"if.join.15"
if.then.26:
  call void @"bpf_put_mem_cgroup"(ptr %".450")
  br label %"if.join.15"
if.join.15:
  %".455" = phi  ptr [null, %"if.then.26"], [null, %"if.join.14"]
  store ptr null, ptr %"best"
  %".457" = load ptr, ptr %"scope"
  %".458" = icmp ne ptr %".457", null
  br i1 %".458", label %"if.then.27", label %"if.join.16"
if.then.27:
  call void @"bpf_put_mem_cgroup"(ptr %".457")
  br label %"if.join.16"
if.join.16:
  %".462" = phi  ptr [null, %"if.then.27"], [null, %"if.join.15"]
  store ptr null, ptr %"scope"
  ret i32 %".442"
}

@"oomd_like" = global {ptr, [64 x i8]} {ptr @"oomd_like_handler", [64 x i8] c"oomd_like\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00"}, section ".struct_ops.link", align 8
@"decisions" = global {ptr, ptr, ptr, ptr} zeroinitializer, section ".maps", align 8
declare ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr %".1", i32 %".2", i32 %".3")

declare extern_weak ptr @"bpf_get_mem_cgroup"(ptr %".1") section ".ksyms"

declare extern_weak ptr @"bpf_get_root_mem_cgroup"() section ".ksyms"

declare extern_weak void @"bpf_put_mem_cgroup"(ptr %".1") section ".ksyms"

declare extern_weak void @"bpf_rcu_read_lock"() section ".ksyms"

declare extern_weak i32 @"bpf_iter_css_new"(ptr %".1", ptr %".2", i32 %".3") section ".ksyms"

@"pyo_opaque_zero" = global i64 0, section ".bss", align 8
declare extern_weak ptr @"bpf_iter_css_next"(ptr %".1") section ".ksyms"

@"prefs" = global {ptr, ptr, ptr, ptr} zeroinitializer, section ".maps", align 8
define internal i1 @"has_unkillable_task"(ptr %"memcg")
{
entry:
  %"memcg.1" = alloca ptr
  store ptr %"memcg", ptr %"memcg.1"
  %".4" = load ptr, ptr %"memcg.1"
  %"iter" = alloca [1 x i64]
  %".5" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.mem_cgroup.N") %".4", i32 0, i32 0)
  %".6" = call i32 @"bpf_iter_css_task_new"(ptr %"iter", ptr %".5", i32 1)
  %"task" = alloca ptr
  br label %"task.next"
task.next:
  %".8" = call ptr @"bpf_iter_css_task_next"(ptr %"iter")
  %".9" = icmp ne ptr %".8", null
  br i1 %".9", label %"task.item", label %"task.exit"
task.item:
  store ptr %".8", ptr %"task"
  %".12" = load ptr, ptr %"task"
  %".13" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.task_struct.N") %".12", i32 9, i32 9)
  %".14" = load ptr, ptr %".13"
  %".15" = icmp ne ptr %".14", null
  br i1 %".15", label %"read.ok", label %"read.done"
task.exit:
  call void @"bpf_iter_css_task_destroy"(ptr %"iter")
  br label %"task.after"
task.after:
  ret i1 0
read.done:
  %".21" = phi  i16 [0, %"task.item"], [%".19", %"read.ok"]
  %".22" = icmp eq i16 %".21", 64536
  br i1 %".22", label %"if.then", label %"if.end"
read.ok:
  %".17" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.signal_struct.N") %".14", i32 2, i32 2)
  %".18" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.signal_struct.N") %".14", i32 2, i32 2)
  %".19" = load i16, ptr %".18"
  br label %"read.done"
if.then:
  call void @"bpf_iter_css_task_destroy"(ptr %"iter")
  ret i1 1
if.end:
  br label %"task.next"
}

define internal i64 @"pgscan"(ptr %"memcg")
{
entry:
  %"memcg.1" = alloca ptr
  store ptr %"memcg", ptr %"memcg.1"
  %".4" = load ptr, ptr %"memcg.1"
  %".5" = call i64 @"bpf_mem_cgroup_vm_events"(ptr %".4", i32 32)
  %".6" = load ptr, ptr %"memcg.1"
  %".7" = call i64 @"bpf_mem_cgroup_vm_events"(ptr %".6", i32 33)
  %".8" = add i64 %".5", %".7"
  %".9" = load ptr, ptr %"memcg.1"
  %".10" = call i64 @"bpf_mem_cgroup_vm_events"(ptr %".9", i32 34)
  %".11" = add i64 %".8", %".10"
  %".12" = load ptr, ptr %"memcg.1"
  %".13" = call i64 @"bpf_mem_cgroup_vm_events"(ptr %".12", i32 35)
  %".14" = add i64 %".11", %".13"
  ret i64 %".14"
}

declare extern_weak i64 @"bpf_mem_cgroup_usage"(ptr %".1") section ".ksyms"

declare extern_weak void @"bpf_iter_css_destroy"(ptr %".1") section ".ksyms"

declare extern_weak void @"bpf_rcu_read_unlock"() section ".ksyms"

@"events" = global {ptr, ptr} zeroinitializer, section ".maps", align 8
declare extern_weak i32 @"bpf_iter_css_task_new"(ptr %".1", ptr %".2", i32 %".3") section ".ksyms"

declare extern_weak ptr @"bpf_iter_css_task_next"(ptr %".1") section ".ksyms"

declare extern_weak i8 @"bpf_task_is_oom_victim"(ptr %".1") section ".ksyms"

@".str.kill" = private unnamed_addr constant [17 x i8] c"oomd_like policy\00"
declare extern_weak i32 @"bpf_oom_kill_process"(ptr %".1", ptr %".2", ptr %".3") section ".ksyms"

declare extern_weak void @"bpf_iter_css_task_destroy"(ptr %".1") section ".ksyms"

declare extern_weak i64 @"bpf_mem_cgroup_vm_events"(ptr %".1", i32 %".2") section ".ksyms"

@"pyo_loops" = constant [342 x i8] c"{\22version\22:1,\22loops\22:[{\22file\22:\22/work/wt/loops/examples/oomd_like.py\22,\22line\22:80,\22col\22:5,\22end\22:105,\22iterator\22:true,\22trips\22:null,\22widened\22:[\22best_avoid\22,\22best_delta\22,\22best_usage\22],\22kept\22:[[\22best\22,\22MemCgroup\22,false]]},{\22file\22:\22/work/wt/loops/examples/oomd_like.py\22,\22line\22:64,\22col\22:5,\22end\22:66,\22iterator\22:true,\22trips\22:null,\22widened\22:[],\22kept\22:[]}]}", section ".debug_pyoombpf.loops"
@"llvm.compiler.used" = appending global [7 x ptr] [ptr @"_license", ptr @"oomd_like", ptr @"decisions", ptr @"pyo_opaque_zero", ptr @"prefs", ptr @"events", ptr @"pyo_loops"], section "llvm.metadata"
