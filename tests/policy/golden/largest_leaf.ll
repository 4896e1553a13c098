target triple = "bpfel"
target datalayout = "e-m:e-p:64:64-i64:64-i128:128-n32:64-S128"

%"struct.oom_control.N" = type {i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8}
%"struct.mem_cgroup.N" = type {i8, i8, i8, i8, i8, i8, i8, i8}
%"struct.cgroup_subsys_state.N" = type {i8, i8, i8, i8}
%"struct.cgroup.N" = type {i8, i8, i8, i8, i8, i8, i8, i8}
%"struct.kernfs_node.N" = type {i8, i8, i8, i8}
%"struct.bpf_struct_ops_link.N" = type {i8, i8, i8}
%"struct.task_struct.N" = type {i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8}
%"struct.signal_struct.N" = type {i8, i8, i8, i8, i8}
@"_license" = dso_local global [4 x i8] c"GPL\00", section "license"
define i32 @"largest_leaf_handler"(ptr %".1") section "struct_ops.s/handle_out_of_memory"
{
entry:
  %".3" = getelementptr i64, ptr %".1", i64 0
  %".4" = load ptr, ptr %".3"
  %".5" = getelementptr i64, ptr %".1", i64 1
  %".6" = load ptr, ptr %".5"
  %".7" = insertvalue {ptr, ptr} zeroinitializer, ptr %".4", 0
  %".8" = insertvalue {ptr, ptr} %".7", ptr %".6", 1
  %".9" = call i32 @"largest_leaf_2"({ptr, ptr} %".8")
  ret i32 %".9"
}

