target triple = "bpfel"
target datalayout = "e-m:e-p:64:64-i64:64-i128:128-n32:64-S128"

%"struct.oom_control.N" = type {i8}
%"struct.mem_cgroup.N" = type {i8, i8}
%"struct.cgroup_subsys_state.N" = type {i8}
%"struct.cgroup.N" = type {i8, i8}
%"struct.kernfs_node.N" = type {i8}
%"struct.task_struct.N" = type {i8}
%"struct.signal_struct.N" = type {i8}
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
  %"map.key.7" = alloca i32
  %"verdict" = alloca i32
  %"iter.1" = alloca [1 x i64]
  %"killed" = alloca i32
  %"rb.record" = alloca {i64, i64, i64, i32}
  %"map.value" = alloca i64
  %"map.key.6" = alloca i32
  %"map.key.5" = alloca i32
  %"better" = alloca i1
  %"usage" = alloca i64
  %"map.key.4" = alloca i32
  %"avoid" = alloca i1
  %"delta" = alloca i64
  %"scan" = alloca i64
  %"map.key.3" = alloca i32
  %"pref" = alloca {i32, i32, i64}
  %"map.key.2" = alloca i64
  %"map.key.1" = alloca i32
  %"iter" = alloca [3 x i64]
  %"best_usage" = alloca i64
  %"best_delta" = alloca i64
  %"best_avoid" = alloca i1
  %"map.key" = alloca i32
  %"memcg" = alloca ptr
  %"best" = alloca ptr
  %"scope" = alloca ptr
  %"oc.1" = alloca {ptr, ptr}
  store {ptr, ptr} %"oc", ptr %"oc.1"
  store ptr null, ptr %"scope"
  store ptr null, ptr %"best"
  store ptr null, ptr %"memcg"
  store i32 0, ptr %"map.key"
  %".8" = call ptr inttoptr (i64 1 to ptr)(ptr @"decisions", ptr %"map.key")
  %".9" = icmp ne ptr %".8", null
  br i1 %".9", label %"aug.hit", label %"aug.miss"
aug.hit:
  %".11" = atomicrmw add ptr %".8", i64 1 monotonic
  br label %"aug.join"
aug.miss:
  br label %"aug.join"
aug.join:
  %".14" = load {ptr, ptr}, ptr %"oc.1"
  %".15" = extractvalue {ptr, ptr} %".14", 0
  %".16" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.oom_control.N") %".15", i32 0, i32 0)
  %".17" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.oom_control.N") %".15", i32 0, i32 0)
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
  br label %"css.next"
css.next:
  %".79" = call ptr @"bpf_iter_css_next"(ptr %"iter")
  %".80" = icmp ne ptr %".79", null
  br i1 %".80", label %"css.have", label %"css.exit"
css.item:
  %".85" = load ptr, ptr %"memcg"
  %".86" = icmp ne ptr %".85", null
  br i1 %".86", label %"if.then.6", label %"if.join.5"
css.step:
  %".269" = load ptr, ptr %"memcg"
  %".270" = icmp ne ptr %".269", null
  br i1 %".270", label %"if.then.17", label %"if.join.8"
css.exit:
  call void @"bpf_iter_css_destroy"(ptr %"iter")
  call void @"bpf_rcu_read_unlock"()
  br label %"css.after"
css.after:
  %".280" = load ptr, ptr %"best"
  %".281" = icmp ne ptr %".280", null
  %".282" = xor i1 %".281", 1
  br i1 %".282", label %"if.then.18", label %"if.end.9"
css.have:
  %".82" = call ptr @"bpf_get_mem_cgroup"(ptr %".79")
  %".83" = icmp ne ptr %".82", null
  br i1 %".83", label %"css.item", label %"css.next"
if.then.6:
  call void @"bpf_put_mem_cgroup"(ptr %".85")
  br label %"if.join.5"
