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
  %"oc.1" = alloca {ptr, ptr}
  store {ptr, ptr} %"oc", ptr %"oc.1"
  %"scope" = alloca ptr
  store ptr null, ptr %"scope"
  %"best" = alloca ptr
  store ptr null, ptr %"best"
  %"memcg" = alloca ptr
  store ptr null, ptr %"memcg"
  %".7" = load {ptr, ptr}, ptr %"oc.1"
  %".8" = extractvalue {ptr, ptr} %".7", 0
  %".9" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.oom_control.N") %".8", i32 2, i32 2)
  %".10" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.oom_control.N") %".8", i32 2, i32 2)
  %".11" = load ptr, ptr %".10"
  %"best_usage" = alloca i64
  %"iter" = alloca [3 x i64]
  %"usage" = alloca i64
  %"killed" = alloca i32
  %"iter.1" = alloca [1 x i64]
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
  %"opaque.zero" = load volatile i64, ptr @"pyo_opaque_zero", align 8
  %".104" = load i64, ptr %"best_usage"
  %".105" = add i64 %".104", %"opaque.zero"
  %".106" = call i64 asm sideeffect "", "=r,0"(i64 %".105")
  store i64 %".106", ptr %"best_usage"
  br label %"css.next"
css.next:
  %".109" = call ptr @"bpf_iter_css_next"(ptr %"iter")
  %".110" = icmp ne ptr %".109", null
  br i1 %".110", label %"css.have", label %"css.exit"
css.item:
  %".115" = load ptr, ptr %"memcg"
  %".116" = icmp ne ptr %".115", null
  br i1 %".116", label %"if.then.6", label %"if.join.5"
css.step:
  %".175" = load ptr, ptr %"memcg"
  %".176" = icmp ne ptr %".175", null
  br i1 %".176", label %"if.then.11", label %"if.join.8"
css.exit:
  call void @"bpf_iter_css_destroy"(ptr %"iter")
  call void @"bpf_rcu_read_unlock"()
  br label %"css.after"
css.after:
  %".186" = load ptr, ptr %"best"
  %".187" = icmp ne ptr %".186", null
  %".188" = xor i1 %".187", 1
  br i1 %".188", label %"if.then.12", label %"if.end.3"
css.have:
  %".112" = call ptr @"bpf_get_mem_cgroup"(ptr %".109")
  %".113" = icmp ne ptr %".112", null
  br i1 %".113", label %"css.item", label %"css.next"
if.then.6:
  call void @"bpf_put_mem_cgroup"(ptr %".115")
  br label %"if.join.5"
if.join.5:
  %".120" = phi  ptr [null, %"if.then.6"], [null, %"css.item"]
  store ptr null, ptr %"memcg"
  store ptr %".112", ptr %"memcg"
  %"opaque.zero.1" = load volatile i64, ptr @"pyo_opaque_zero", align 8
  %".123" = load i64, ptr %"best_usage"
  %".124" = add i64 %".123", %"opaque.zero.1"
  %".125" = call i64 asm sideeffect "", "=r,0"(i64 %".124")
  store i64 %".125", ptr %"best_usage"
  %".127" = load ptr, ptr %"memcg"
  %".128" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.mem_cgroup.N") %".127", i32 0, i32 0)
  %".129" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.mem_cgroup.N") %".127", i32 0, i32 0)
  %".130" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.cgroup_subsys_state.N") %".129", i32 0, i32 0)
  %".131" = load ptr, ptr %".130"
  %".132" = icmp ne ptr %".131", null
  br i1 %".132", label %"read.ok.4", label %"read.done.3"
read.done.3:
  %".138" = phi  i32 [0, %"if.join.5"], [%".136", %"read.ok.4"]
  %".139" = icmp eq i32 %".138", 0
  %".140" = xor i1 %".139", 1
  br i1 %".140", label %"if.then.7", label %"if.end.1"
read.ok.4:
  %".134" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.cgroup.N") %".131", i32 3, i32 3)
  %".135" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.cgroup.N") %".131", i32 3, i32 3)
  %".136" = load i32, ptr %".135"
  br label %"read.done.3"
if.then.7:
  br label %"css.step"
if.end.1:
  %".143" = load ptr, ptr %"memcg"
  %".144" = call i64 @"anon_usage"(ptr %".143")
  store i64 %".144", ptr %"usage"
  %".146" = load i64, ptr %"usage"
  %".147" = load i64, ptr %"best_usage"
  %".148" = icmp ugt i64 %".146", %".147"
  br i1 %".148", label %"and.next", label %"and.end"