define internal i32 @"largest_leaf_2"({ptr, ptr} %"oc")
{
entry:
  %"iter.1" = alloca [1 x i64]
  %"killed" = alloca i32
  %"usage" = alloca i64
  %"iter" = alloca [3 x i64]
  %"best_usage" = alloca i64
  %"memcg" = alloca ptr
  %"best" = alloca ptr
  %"scope" = alloca ptr
  %"oc.1" = alloca {ptr, ptr}
  store {ptr, ptr} %"oc", ptr %"oc.1"
  store ptr null, ptr %"scope"
  store ptr null, ptr %"best"
  store ptr null, ptr %"memcg"
  %".7" = load {ptr, ptr}, ptr %"oc.1"
  %".8" = extractvalue {ptr, ptr} %".7", 0
  %".9" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.oom_control.N") %".8", i32 2, i32 2)
  %".10" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.oom_control.N") %".8", i32 2, i32 2)
  %".11" = load ptr, ptr %".10"
  br label %"read.done"
read.done:
  %".13" = phi  ptr [%".11", %"entry"]
  %".14" = icmp ne ptr %".13", null
  br i1 %".14", label %"ocm.some", label %"ocm.root"
ocm.some:
  %".16" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.mem_cgroup.N") %".13", i32 0, i32 0)
  %".17" = call ptr @"bpf_get_mem_cgroup"(ptr %".16")
  br label %"ocm.join"
ocm.root:
  %".19" = call ptr @"bpf_get_root_mem_cgroup"()
  br label %"ocm.join"
ocm.join:
  %".21" = phi  ptr [%".17", %"ocm.some"], [%".19", %"ocm.root"]
  %".22" = load ptr, ptr %"scope"
  %".23" = icmp ne ptr %".22", null
  br i1 %".23", label %"if.then", label %"if.join"
if.then:
  call void @"bpf_put_mem_cgroup"(ptr %".22")
  br label %"if.join"
if.join:
  %".27" = phi  ptr [null, %"if.then"], [null, %"ocm.join"]
  store ptr null, ptr %"scope"
  store ptr %".21", ptr %"scope"
  %".30" = load ptr, ptr %"scope"
  %".31" = icmp ne ptr %".30", null
  %".32" = xor i1 %".31", 1
  br i1 %".32", label %"or.end", label %"or.next"
or.end:
  %".67" = phi  i1 [%".32", %"if.join"], [%".65", %"read.done.2"]
  br i1 %".67", label %"if.then.1", label %"if.end"
or.next:
  %".34" = load ptr, ptr %"scope"
  %".35" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.mem_cgroup.N") %".34", i32 0, i32 0)
  %".36" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.mem_cgroup.N") %".34", i32 0, i32 0)
  %".37" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.cgroup_subsys_state.N") %".36", i32 0, i32 0)
  %".38" = load ptr, ptr %".37"
  %".39" = icmp ne ptr %".38", null
  br i1 %".39", label %"read.ok", label %"read.done.1"
read.done.1:
  %".49" = phi  i64 [0, %"or.next"], [0, %"read.ok"], [%".47", %"read.ok.1"]
  %".50" = load {ptr, ptr}, ptr %"oc.1"
  %".51" = extractvalue {ptr, ptr} %".50", 1
  %".52" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.bpf_struct_ops_link.N") %".51", i32 0, i32 0)
  %".53" = load ptr, ptr %".52"
  %".54" = icmp ne ptr %".53", null
  br i1 %".54", label %"read.ok.2", label %"read.done.2"
read.ok:
  %".41" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.cgroup.N") %".38", i32 5, i32 5)
  %".42" = load ptr, ptr %".41"
  %".43" = icmp ne ptr %".42", null
  br i1 %".43", label %"read.ok.1", label %"read.done.1"
read.ok.1:
  %".45" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.kernfs_node.N") %".42", i32 3, i32 3)
  %".46" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.kernfs_node.N") %".42", i32 3, i32 3)
  %".47" = load i64, ptr %".46"
  br label %"read.done.1"
read.done.2:
  %".64" = phi  i64 [0, %"read.done.1"], [0, %"read.ok.2"], [%".62", %"read.ok.3"]
  %".65" = icmp eq i64 %".49", %".64"
  br label %"or.end"
read.ok.2:
  %".56" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.cgroup.N") %".53", i32 5, i32 5)
  %".57" = load ptr, ptr %".56"
  %".58" = icmp ne ptr %".57", null
  br i1 %".58", label %"read.ok.3", label %"read.done.2"
read.ok.3:
  %".60" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.kernfs_node.N") %".57", i32 3, i32 3)
  %".61" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.kernfs_node.N") %".57", i32 3, i32 3)
  %".62" = load i64, ptr %".61"
  br label %"read.done.2"
if.then.1:
  %".69" = load ptr, ptr %"memcg"
  %".70" = icmp ne ptr %".69", null
  br i1 %".70", label %"if.then.2", label %"if.join.1"
if.end:
  %".91" = load ptr, ptr %"best"
  %".92" = icmp ne ptr %".91", null
  br i1 %".92", label %"if.then.5", label %"if.join.4"
if.then.2:
  call void @"bpf_put_mem_cgroup"(ptr %".69")
  br label %"if.join.1"
if.join.1:
  %".74" = phi  ptr [null, %"if.then.2"], [null, %"if.then.1"]
  store ptr null, ptr %"memcg"
  %".76" = load ptr, ptr %"best"
  %".77" = icmp ne ptr %".76", null
  br i1 %".77", label %"if.then.3", label %"if.join.2"
if.then.3:
  call void @"bpf_put_mem_cgroup"(ptr %".76")
  br label %"if.join.2"
if.join.2:
  %".81" = phi  ptr [null, %"if.then.3"], [null, %"if.join.1"]
  store ptr null, ptr %"best"
  %".83" = load ptr, ptr %"scope"
  %".84" = icmp ne ptr %".83", null
  br i1 %".84", label %"if.then.4", label %"if.join.3"
if.then.4:
  call void @"bpf_put_mem_cgroup"(ptr %".83")
  br label %"if.join.3"
if.join.3:
  %".88" = phi  ptr [null, %"if.then.4"], [null, %"if.join.2"]
  store ptr null, ptr %"scope"
  ret i32 0
if.then.5:
  call void @"bpf_put_mem_cgroup"(ptr %".91")
  br label %"if.join.4"
if.join.4:
  %".96" = phi  ptr [null, %"if.then.5"], [null, %"if.end"]
  store ptr null, ptr %"best"
  store ptr null, ptr %"best"
  store i64 0, ptr %"best_usage"
  %".100" = load ptr, ptr %"scope"
  call void @"bpf_rcu_read_lock"()
  %".102" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.mem_cgroup.N") %".100", i32 0, i32 0)
  %".103" = call i32 @"bpf_iter_css_new"(ptr %"iter", ptr %".102", i32 3)
  br label %"css.next"
css.next:
  %".105" = call ptr @"bpf_iter_css_next"(ptr %"iter")
  %".106" = icmp ne ptr %".105", null
  br i1 %".106", label %"css.have", label %"css.exit"
css.item:
  %".111" = load ptr, ptr %"memcg"
  %".112" = icmp ne ptr %".111", null
  br i1 %".112", label %"if.then.6", label %"if.join.5"
css.step:
  %".167" = load ptr, ptr %"memcg"
  %".168" = icmp ne ptr %".167", null
  br i1 %".168", label %"if.then.11", label %"if.join.8"
css.exit:
  call void @"bpf_iter_css_destroy"(ptr %"iter")
  call void @"bpf_rcu_read_unlock"()
  br label %"css.after"
css.after:
  %".178" = load ptr, ptr %"best"
  %".179" = icmp ne ptr %".178", null
  %".180" = xor i1 %".179", 1
  br i1 %".180", label %"if.then.12", label %"if.end.3"
css.have:
  %".108" = call ptr @"bpf_get_mem_cgroup"(ptr %".105")
  %".109" = icmp ne ptr %".108", null
  br i1 %".109", label %"css.item", label %"css.next"
if.then.6:
  call void @"bpf_put_mem_cgroup"(ptr %".111")
  br label %"if.join.5"
if.join.5:
  %".116" = phi  ptr [null, %"if.then.6"], [null, %"css.item"]
  store ptr null, ptr %"memcg"
  store ptr %".108", ptr %"memcg"
  %".119" = load ptr, ptr %"memcg"
  %".120" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.mem_cgroup.N") %".119", i32 0, i32 0)
  %".121" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.mem_cgroup.N") %".119", i32 0, i32 0)
  %".122" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.cgroup_subsys_state.N") %".121", i32 0, i32 0)
  %".123" = load ptr, ptr %".122"
  %".124" = icmp ne ptr %".123", null
  br i1 %".124", label %"read.ok.4", label %"read.done.3"
read.done.3:
  %".130" = phi  i32 [0, %"if.join.5"], [%".128", %"read.ok.4"]
  %".131" = icmp eq i32 %".130", 0
  %".132" = xor i1 %".131", 1
  br i1 %".132", label %"if.then.7", label %"if.end.1"
read.ok.4:
  %".126" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.cgroup.N") %".123", i32 3, i32 3)
  %".127" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.cgroup.N") %".123", i32 3, i32 3)
  %".128" = load i32, ptr %".127"
  br label %"read.done.3"
if.then.7:
  br label %"css.step"
if.end.1:
  %".135" = load ptr, ptr %"memcg"
  %".136" = call i64 @"anon_usage"(ptr %".135")
  store i64 %".136", ptr %"usage"
  %".138" = load i64, ptr %"usage"
  %".139" = load i64, ptr %"best_usage"
  %".140" = icmp ugt i64 %".138", %".139"
  br i1 %".140", label %"and.next", label %"and.end"
and.end:
  %".146" = phi  i1 [%".140", %"if.end.1"], [%".144", %"and.next"]
  br i1 %".146", label %"if.then.8", label %"if.end.2"
and.next:
  %".142" = load ptr, ptr %"memcg"
  %".143" = call i1 @"has_unkillable_task"(ptr %".142")
  %".144" = xor i1 %".143", 1
  br label %"and.end"
if.then.8:
  %".148" = load ptr, ptr %"memcg"
  %".149" = icmp ne ptr %".148", null
  br i1 %".149", label %"if.then.9", label %"if.join.6"
if.end.2:
  br label %"css.step"
if.then.9:
  %".151" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.mem_cgroup.N") %".148", i32 0, i32 0)
  %".152" = call ptr @"bpf_get_mem_cgroup"(ptr %".151")
  br label %"if.join.6"
if.join.6:
  %".154" = phi  ptr [%".152", %"if.then.9"], [null, %"if.then.8"]
  %".155" = load i64, ptr %"usage"
  %".156" = load ptr, ptr %"best"
  %".157" = icmp ne ptr %".156", null
  br i1 %".157", label %"if.then.10", label %"if.join.7"
if.then.10:
  call void @"bpf_put_mem_cgroup"(ptr %".156")
  br label %"if.join.7"
if.join.7:
  %".161" = phi  ptr [null, %"if.then.10"], [null, %"if.join.6"]
  store ptr null, ptr %"best"
  store ptr %".154", ptr %"best"
  store i64 %".155", ptr %"best_usage"
  br label %"if.end.2"
if.then.11:
  call void @"bpf_put_mem_cgroup"(ptr %".167")
  br label %"if.join.8"
if.join.8:
  %".172" = phi  ptr [null, %"if.then.11"], [null, %"css.step"]
  store ptr null, ptr %"memcg"
  br label %"css.next"
if.then.12:
  %".182" = load ptr, ptr %"memcg"
  %".183" = icmp ne ptr %".182", null
  br i1 %".183", label %"if.then.13", label %"if.join.9"
if.end.3:
  %".204" = load {ptr, ptr}, ptr %"oc.1"
  %".205" = extractvalue {ptr, ptr} %".204", 0
  %".206" = load ptr, ptr %"best"
  %".207" = icmp ne ptr %".206", null
  br i1 %".207", label %"if.then.16", label %"if.join.12"
if.then.13:
  call void @"bpf_put_mem_cgroup"(ptr %".182")
  br label %"if.join.9"
if.join.9:
  %".187" = phi  ptr [null, %"if.then.13"], [null, %"if.then.12"]
  store ptr null, ptr %"memcg"
  %".189" = load ptr, ptr %"best"
  %".190" = icmp ne ptr %".189", null
  br i1 %".190", label %"if.then.14", label %"if.join.10"
if.then.14:
  call void @"bpf_put_mem_cgroup"(ptr %".189")
  br label %"if.join.10"
if.join.10:
  %".194" = phi  ptr [null, %"if.then.14"], [null, %"if.join.9"]
  store ptr null, ptr %"best"
  %".196" = load ptr, ptr %"scope"
  %".197" = icmp ne ptr %".196", null
  br i1 %".197", label %"if.then.15", label %"if.join.11"
if.then.15:
  call void @"bpf_put_mem_cgroup"(ptr %".196")
  br label %"if.join.11"
if.join.11:
  %".201" = phi  ptr [null, %"if.then.15"], [null, %"if.join.10"]
  store ptr null, ptr %"scope"
  ret i32 0
if.then.16:
  store i32 0, ptr %"killed"
  %".210" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.mem_cgroup.N") %".206", i32 0, i32 0)
  %".211" = call i32 @"bpf_iter_css_task_new"(ptr %"iter.1", ptr %".210", i32 1)
  br label %"kill.next"
if.join.12:
  %".228" = phi  i32 [%".226", %"kill.exit"], [0, %"if.end.3"]
  %".229" = load ptr, ptr %"memcg"
  %".230" = icmp ne ptr %".229", null
  br i1 %".230", label %"if.then.17", label %"if.join.13"
kill.next:
  %".213" = call ptr @"bpf_iter_css_task_next"(ptr %"iter.1")
  %".214" = icmp ne ptr %".213", null
  br i1 %".214", label %"kill.item", label %"kill.exit"
kill.item:
  %".216" = call i8 @"bpf_task_is_oom_victim"(ptr %".213")
  %".217" = icmp ne i8 %".216", 0
  br i1 %".217", label %"kill.next", label %"kill.do"
kill.do:
  %".219" = call i32 @"bpf_oom_kill_process"(ptr %".205", ptr %".213", ptr @".str.kill")
  %".220" = icmp eq i32 %".219", 0
  %".221" = load i32, ptr %"killed"
  %".222" = select  i1 %".220", i32 1, i32 %".221"
  store i32 %".222", ptr %"killed"
  br label %"kill.next"
kill.exit:
  call void @"bpf_iter_css_task_destroy"(ptr %"iter.1")
  %".226" = load i32, ptr %"killed"
  br label %"if.join.12"
if.then.17:
  call void @"bpf_put_mem_cgroup"(ptr %".229")
  br label %"if.join.13"
if.join.13:
  %".234" = phi  ptr [null, %"if.then.17"], [null, %"if.join.12"]
  store ptr null, ptr %"memcg"
  %".236" = load ptr, ptr %"best"
  %".237" = icmp ne ptr %".236", null
  br i1 %".237", label %"if.then.18", label %"if.join.14"
if.then.18:
  call void @"bpf_put_mem_cgroup"(ptr %".236")
  br label %"if.join.14"
if.join.14:
  %".241" = phi  ptr [null, %"if.then.18"], [null, %"if.join.13"]
  store ptr null, ptr %"best"
  %".243" = load ptr, ptr %"scope"
  %".244" = icmp ne ptr %".243", null
  br i1 %".244", label %"if.then.19", label %"if.join.15"
if.then.19:
  call void @"bpf_put_mem_cgroup"(ptr %".243")
  br label %"if.join.15"
if.join.15:
  %".248" = phi  ptr [null, %"if.then.19"], [null, %"if.join.14"]
  store ptr null, ptr %"scope"
  ret i32 %".228"
}

