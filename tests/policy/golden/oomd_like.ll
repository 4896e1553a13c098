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
  %".288" = load ptr, ptr %"memcg"
  %".289" = icmp ne ptr %".288", null
  br i1 %".289", label %"if.then.18", label %"if.join.9"
css.exit:
  call void @"bpf_iter_css_destroy"(ptr %"iter")
  call void @"bpf_rcu_read_unlock"()
  br label %"css.after"
css.after:
  %".299" = load ptr, ptr %"best"
  %".300" = icmp ne ptr %".299", null
  %".301" = xor i1 %".300", 1
  br i1 %".301", label %"if.then.19", label %"if.end.9"
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
  %".98" = icmp ne ptr %".97", null
  br i1 %".98", label %"read.ok", label %"read.done.1"
or.end:
  %".148" = phi  i1 [%".112", %"or.end.1"], [%".146", %"read.done.3"]
  br i1 %".148", label %"if.then.7", label %"if.end.1"
or.end.1:
  %".111" = phi  i1 [%".105", %"read.done.1"], [%".109", %"or.next"]
  %".112" = xor i1 %".111", 1
  br i1 %".112", label %"or.end", label %"or.next.1"
read.done.1:
  %".104" = phi  i32 [0, %"if.join.5"], [%".102", %"read.ok"]
  %".105" = icmp eq i32 %".104", 0
  br i1 %".105", label %"or.end.1", label %"or.next"
read.ok:
  %".100" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.cgroup.N") %".97", i32 3, i32 3)
  %".101" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.cgroup.N") %".97", i32 3, i32 3)
  %".102" = load i32, ptr %".101"
  br label %"read.done.1"
or.next:
  %".107" = load ptr, ptr %"memcg"
  %".108" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.mem_cgroup.N") %".107", i32 2, i32 2)
  %".109" = load i1, ptr %".108"
  br label %"or.end.1"
or.next.1:
  %".114" = load ptr, ptr %"memcg"
  %".115" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.mem_cgroup.N") %".114", i32 0, i32 0)
  %".116" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.mem_cgroup.N") %".114", i32 0, i32 0)
  %".117" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.cgroup_subsys_state.N") %".116", i32 0, i32 0)
  %".118" = load ptr, ptr %".117"
  %".119" = icmp ne ptr %".118", null
  br i1 %".119", label %"read.ok.1", label %"read.done.2"
read.done.2:
  %".129" = phi  i64 [0, %"or.next.1"], [0, %"read.ok.1"], [%".127", %"read.ok.2"]
  %".130" = load ptr, ptr %"scope"
  %".131" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.mem_cgroup.N") %".130", i32 0, i32 0)
  %".132" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.mem_cgroup.N") %".130", i32 0, i32 0)
  %".133" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.cgroup_subsys_state.N") %".132", i32 0, i32 0)
  %".134" = load ptr, ptr %".133"
  %".135" = icmp ne ptr %".134", null
  br i1 %".135", label %"read.ok.3", label %"read.done.3"
read.ok.1:
  %".121" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.cgroup.N") %".118", i32 5, i32 5)
  %".122" = load ptr, ptr %".121"
  %".123" = icmp ne ptr %".122", null
  br i1 %".123", label %"read.ok.2", label %"read.done.2"
read.ok.2:
  %".125" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.kernfs_node.N") %".122", i32 3, i32 3)
  %".126" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.kernfs_node.N") %".122", i32 3, i32 3)
  %".127" = load i64, ptr %".126"
  br label %"read.done.2"
read.done.3:
  %".145" = phi  i64 [0, %"read.done.2"], [0, %"read.ok.3"], [%".143", %"read.ok.4"]
  %".146" = icmp eq i64 %".129", %".145"
  br label %"or.end"