if.join.5:
  %".90" = phi  ptr [null, %"if.then.6"], [null, %"css.item"]
  store ptr null, ptr %"memcg"
  store ptr %".82", ptr %"memcg"
  %".93" = load ptr, ptr %"memcg"
  %".94" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.mem_cgroup.N") %".93", i32 0, i32 0)
  %".95" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.mem_cgroup.N") %".93", i32 0, i32 0)
  %".96" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.cgroup_subsys_state.N") %".95", i32 0, i32 0)
  %".97" = load ptr, ptr %".96"
  %".98" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.cgroup.N") %".97", i32 0, i32 0)
  %".99" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.cgroup.N") %".97", i32 0, i32 0)
  %".100" = load i32, ptr %".99"
  br label %"read.done.1"
or.end:
  %".138" = phi  i1 [%".110", %"or.end.1"], [%".136", %"read.done.3"]
  br i1 %".138", label %"if.then.7", label %"if.end.1"
or.end.1:
  %".109" = phi  i1 [%".103", %"read.done.1"], [%".107", %"or.next"]
  %".110" = xor i1 %".109", 1
  br i1 %".110", label %"or.end", label %"or.next.1"
read.done.1:
  %".102" = phi  i32 [%".100", %"if.join.5"]
  %".103" = icmp eq i32 %".102", 0
  br i1 %".103", label %"or.end.1", label %"or.next"
or.next:
  %".105" = load ptr, ptr %"memcg"
  %".106" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.mem_cgroup.N") %".105", i32 1, i32 1)
  %".107" = load i1, ptr %".106"
  br label %"or.end.1"
or.next.1:
  %".112" = load ptr, ptr %"memcg"
  %".113" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.mem_cgroup.N") %".112", i32 0, i32 0)
  %".114" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.mem_cgroup.N") %".112", i32 0, i32 0)
  %".115" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.cgroup_subsys_state.N") %".114", i32 0, i32 0)
  %".116" = load ptr, ptr %".115"
  %".117" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.cgroup.N") %".116", i32 1, i32 1)
  %".118" = load ptr, ptr %".117"
  %".119" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.kernfs_node.N") %".118", i32 0, i32 0)
  %".120" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.kernfs_node.N") %".118", i32 0, i32 0)
  %".121" = load i64, ptr %".120"
  br label %"read.done.2"
read.done.2:
  %".123" = phi  i64 [%".121", %"or.next.1"]
  %".124" = load ptr, ptr %"scope"
  %".125" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.mem_cgroup.N") %".124", i32 0, i32 0)
  %".126" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.mem_cgroup.N") %".124", i32 0, i32 0)
  %".127" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.cgroup_subsys_state.N") %".126", i32 0, i32 0)
  %".128" = load ptr, ptr %".127"
  %".129" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.cgroup.N") %".128", i32 1, i32 1)
  %".130" = load ptr, ptr %".129"
  %".131" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.kernfs_node.N") %".130", i32 0, i32 0)
  %".132" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.kernfs_node.N") %".130", i32 0, i32 0)
  %".133" = load i64, ptr %".132"
  br label %"read.done.3"
read.done.3:
  %".135" = phi  i64 [%".133", %"read.done.2"]
  %".136" = icmp eq i64 %".123", %".135"
  br label %"or.end"
if.then.7:
  br label %"css.step"
if.end.1:
  store i32 1, ptr %"map.key.1"
  %".142" = call ptr inttoptr (i64 1 to ptr)(ptr @"decisions", ptr %"map.key.1")
  %".143" = icmp ne ptr %".142", null
  br i1 %".143", label %"aug.hit.1", label %"aug.miss.1"
aug.hit.1:
  %".145" = atomicrmw add ptr %".142", i64 1 monotonic
  br label %"aug.join.1"
aug.miss.1:
  br label %"aug.join.1"
aug.join.1:
  %".148" = load ptr, ptr %"memcg"
  %".149" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.mem_cgroup.N") %".148", i32 0, i32 0)
  %".150" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.mem_cgroup.N") %".148", i32 0, i32 0)
  %".151" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.cgroup_subsys_state.N") %".150", i32 0, i32 0)
  %".152" = load ptr, ptr %".151"
  %".153" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.cgroup.N") %".152", i32 1, i32 1)
  %".154" = load ptr, ptr %".153"
  %".155" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.kernfs_node.N") %".154", i32 0, i32 0)
  %".156" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.kernfs_node.N") %".154", i32 0, i32 0)
  %".157" = load i64, ptr %".156"
  br label %"read.done.4"