@"largest_leaf" = global {ptr, [64 x i8]} {ptr @"largest_leaf_handler", [64 x i8] c"largest_leaf\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00"}, section ".struct_ops.link", align 8
declare ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr %".1", i32 %".2", i32 %".3")

declare extern_weak ptr @"bpf_get_mem_cgroup"(ptr %".1") section ".ksyms"

declare extern_weak ptr @"bpf_get_root_mem_cgroup"() section ".ksyms"

declare extern_weak void @"bpf_put_mem_cgroup"(ptr %".1") section ".ksyms"

declare extern_weak void @"bpf_rcu_read_lock"() section ".ksyms"

declare extern_weak i32 @"bpf_iter_css_new"(ptr %".1", ptr %".2", i32 %".3") section ".ksyms"

declare extern_weak ptr @"bpf_iter_css_next"(ptr %".1") section ".ksyms"

define internal i64 @"anon_usage"(ptr %"memcg")
{
entry:
  %"file" = alloca i64
  %"usage" = alloca i64
  %"memcg.1" = alloca ptr
  store ptr %"memcg", ptr %"memcg.1"
  %".4" = load ptr, ptr %"memcg.1"
  %".5" = call i64 @"bpf_mem_cgroup_usage"(ptr %".4")
  store i64 %".5", ptr %"usage"
  %".7" = load ptr, ptr %"memcg.1"
  %".8" = call i64 @"bpf_mem_cgroup_page_state"(ptr %".7", i32 19)
  store i64 %".8", ptr %"file"
  %".10" = load i64, ptr %"usage"
  %".11" = load i64, ptr %"file"
  %".12" = icmp ugt i64 %".10", %".11"
  br i1 %".12", label %"sel.t", label %"sel.f"
sel.t:
  %".14" = load i64, ptr %"usage"
  %".15" = load i64, ptr %"file"
  %".16" = sub i64 %".14", %".15"
  br label %"sel.end"
sel.f:
  br label %"sel.end"
sel.end:
  %".19" = phi  i64 [%".16", %"sel.t"], [0, %"sel.f"]
  ret i64 %".19"
}

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