read.ok.3:
  %".137" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.cgroup.N") %".134", i32 5, i32 5)
  %".138" = load ptr, ptr %".137"
  %".139" = icmp ne ptr %".138", null
  br i1 %".139", label %"read.ok.4", label %"read.done.3"
read.ok.4:
  %".141" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.kernfs_node.N") %".138", i32 3, i32 3)
  %".142" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.kernfs_node.N") %".138", i32 3, i32 3)
  %".143" = load i64, ptr %".142"
  br label %"read.done.3"
if.then.7:
  br label %"css.step"
if.end.1:
  store i32 1, ptr %"map.key.1"
  %".152" = call ptr inttoptr (i64 1 to ptr)(ptr @"decisions", ptr %"map.key.1")
  %".153" = icmp ne ptr %".152", null
  br i1 %".153", label %"aug.hit.1", label %"aug.miss.1"
aug.hit.1:
  %".155" = atomicrmw add ptr %".152", i64 1 monotonic
  br label %"aug.join.1"
aug.miss.1:
  br label %"aug.join.1"
aug.join.1:
  %".158" = load ptr, ptr %"memcg"
  %".159" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.mem_cgroup.N") %".158", i32 0, i32 0)
  %".160" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.mem_cgroup.N") %".158", i32 0, i32 0)
  %".161" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.cgroup_subsys_state.N") %".160", i32 0, i32 0)
  %".162" = load ptr, ptr %".161"
  %".163" = icmp ne ptr %".162", null
  br i1 %".163", label %"read.ok.5", label %"read.done.4"
read.done.4:
  %".173" = phi  i64 [0, %"aug.join.1"], [0, %"read.ok.5"], [%".171", %"read.ok.6"]
  store i64 %".173", ptr %"map.key.2"
  %".175" = call ptr inttoptr (i64 1 to ptr)(ptr @"prefs", ptr %"map.key.2")
  %".176" = icmp ne ptr %".175", null
  br i1 %".176", label %"if.then.8", label %"if.join.6"
read.ok.5:
  %".165" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.cgroup.N") %".162", i32 5, i32 5)
  %".166" = load ptr, ptr %".165"
  %".167" = icmp ne ptr %".166", null
  br i1 %".167", label %"read.ok.6", label %"read.done.4"
read.ok.6:
  %".169" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.kernfs_node.N") %".166", i32 3, i32 3)
  %".170" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.kernfs_node.N") %".166", i32 3, i32 3)
  %".171" = load i64, ptr %".170"
  br label %"read.done.4"
if.then.8:
  %".178" = load {i32, i32, i64}, ptr %".175"
  br label %"if.join.6"
if.join.6:
  %".180" = phi  {i32, i32, i64} [%".178", %"if.then.8"], [zeroinitializer, %"read.done.4"]
  store {i32, i32, i64} %".180", ptr %"pref"
  %".182" = load {i32, i32, i64}, ptr %"pref"
  %".183" = extractvalue {i32, i32, i64} %".182", 0
  %".184" = icmp eq i32 %".183", 2
  br i1 %".184", label %"if.then.9", label %"if.end.2"
if.then.9:
  store i32 2, ptr %"map.key.3"
  %".187" = call ptr inttoptr (i64 1 to ptr)(ptr @"decisions", ptr %"map.key.3")
  %".188" = icmp ne ptr %".187", null
  br i1 %".188", label %"aug.hit.2", label %"aug.miss.2"
if.end.2:
  %".194" = load ptr, ptr %"memcg"
  %".195" = call i1 @"has_unkillable_task"(ptr %".194")
  br i1 %".195", label %"if.then.10", label %"if.end.3"
aug.hit.2:
  %".190" = atomicrmw add ptr %".187", i64 1 monotonic
  br label %"aug.join.2"
aug.miss.2:
  br label %"aug.join.2"
aug.join.2:
  br label %"css.step"
if.then.10:
  br label %"css.step"