and.end:
  %".154" = phi  i1 [%".148", %"if.end.1"], [%".152", %"and.next"]
  br i1 %".154", label %"if.then.8", label %"if.end.2"
and.next:
  %".150" = load ptr, ptr %"memcg"
  %".151" = call i1 @"has_unkillable_task"(ptr %".150")
  %".152" = xor i1 %".151", 1
  br label %"and.end"
if.then.8:
  %".156" = load ptr, ptr %"memcg"
  %".157" = icmp ne ptr %".156", null
  br i1 %".157", label %"if.then.9", label %"if.join.6"
if.end.2:
  br label %"css.step"
if.then.9:
  %".159" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.mem_cgroup.N") %".156", i32 0, i32 0)
  %".160" = call ptr @"bpf_get_mem_cgroup"(ptr %".159")
  br label %"if.join.6"
if.join.6:
  %".162" = phi  ptr [%".160", %"if.then.9"], [null, %"if.then.8"]
  %".163" = load i64, ptr %"usage"
  %".164" = load ptr, ptr %"best"
  %".165" = icmp ne ptr %".164", null
  br i1 %".165", label %"if.then.10", label %"if.join.7"
if.then.10:
  call void @"bpf_put_mem_cgroup"(ptr %".164")
  br label %"if.join.7"
if.join.7:
  %".169" = phi  ptr [null, %"if.then.10"], [null, %"if.join.6"]
  store ptr null, ptr %"best"
  store ptr %".162", ptr %"best"
  store i64 %".163", ptr %"best_usage"
  br label %"if.end.2"
if.then.11:
  call void @"bpf_put_mem_cgroup"(ptr %".175")
  br label %"if.join.8"
if.join.8:
  %".180" = phi  ptr [null, %"if.then.11"], [null, %"css.step"]
  store ptr null, ptr %"memcg"
  br label %"css.next"
if.then.12:
  %".190" = load ptr, ptr %"memcg"
  %".191" = icmp ne ptr %".190", null
  br i1 %".191", label %"if.then.13", label %"if.join.9"
if.end.3:
  %".212" = load {ptr, ptr}, ptr %"oc.1"
  %".213" = extractvalue {ptr, ptr} %".212", 0
  %".214" = load ptr, ptr %"best"
  %".215" = icmp ne ptr %".214", null
  br i1 %".215", label %"if.then.16", label %"if.join.12"
if.then.13:
  call void @"bpf_put_mem_cgroup"(ptr %".190")
  br label %"if.join.9"
if.join.9:
  %".195" = phi  ptr [null, %"if.then.13"], [null, %"if.then.12"]
  store ptr null, ptr %"memcg"
  %".197" = load ptr, ptr %"best"
  %".198" = icmp ne ptr %".197", null
  br i1 %".198", label %"if.then.14", label %"if.join.10"
if.then.14:
  call void @"bpf_put_mem_cgroup"(ptr %".197")
  br label %"if.join.10"
if.join.10:
  %".202" = phi  ptr [null, %"if.then.14"], [null, %"if.join.9"]
  store ptr null, ptr %"best"
  %".204" = load ptr, ptr %"scope"
  %".205" = icmp ne ptr %".204", null
  br i1 %".205", label %"if.then.15", label %"if.join.11"
if.then.15:
  call void @"bpf_put_mem_cgroup"(ptr %".204")
  br label %"if.join.11"
if.join.11:
  %".209" = phi  ptr [null, %"if.then.15"], [null, %"if.join.10"]
  store ptr null, ptr %"scope"
  ret i32 0
if.then.16:
  store i32 0, ptr %"killed"
  %".218" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.mem_cgroup.N") %".214", i32 0, i32 0)
  %".219" = call i32 @"bpf_iter_css_task_new"(ptr %"iter.1", ptr %".218", i32 1)
  br label %"kill.next"
if.join.12:
  %".236" = phi  i32 [%".234", %"kill.exit"], [0, %"if.end.3"]
  %".237" = load ptr, ptr %"memcg"
  %".238" = icmp ne ptr %".237", null
  br i1 %".238", label %"if.then.17", label %"if.join.13"
kill.next:
  %".221" = call ptr @"bpf_iter_css_task_next"(ptr %"iter.1")
  %".222" = icmp ne ptr %".221", null
  br i1 %".222", label %"kill.item", label %"kill.exit"