declare extern_weak void @"bpf_iter_css_destroy"(ptr %".1") section ".ksyms"

declare extern_weak void @"bpf_rcu_read_unlock"() section ".ksyms"

declare extern_weak i32 @"bpf_iter_css_task_new"(ptr %".1", ptr %".2", i32 %".3") section ".ksyms"

declare extern_weak ptr @"bpf_iter_css_task_next"(ptr %".1") section ".ksyms"

declare extern_weak i8 @"bpf_task_is_oom_victim"(ptr %".1") section ".ksyms"

@".str.kill" = private unnamed_addr constant [20 x i8] c"largest_leaf policy\00"
declare extern_weak i32 @"bpf_oom_kill_process"(ptr %".1", ptr %".2", ptr %".3") section ".ksyms"

declare extern_weak void @"bpf_iter_css_task_destroy"(ptr %".1") section ".ksyms"

declare extern_weak i64 @"bpf_mem_cgroup_usage"(ptr %".1") section ".ksyms"

declare extern_weak i64 @"bpf_mem_cgroup_page_state"(ptr %".1", i32 %".2") section ".ksyms"

@"pyo_loops" = constant [261 x i8] c"{\22version\22:1,\22loops\22:[{\22file\22:\22largest_leaf.py\22,\22line\22:36,\22col\22:5,\22end\22:41,\22iterator\22:true,\22trips\22:null,\22widened\22:[],\22kept\22:[[\22best\22,\22MemCgroup\22,false]]},{\22file\22:\22largest_leaf.py\22,\22line\22:17,\22col\22:5,\22end\22:19,\22iterator\22:true,\22trips\22:null,\22widened\22:[],\22kept\22:[]}]}", section ".debug_pyoombpf.loops"
@"llvm.compiler.used" = appending global [3 x ptr] [ptr @"_license", ptr @"largest_leaf", ptr @"pyo_loops"], section "llvm.metadata"