if.end.3:
  %".198" = load ptr, ptr %"memcg"
  %".199" = call i64 @"pgscan"(ptr %".198")
  store i64 %".199", ptr %"scan"
  %".201" = load i64, ptr %"scan"
  %".202" = load {i32, i32, i64}, ptr %"pref"
  %".203" = extractvalue {i32, i32, i64} %".202", 2
  %".204" = icmp ugt i64 %".201", %".203"
  br i1 %".204", label %"sel.t", label %"sel.f"
sel.t:
  %".206" = load i64, ptr %"scan"
  %".207" = load {i32, i32, i64}, ptr %"pref"
  %".208" = extractvalue {i32, i32, i64} %".207", 2
  %".209" = sub i64 %".206", %".208"
  br label %"sel.end"
sel.f:
  br label %"sel.end"
sel.end:
  %".212" = phi  i64 [%".209", %"sel.t"], [0, %"sel.f"]
  store i64 %".212", ptr %"delta"
  %".214" = load {i32, i32, i64}, ptr %"pref"
  %".215" = extractvalue {i32, i32, i64} %".214", 0
  %".216" = icmp eq i32 %".215", 1
  store i1 %".216", ptr %"avoid"
  %".218" = load i1, ptr %"avoid"
  br i1 %".218", label %"if.then.11", label %"if.end.4"
if.then.11:
  store i32 3, ptr %"map.key.4"
  %".221" = call ptr inttoptr (i64 1 to ptr)(ptr @"decisions", ptr %"map.key.4")
  %".222" = icmp ne ptr %".221", null
  br i1 %".222", label %"aug.hit.3", label %"aug.miss.3"
if.end.4:
  %".228" = load ptr, ptr %"memcg"
  %".229" = call i64 @"bpf_mem_cgroup_usage"(ptr %".228")
  store i64 %".229", ptr %"usage"
  %".231" = load ptr, ptr %"best"
  %".232" = icmp ne ptr %".231", null
  %".233" = xor i1 %".232", 1
  br i1 %".233", label %"if.then.12", label %"if.else.5"
aug.hit.3:
  %".224" = atomicrmw add ptr %".221", i64 1 monotonic
  br label %"aug.join.3"
aug.miss.3:
  br label %"aug.join.3"
aug.join.3:
  br label %"if.end.4"
if.then.12:
  store i1 1, ptr %"better"
  br label %"if.end.5"
if.else.5:
  %".237" = load i1, ptr %"avoid"
  %".238" = load i1, ptr %"best_avoid"
  %".239" = zext i1 %".237" to i8
  %".240" = zext i1 %".238" to i8
  %".241" = icmp ne i8 %".239", %".240"
  br i1 %".241", label %"if.then.13", label %"if.else.6"
if.end.5:
  %".263" = load i1, ptr %"better"
  br i1 %".263", label %"if.then.15", label %"if.end.8"
if.then.13:
  %".243" = load i1, ptr %"avoid"
  %".244" = xor i1 %".243", 1
  store i1 %".244", ptr %"better"
  br label %"if.end.6"
if.else.6:
  %".247" = load i64, ptr %"delta"
  %".248" = load i64, ptr %"best_delta"
  %".249" = icmp ne i64 %".247", %".248"
  br i1 %".249", label %"if.then.14", label %"if.else.7"
if.end.6:
  br label %"if.end.5"
if.then.14:
  %".251" = load i64, ptr %"delta"
  %".252" = load i64, ptr %"best_delta"
  %".253" = icmp ugt i64 %".251", %".252"
  store i1 %".253", ptr %"better"
  br label %"if.end.7"
if.else.7:
  %".256" = load i64, ptr %"usage"
  %".257" = load i64, ptr %"best_usage"
  %".258" = icmp ugt i64 %".256", %".257"
  store i1 %".258", ptr %"better"
  br label %"if.end.7"
if.end.7:
  br label %"if.end.6"