read.done.4:
  %".159" = phi  i64 [%".157", %"aug.join.1"]
  store i64 %".159", ptr %"map.key.2"
  %".161" = call ptr inttoptr (i64 1 to ptr)(ptr @"prefs", ptr %"map.key.2")
  %".162" = icmp ne ptr %".161", null
  br i1 %".162", label %"if.then.8", label %"if.join.6"
if.then.8:
  %".164" = load {i32, i32, i64}, ptr %".161"
  br label %"if.join.6"
if.join.6:
  %".166" = phi  {i32, i32, i64} [%".164", %"if.then.8"], [zeroinitializer, %"read.done.4"]
  store {i32, i32, i64} %".166", ptr %"pref"
  %".168" = load {i32, i32, i64}, ptr %"pref"
  %".169" = extractvalue {i32, i32, i64} %".168", 0
  %".170" = icmp eq i32 %".169", 2
  br i1 %".170", label %"if.then.9", label %"if.end.2"
if.then.9:
  store i32 2, ptr %"map.key.3"
  %".173" = call ptr inttoptr (i64 1 to ptr)(ptr @"decisions", ptr %"map.key.3")
  %".174" = icmp ne ptr %".173", null
  br i1 %".174", label %"aug.hit.2", label %"aug.miss.2"
if.end.2:
  %".180" = load ptr, ptr %"memcg"
  %".181" = call i1 @"has_unkillable_task"(ptr %".180")
  br i1 %".181", label %"if.then.10", label %"if.end.3"
aug.hit.2:
  %".176" = atomicrmw add ptr %".173", i64 1 monotonic
  br label %"aug.join.2"
aug.miss.2:
  br label %"aug.join.2"
aug.join.2:
  br label %"css.step"
if.then.10:
  br label %"css.step"
if.end.3:
  %".184" = load ptr, ptr %"memcg"
  %".185" = call i64 @"pgscan"(ptr %".184")
  store i64 %".185", ptr %"scan"
  %".187" = load i64, ptr %"scan"
  %".188" = load {i32, i32, i64}, ptr %"pref"
  %".189" = extractvalue {i32, i32, i64} %".188", 2
  %".190" = icmp ugt i64 %".187", %".189"
  br i1 %".190", label %"sel.t", label %"sel.f"
sel.t:
  %".192" = load i64, ptr %"scan"
  %".193" = load {i32, i32, i64}, ptr %"pref"
  %".194" = extractvalue {i32, i32, i64} %".193", 2
  %".195" = sub i64 %".192", %".194"
  br label %"sel.end"
sel.f:
  br label %"sel.end"
sel.end:
  %".198" = phi  i64 [%".195", %"sel.t"], [0, %"sel.f"]
  store i64 %".198", ptr %"delta"
  %".200" = load {i32, i32, i64}, ptr %"pref"
  %".201" = extractvalue {i32, i32, i64} %".200", 0
  %".202" = icmp eq i32 %".201", 1
  store i1 %".202", ptr %"avoid"
  %".204" = load i1, ptr %"avoid"
  br i1 %".204", label %"if.then.11", label %"if.end.4"
if.then.11:
  store i32 3, ptr %"map.key.4"
  %".207" = call ptr inttoptr (i64 1 to ptr)(ptr @"decisions", ptr %"map.key.4")
  %".208" = icmp ne ptr %".207", null
  br i1 %".208", label %"aug.hit.3", label %"aug.miss.3"
if.end.4:
  %".214" = load ptr, ptr %"memcg"
  %".215" = call i64 @"bpf_mem_cgroup_usage"(ptr %".214")
  store i64 %".215", ptr %"usage"
  %".217" = load ptr, ptr %"best"
  %".218" = icmp ne ptr %".217", null
  %".219" = xor i1 %".218", 1
  br i1 %".219", label %"if.then.12", label %"if.else.5"