kill.item:
  %".224" = call i8 @"bpf_task_is_oom_victim"(ptr %".221")
  %".225" = icmp ne i8 %".224", 0
  br i1 %".225", label %"kill.next", label %"kill.do"
kill.do:
  %".227" = call i32 @"bpf_oom_kill_process"(ptr %".213", ptr %".221", ptr @".str.kill")
  %".228" = icmp eq i32 %".227", 0
  %".229" = load i32, ptr %"killed"
  %".230" = select  i1 %".228", i32 1, i32 %".229"
  store i32 %".230", ptr %"killed"
  br label %"kill.next"
kill.exit:
  call void @"bpf_iter_css_task_destroy"(ptr %"iter.1")
  %".234" = load i32, ptr %"killed"
  br label %"if.join.12"
if.then.17:
  call void @"bpf_put_mem_cgroup"(ptr %".237")
  br label %"if.join.13"
if.join.13:
  %".242" = phi  ptr [null, %"if.then.17"], [null, %"if.join.12"]
  store ptr null, ptr %"memcg"
  %".244" = load ptr, ptr %"best"
  %".245" = icmp ne ptr %".244", null
  br i1 %".245", label %"if.then.18", label %"if.join.14"
if.then.18:
  call void @"bpf_put_mem_cgroup"(ptr %".244")
  br label %"if.join.14"
if.join.14:
  %".249" = phi  ptr [null, %"if.then.18"], [null, %"if.join.13"]
  store ptr null, ptr %"best"
  %".251" = load ptr, ptr %"scope"
  %".252" = icmp ne ptr %".251", null
  br i1 %".252", label %"if.then.19", label %"if.join.15"
if.then.19:
  call void @"bpf_put_mem_cgroup"(ptr %".251")
  br label %"if.join.15"
if.join.15:
  %".256" = phi  ptr [null, %"if.then.19"], [null, %"if.join.14"]
  store ptr null, ptr %"scope"
  ret i32 %".236"
}

@"largest_leaf" = global {ptr, [64 x i8]} {ptr @"largest_leaf_handler", [64 x i8] c"largest_leaf\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00"}, section ".struct_ops.link", align 8
declare ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr %".1", i32 %".2", i32 %".3")

declare extern_weak ptr @"bpf_get_mem_cgroup"(ptr %".1") section ".ksyms"

declare extern_weak ptr @"bpf_get_root_mem_cgroup"() section ".ksyms"

declare extern_weak void @"bpf_put_mem_cgroup"(ptr %".1") section ".ksyms"

declare extern_weak void @"bpf_rcu_read_lock"() section ".ksyms"

declare extern_weak i32 @"bpf_iter_css_new"(ptr %".1", ptr %".2", i32 %".3") section ".ksyms"

@"pyo_opaque_zero" = global i64 0, section ".bss", align 8
declare extern_weak ptr @"bpf_iter_css_next"(ptr %".1") section ".ksyms"

define internal i64 @"anon_usage"(ptr %"memcg")
{
entry:
  %"memcg.1" = alloca ptr
  store ptr %"memcg", ptr %"memcg.1"
  %".4" = load ptr, ptr %"memcg.1"
  %".5" = call i64 @"bpf_mem_cgroup_usage"(ptr %".4")
  %"usage" = alloca i64
  store i64 %".5", ptr %"usage"
  %".7" = load ptr, ptr %"memcg.1"
  %".8" = call i64 @"bpf_mem_cgroup_page_state"(ptr %".7", i32 19)
  %"file" = alloca i64
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

@"pyo_loops" = constant [321 x i8] c"{\22version\22:1,\22loops\22:[{\22file\22:\22/work/wt/loops/examples/largest_leaf.py\22,\22line\22:36,\22col\22:5,\22end\22:41,\22iterator\22:true,\22trips\22:null,\22widened\22:[\22best_usage\22],\22kept\22:[[\22best\22,\22MemCgroup\22,false]]},{\22file\22:\22/work/wt/loops/examples/largest_leaf.py\22,\22line\22:17,\22col\22:5,\22end\22:19,\22iterator\22:true,\22trips\22:null,\22widened\22:[],\22kept\22:[]}]}", section ".debug_pyoombpf.loops"
@"llvm.compiler.used" = appending global [4 x ptr] [ptr @"_license", ptr @"largest_leaf", ptr @"pyo_opaque_zero", ptr @"pyo_loops"], section "llvm.metadata"