if.then.15:
  %".265" = load ptr, ptr %"memcg"
  %".266" = icmp ne ptr %".265", null
  br i1 %".266", label %"if.then.16", label %"if.join.7"
if.end.8:
  br label %"css.step"
if.then.16:
  %".268" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.mem_cgroup.N") %".265", i32 0, i32 0)
  %".269" = call ptr @"bpf_get_mem_cgroup"(ptr %".268")
  br label %"if.join.7"
if.join.7:
  %".271" = phi  ptr [%".269", %"if.then.16"], [null, %"if.then.15"]
  %".272" = load i1, ptr %"avoid"
  %".273" = load i64, ptr %"delta"
  %".274" = load i64, ptr %"usage"
  %".275" = load ptr, ptr %"best"
  %".276" = icmp ne ptr %".275", null
  br i1 %".276", label %"if.then.17", label %"if.join.8"
if.then.17:
  call void @"bpf_put_mem_cgroup"(ptr %".275")
  br label %"if.join.8"
if.join.8:
  %".280" = phi  ptr [null, %"if.then.17"], [null, %"if.join.7"]
  store ptr null, ptr %"best"
  store ptr %".271", ptr %"best"
  store i1 %".272", ptr %"best_avoid"
  store i64 %".273", ptr %"best_delta"
  store i64 %".274", ptr %"best_usage"
  br label %"if.end.8"
if.then.18:
  call void @"bpf_put_mem_cgroup"(ptr %".288")
  br label %"if.join.9"
if.join.9:
  %".293" = phi  ptr [null, %"if.then.18"], [null, %"css.step"]
  store ptr null, ptr %"memcg"
  br label %"css.next"
if.then.19:
  store i32 6, ptr %"map.key.5"
  %".304" = call ptr inttoptr (i64 1 to ptr)(ptr @"decisions", ptr %"map.key.5")
  %".305" = icmp ne ptr %".304", null
  br i1 %".305", label %"aug.hit.4", label %"aug.miss.4"
if.end.9:
  %".332" = load ptr, ptr %"best"
  %".333" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.mem_cgroup.N") %".332", i32 0, i32 0)
  %".334" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.mem_cgroup.N") %".332", i32 0, i32 0)
  %".335" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.cgroup_subsys_state.N") %".334", i32 0, i32 0)
  %".336" = load ptr, ptr %".335"
  %".337" = icmp ne ptr %".336", null
  br i1 %".337", label %"read.ok.7", label %"read.done.5"
aug.hit.4:
  %".307" = atomicrmw add ptr %".304", i64 1 monotonic
  br label %"aug.join.4"
aug.miss.4:
  br label %"aug.join.4"
aug.join.4:
  %".310" = load ptr, ptr %"memcg"
  %".311" = icmp ne ptr %".310", null
  br i1 %".311", label %"if.then.20", label %"if.join.10"
if.then.20:
  call void @"bpf_put_mem_cgroup"(ptr %".310")
  br label %"if.join.10"
if.join.10:
  %".315" = phi  ptr [null, %"if.then.20"], [null, %"aug.join.4"]
  store ptr null, ptr %"memcg"
  %".317" = load ptr, ptr %"best"
  %".318" = icmp ne ptr %".317", null
  br i1 %".318", label %"if.then.21", label %"if.join.11"
if.then.21:
  call void @"bpf_put_mem_cgroup"(ptr %".317")
  br label %"if.join.11"
if.join.11:
  %".322" = phi  ptr [null, %"if.then.21"], [null, %"if.join.10"]
  store ptr null, ptr %"best"
  %".324" = load ptr, ptr %"scope"
  %".325" = icmp ne ptr %".324", null
  br i1 %".325", label %"if.then.22", label %"if.join.12"
if.then.22:
  call void @"bpf_put_mem_cgroup"(ptr %".324")
  br label %"if.join.12"