aug.hit.3:
  %".210" = atomicrmw add ptr %".207", i64 1 monotonic
  br label %"aug.join.3"
aug.miss.3:
  br label %"aug.join.3"
aug.join.3:
  br label %"if.end.4"
if.then.12:
  store i1 1, ptr %"better"
  br label %"if.end.5"
if.else.5:
  %".223" = load i1, ptr %"avoid"
  %".224" = load i1, ptr %"best_avoid"
  %".225" = zext i1 %".223" to i8
  %".226" = zext i1 %".224" to i8
  %".227" = icmp ne i8 %".225", %".226"
  br i1 %".227", label %"if.then.13", label %"if.else.6"
if.end.5:
  %".249" = load i1, ptr %"better"
  br i1 %".249", label %"if.then.15", label %"if.end.8"
if.then.13:
  %".229" = load i1, ptr %"avoid"
  %".230" = xor i1 %".229", 1
  store i1 %".230", ptr %"better"
  br label %"if.end.6"
if.else.6:
  %".233" = load i64, ptr %"delta"
  %".234" = load i64, ptr %"best_delta"
  %".235" = icmp ne i64 %".233", %".234"
  br i1 %".235", label %"if.then.14", label %"if.else.7"
if.end.6:
  br label %"if.end.5"
if.then.14:
  %".237" = load i64, ptr %"delta"
  %".238" = load i64, ptr %"best_delta"
  %".239" = icmp ugt i64 %".237", %".238"
  store i1 %".239", ptr %"better"
  br label %"if.end.7"
if.else.7:
  %".242" = load i64, ptr %"usage"
  %".243" = load i64, ptr %"best_usage"
  %".244" = icmp ugt i64 %".242", %".243"
  store i1 %".244", ptr %"better"
  br label %"if.end.7"
if.end.7:
  br label %"if.end.6"
if.then.15:
  %".251" = load ptr, ptr %"memcg"
  store ptr null, ptr %"memcg"
  %".253" = load i1, ptr %"avoid"
  %".254" = load i64, ptr %"delta"
  %".255" = load i64, ptr %"usage"
  %".256" = load ptr, ptr %"best"
  %".257" = icmp ne ptr %".256", null
  br i1 %".257", label %"if.then.16", label %"if.join.7"
if.end.8:
  br label %"css.step"
if.then.16:
  call void @"bpf_put_mem_cgroup"(ptr %".256")
  br label %"if.join.7"
if.join.7:
  %".261" = phi  ptr [null, %"if.then.16"], [null, %"if.then.15"]
  store ptr null, ptr %"best"
  store ptr %".251", ptr %"best"
  store i1 %".253", ptr %"best_avoid"
  store i64 %".254", ptr %"best_delta"
  store i64 %".255", ptr %"best_usage"
  br label %"if.end.8"
if.then.17:
  call void @"bpf_put_mem_cgroup"(ptr %".269")
  br label %"if.join.8"
if.join.8:
  %".274" = phi  ptr [null, %"if.then.17"], [null, %"css.step"]
  store ptr null, ptr %"memcg"
  br label %"css.next"
if.then.18:
  store i32 6, ptr %"map.key.5"
  %".285" = call ptr inttoptr (i64 1 to ptr)(ptr @"decisions", ptr %"map.key.5")
  %".286" = icmp ne ptr %".285", null
  br i1 %".286", label %"aug.hit.4", label %"aug.miss.4"
if.end.9:
  %".313" = load ptr, ptr %"best"
  %".314" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.mem_cgroup.N") %".313", i32 0, i32 0)
  %".315" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.mem_cgroup.N") %".313", i32 0, i32 0)
  %".316" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.cgroup_subsys_state.N") %".315", i32 0, i32 0)
  %".317" = load ptr, ptr %".316"
  %".318" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.cgroup.N") %".317", i32 1, i32 1)
  %".319" = load ptr, ptr %".318"
  %".320" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.kernfs_node.N") %".319", i32 0, i32 0)
  %".321" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.kernfs_node.N") %".319", i32 0, i32 0)
  %".322" = load i64, ptr %".321"
  br label %"read.done.5"
aug.hit.4:
  %".288" = atomicrmw add ptr %".285", i64 1 monotonic
  br label %"aug.join.4"
aug.miss.4:
  br label %"aug.join.4"
aug.join.4:
  %".291" = load ptr, ptr %"memcg"
  %".292" = icmp ne ptr %".291", null
  br i1 %".292", label %"if.then.19", label %"if.join.9"
if.then.19:
  call void @"bpf_put_mem_cgroup"(ptr %".291")
  br label %"if.join.9"
if.join.9:
  %".296" = phi  ptr [null, %"if.then.19"], [null, %"aug.join.4"]
  store ptr null, ptr %"memcg"
  %".298" = load ptr, ptr %"best"
  %".299" = icmp ne ptr %".298", null
  br i1 %".299", label %"if.then.20", label %"if.join.10"
if.then.20:
  call void @"bpf_put_mem_cgroup"(ptr %".298")
  br label %"if.join.10"
if.join.10:
  %".303" = phi  ptr [null, %"if.then.20"], [null, %"if.join.9"]
  store ptr null, ptr %"best"
  %".305" = load ptr, ptr %"scope"
  %".306" = icmp ne ptr %".305", null
  br i1 %".306", label %"if.then.21", label %"if.join.11"
if.then.21:
  call void @"bpf_put_mem_cgroup"(ptr %".305")
  br label %"if.join.11"
if.join.11:
  %".310" = phi  ptr [null, %"if.then.21"], [null, %"if.join.10"]
  store ptr null, ptr %"scope"
  ret i32 0
read.done.5:
  %".324" = phi  i64 [%".322", %"if.end.9"]
  store i32 5, ptr %"map.key.6"
  store i64 %".324", ptr %"map.value"
  %".327" = call i64 inttoptr (i64 2 to ptr)(ptr @"decisions", ptr %"map.key.6", ptr %"map.value", i64 0)
  %".328" = load ptr, ptr %"best"
  %".329" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.mem_cgroup.N") %".328", i32 0, i32 0)
  %".330" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.mem_cgroup.N") %".328", i32 0, i32 0)
  %".331" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.cgroup_subsys_state.N") %".330", i32 0, i32 0)
  %".332" = load ptr, ptr %".331"
  %".333" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.cgroup.N") %".332", i32 1, i32 1)
  %".334" = load ptr, ptr %".333"
  %".335" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.kernfs_node.N") %".334", i32 0, i32 0)
  %".336" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.kernfs_node.N") %".334", i32 0, i32 0)
  %".337" = load i64, ptr %".336"
  br label %"read.done.6"
read.done.6:
  %".339" = phi  i64 [%".337", %"read.done.5"]
  %".340" = load i64, ptr %"best_delta"
  %".341" = load i64, ptr %"best_usage"
  %".342" = load i1, ptr %"best_avoid"
  %".343" = zext i1 %".342" to i32
  %".344" = insertvalue {i64, i64, i64, i32} zeroinitializer, i64 %".339", 0
  %".345" = insertvalue {i64, i64, i64, i32} %".344", i64 %".340", 1
  %".346" = insertvalue {i64, i64, i64, i32} %".345", i64 %".341", 2
  %".347" = insertvalue {i64, i64, i64, i32} %".346", i32 %".343", 3
  store {i64, i64, i64, i32} %".347", ptr %"rb.record"
  %".349" = call i64 inttoptr (i64 130 to ptr)(ptr @"events", ptr %"rb.record", i64 32, i64 0)
  %".350" = load {ptr, ptr}, ptr %"oc.1"
  %".351" = extractvalue {ptr, ptr} %".350", 0
  %".352" = load ptr, ptr %"best"
  %".353" = icmp ne ptr %".352", null
  br i1 %".353", label %"if.then.22", label %"if.join.12"
if.then.22:
  store i32 0, ptr %"killed"
  %".356" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.mem_cgroup.N") %".352", i32 0, i32 0)
  %".357" = call i32 @"bpf_iter_css_task_new"(ptr %"iter.1", ptr %".356", i32 1)
  br label %"kill.next"