if.join.12:
  %".329" = phi  ptr [null, %"if.then.22"], [null, %"if.join.11"]
  store ptr null, ptr %"scope"
  ret i32 0
read.done.5:
  %".347" = phi  i64 [0, %"if.end.9"], [0, %"read.ok.7"], [%".345", %"read.ok.8"]
  store i32 5, ptr %"map.key.6"
  store i64 %".347", ptr %"map.value"
  %".350" = call i64 inttoptr (i64 2 to ptr)(ptr @"decisions", ptr %"map.key.6", ptr %"map.value", i64 0)
  %".351" = load ptr, ptr %"best"
  %".352" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.mem_cgroup.N") %".351", i32 0, i32 0)
  %".353" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.mem_cgroup.N") %".351", i32 0, i32 0)
  %".354" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.cgroup_subsys_state.N") %".353", i32 0, i32 0)
  %".355" = load ptr, ptr %".354"
  %".356" = icmp ne ptr %".355", null
  br i1 %".356", label %"read.ok.9", label %"read.done.6"
read.ok.7:
  %".339" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.cgroup.N") %".336", i32 5, i32 5)
  %".340" = load ptr, ptr %".339"
  %".341" = icmp ne ptr %".340", null
  br i1 %".341", label %"read.ok.8", label %"read.done.5"
read.ok.8:
  %".343" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.kernfs_node.N") %".340", i32 3, i32 3)
  %".344" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.kernfs_node.N") %".340", i32 3, i32 3)
  %".345" = load i64, ptr %".344"
  br label %"read.done.5"
read.done.6:
  %".366" = phi  i64 [0, %"read.done.5"], [0, %"read.ok.9"], [%".364", %"read.ok.10"]
  %".367" = load i64, ptr %"best_delta"
  %".368" = load i64, ptr %"best_usage"
  %".369" = load i1, ptr %"best_avoid"
  %".370" = zext i1 %".369" to i32
  %".371" = insertvalue {i64, i64, i64, i32} zeroinitializer, i64 %".366", 0
  %".372" = insertvalue {i64, i64, i64, i32} %".371", i64 %".367", 1
  %".373" = insertvalue {i64, i64, i64, i32} %".372", i64 %".368", 2
  %".374" = insertvalue {i64, i64, i64, i32} %".373", i32 %".370", 3
  store {i64, i64, i64, i32} %".374", ptr %"rb.record"
  %".376" = call i64 inttoptr (i64 130 to ptr)(ptr @"events", ptr %"rb.record", i64 32, i64 0)
  %".377" = load {ptr, ptr}, ptr %"oc.1"
  %".378" = extractvalue {ptr, ptr} %".377", 0
  %".379" = load ptr, ptr %"best"
  %".380" = icmp ne ptr %".379", null
  br i1 %".380", label %"if.then.23", label %"if.join.13"
read.ok.9:
  %".358" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.cgroup.N") %".355", i32 5, i32 5)
  %".359" = load ptr, ptr %".358"
  %".360" = icmp ne ptr %".359", null
  br i1 %".360", label %"read.ok.10", label %"read.done.6"
read.ok.10:
  %".362" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.kernfs_node.N") %".359", i32 3, i32 3)
  %".363" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.kernfs_node.N") %".359", i32 3, i32 3)
  %".364" = load i64, ptr %".363"
  br label %"read.done.6"
if.then.23:
  store i32 0, ptr %"killed"
  %".383" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.mem_cgroup.N") %".379", i32 0, i32 0)
  %".384" = call i32 @"bpf_iter_css_task_new"(ptr %"iter.1", ptr %".383", i32 1)
  br label %"kill.next"
if.join.13:
  %".401" = phi  i32 [%".399", %"kill.exit"], [0, %"read.done.6"]
  store i32 %".401", ptr %"verdict"
  %".403" = load i32, ptr %"verdict"
  %".404" = icmp ne i32 %".403", 0
  br i1 %".404", label %"if.then.24", label %"if.end.10"