if.join.12:
  %".374" = phi  i32 [%".372", %"kill.exit"], [0, %"read.done.6"]
  store i32 %".374", ptr %"verdict"
  %".376" = load i32, ptr %"verdict"
  %".377" = icmp ne i32 %".376", 0
  br i1 %".377", label %"if.then.23", label %"if.end.10"
kill.next:
  %".359" = call ptr @"bpf_iter_css_task_next"(ptr %"iter.1")
  %".360" = icmp ne ptr %".359", null
  br i1 %".360", label %"kill.item", label %"kill.exit"
kill.item:
  %".362" = call i8 @"bpf_task_is_oom_victim"(ptr %".359")
  %".363" = icmp ne i8 %".362", 0
  br i1 %".363", label %"kill.next", label %"kill.do"
kill.do:
  %".365" = call i32 @"bpf_oom_kill_process"(ptr %".351", ptr %".359", ptr @".str.kill")
  %".366" = icmp eq i32 %".365", 0
  %".367" = load i32, ptr %"killed"
  %".368" = select  i1 %".366", i32 1, i32 %".367"
  store i32 %".368", ptr %"killed"
  br label %"kill.next"
kill.exit:
  call void @"bpf_iter_css_task_destroy"(ptr %"iter.1")
  %".372" = load i32, ptr %"killed"
  br label %"if.join.12"
if.then.23:
  store i32 4, ptr %"map.key.7"
  %".380" = call ptr inttoptr (i64 1 to ptr)(ptr @"decisions", ptr %"map.key.7")
  %".381" = icmp ne ptr %".380", null
  br i1 %".381", label %"aug.hit.5", label %"aug.miss.5"
if.end.10:
  %".387" = load i32, ptr %"verdict"
  %".388" = load ptr, ptr %"memcg"
  %".389" = icmp ne ptr %".388", null
  br i1 %".389", label %"if.then.24", label %"if.join.13"
aug.hit.5:
  %".383" = atomicrmw add ptr %".380", i64 1 monotonic
  br label %"aug.join.5"
aug.miss.5:
  br label %"aug.join.5"
aug.join.5:
  br label %"if.end.10"
if.then.24:
  call void @"bpf_put_mem_cgroup"(ptr %".388")
  br label %"if.join.13"
if.join.13:
  %".393" = phi  ptr [null, %"if.then.24"], [null, %"if.end.10"]
  store ptr null, ptr %"memcg"
  %".395" = load ptr, ptr %"best"
  %".396" = icmp ne ptr %".395", null
  br i1 %".396", label %"if.then.25", label %"if.join.14"
if.then.25:
  call void @"bpf_put_mem_cgroup"(ptr %".395")
  br label %"if.join.14"
if.join.14:
  %".400" = phi  ptr [null, %"if.then.25"], [null, %"if.join.13"]
  store ptr null, ptr %"best"
  %".402" = load ptr, ptr %"scope"
  %".403" = icmp ne ptr %".402", null
  br i1 %".403", label %"if.then.26", label %"if.join.15"
if.then.26:
  call void @"bpf_put_mem_cgroup"(ptr %".402")
  br label %"if.join.15"
if.join.15:
  %".407" = phi  ptr [null, %"if.then.26"], [null, %"if.join.14"]
  store ptr null, ptr %"scope"
  ret i32 %".387"
}

@"oomd_like" = global {ptr, [64 x i8]} {ptr @"oomd_like_handler", [64 x i8] c"oomd_like\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00"}, section ".struct_ops.link", align 8
@"decisions" = global {ptr, ptr, ptr, ptr} zeroinitializer, section ".maps", align 8
declare ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr %".1", i32 %".2", i32 %".3")

declare extern_weak ptr @"bpf_get_mem_cgroup"(ptr %".1") section ".ksyms"

declare extern_weak ptr @"bpf_get_root_mem_cgroup"() section ".ksyms"

declare extern_weak void @"bpf_put_mem_cgroup"(ptr %".1") section ".ksyms"

declare extern_weak void @"bpf_rcu_read_lock"() section ".ksyms"

declare extern_weak i32 @"bpf_iter_css_new"(ptr %".1", ptr %".2", i32 %".3") section ".ksyms"

declare extern_weak ptr @"bpf_iter_css_next"(ptr %".1") section ".ksyms"

@"prefs" = global {ptr, ptr, ptr, ptr} zeroinitializer, section ".maps", align 8
define internal i1 @"has_unkillable_task"(ptr %"memcg")
{
entry:
  %"task" = alloca ptr
  %"iter" = alloca [1 x i64]
  %"memcg.1" = alloca ptr
  store ptr %"memcg", ptr %"memcg.1"
  %".4" = load ptr, ptr %"memcg.1"
  %".5" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.mem_cgroup.N") %".4", i32 0, i32 0)
  %".6" = call i32 @"bpf_iter_css_task_new"(ptr %"iter", ptr %".5", i32 1)
  br label %"task.next"
task.next:
  %".8" = call ptr @"bpf_iter_css_task_next"(ptr %"iter")
  %".9" = icmp ne ptr %".8", null
  br i1 %".9", label %"task.item", label %"task.exit"
task.item:
  store ptr %".8", ptr %"task"
  %".12" = load ptr, ptr %"task"
  %".13" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.task_struct.N") %".12", i32 0, i32 0)
  %".14" = load ptr, ptr %".13"
  %".15" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.signal_struct.N") %".14", i32 0, i32 0)
  %".16" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.signal_struct.N") %".14", i32 0, i32 0)
  %".17" = load i16, ptr %".16"
  br label %"read.done"
task.exit:
  call void @"bpf_iter_css_task_destroy"(ptr %"iter")
  br label %"task.after"
task.after:
  ret i1 0
read.done:
  %".19" = phi  i16 [%".17", %"task.item"]
  %".20" = icmp eq i16 %".19", 64536
  br i1 %".20", label %"if.then", label %"if.end"
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

declare extern_weak i64 @"bpf_mem_cgroup_usage"(ptr %".1") nounwind readonly section ".ksyms"

declare extern_weak void @"bpf_iter_css_destroy"(ptr %".1") section ".ksyms"

declare extern_weak void @"bpf_rcu_read_unlock"() section ".ksyms"

@"events" = global {ptr, ptr} zeroinitializer, section ".maps", align 8
declare extern_weak i32 @"bpf_iter_css_task_new"(ptr %".1", ptr %".2", i32 %".3") section ".ksyms"

declare extern_weak ptr @"bpf_iter_css_task_next"(ptr %".1") section ".ksyms"

declare extern_weak i8 @"bpf_task_is_oom_victim"(ptr %".1") section ".ksyms"

@".str.kill" = private unnamed_addr constant [17 x i8] c"oomd_like policy\00"
declare extern_weak i32 @"bpf_oom_kill_process"(ptr %".1", ptr %".2", ptr %".3") section ".ksyms"

declare extern_weak void @"bpf_iter_css_task_destroy"(ptr %".1") section ".ksyms"

declare extern_weak i64 @"bpf_mem_cgroup_vm_events"(ptr %".1", i32 %".2") nounwind readonly section ".ksyms"

@"pyo_loops" = constant [256 x i8] c"{\22version\22:1,\22loops\22:[{\22file\22:\22oomd_like.py\22,\22line\22:80,\22col\22:5,\22end\22:105,\22iterator\22:true,\22trips\22:null,\22widened\22:[],\22kept\22:[[\22best\22,\22MemCgroup\22,false]]},{\22file\22:\22oomd_like.py\22,\22line\22:64,\22col\22:5,\22end\22:66,\22iterator\22:true,\22trips\22:null,\22widened\22:[],\22kept\22:[]}]}", section ".debug_pyoombpf.loops"
@"llvm.compiler.used" = appending global [6 x ptr] [ptr @"_license", ptr @"oomd_like", ptr @"decisions", ptr @"prefs", ptr @"events", ptr @"pyo_loops"], section "llvm.metadata"