kill.next:
  %".386" = call ptr @"bpf_iter_css_task_next"(ptr %"iter.1")
  %".387" = icmp ne ptr %".386", null
  br i1 %".387", label %"kill.item", label %"kill.exit"
kill.item:
  %".389" = call i8 @"bpf_task_is_oom_victim"(ptr %".386")
  %".390" = icmp ne i8 %".389", 0
  br i1 %".390", label %"kill.next", label %"kill.do"
kill.do:
  %".392" = call i32 @"bpf_oom_kill_process"(ptr %".378", ptr %".386", ptr @".str.kill")
  %".393" = icmp eq i32 %".392", 0
  %".394" = load i32, ptr %"killed"
  %".395" = select  i1 %".393", i32 1, i32 %".394"
  store i32 %".395", ptr %"killed"
  br label %"kill.next"
kill.exit:
  call void @"bpf_iter_css_task_destroy"(ptr %"iter.1")
  %".399" = load i32, ptr %"killed"
  br label %"if.join.13"
if.then.24:
  store i32 4, ptr %"map.key.7"
  %".407" = call ptr inttoptr (i64 1 to ptr)(ptr @"decisions", ptr %"map.key.7")
  %".408" = icmp ne ptr %".407", null
  br i1 %".408", label %"aug.hit.5", label %"aug.miss.5"
if.end.10:
  %".414" = load i32, ptr %"verdict"
  %".415" = load ptr, ptr %"memcg"
  %".416" = icmp ne ptr %".415", null
  br i1 %".416", label %"if.then.25", label %"if.join.14"
aug.hit.5:
  %".410" = atomicrmw add ptr %".407", i64 1 monotonic
  br label %"aug.join.5"
aug.miss.5:
  br label %"aug.join.5"
aug.join.5:
  br label %"if.end.10"
if.then.25:
  call void @"bpf_put_mem_cgroup"(ptr %".415")
  br label %"if.join.14"
if.join.14:
  %".420" = phi  ptr [null, %"if.then.25"], [null, %"if.end.10"]
  store ptr null, ptr %"memcg"
  %".422" = load ptr, ptr %"best"
  %".423" = icmp ne ptr %".422", null
  br i1 %".423", label %"if.then.26", label %"if.join.15"
if.then.26:
  call void @"bpf_put_mem_cgroup"(ptr %".422")
  br label %"if.join.15"
if.join.15:
  %".427" = phi  ptr [null, %"if.then.26"], [null, %"if.join.14"]
  store ptr null, ptr %"best"
  %".429" = load ptr, ptr %"scope"
  %".430" = icmp ne ptr %".429", null
  br i1 %".430", label %"if.then.27", label %"if.join.16"
if.then.27:
  call void @"bpf_put_mem_cgroup"(ptr %".429")
  br label %"if.join.16"
if.join.16:
  %".434" = phi  ptr [null, %"if.then.27"], [null, %"if.join.15"]
  store ptr null, ptr %"scope"
  ret i32 %".414"
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

@"pyo_loops" = constant [256 x i8] c"{\22version\22:1,\22loops\22:[{\22file\22:\22oomd_like.py\22,\22line\22:80,\22col\22:5,\22end\22:105,\22iterator\22:true,\22trips\22:null,\22widened\22:[],\22kept\22:[[\22best\22,\22MemCgroup\22,false]]},{\22file\22:\22oomd_like.py\22,\22line\22:64,\22col\22:5,\22end\22:66,\22iterator\22:true,\22trips\22:null,\22widened\22:[],\22kept\22:[]}]}", section ".debug_pyoombpf.loops"
@"llvm.compiler.used" = appending global [6 x ptr] [ptr @"_license", ptr @"oomd_like", ptr @"decisions", ptr @"prefs", ptr @"events", ptr @"pyo_loops"], section "llvm.metadata"
