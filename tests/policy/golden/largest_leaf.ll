target triple = "bpfel"
target datalayout = "e-m:e-p:64:64-i64:64-i128:128-n32:64-S128"

%"struct.oom_control.N" = type {i8}
%"struct.mem_cgroup.N" = type {i8}
%"struct.cgroup_subsys_state.N" = type {i8}
%"struct.cgroup.N" = type {i8}
%"struct.task_struct.N" = type {i8}
%"struct.signal_struct.N" = type {i8}
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
  %".9" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.oom_control.N") %".8", i32 0, i32 0)
  %".10" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.oom_control.N") %".8", i32 0, i32 0)
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
  br i1 %".32", label %"if.then.1", label %"if.end"
if.then.1:
  %".34" = load ptr, ptr %"memcg"
  %".35" = icmp ne ptr %".34", null
  br i1 %".35", label %"if.then.2", label %"if.join.1"
if.end:
  %".56" = load ptr, ptr %"best"
  %".57" = icmp ne ptr %".56", null
  br i1 %".57", label %"if.then.5", label %"if.join.4"
if.then.2:
  call void @"bpf_put_mem_cgroup"(ptr %".34")
  br label %"if.join.1"
if.join.1:
  %".39" = phi  ptr [null, %"if.then.2"], [null, %"if.then.1"]
  store ptr null, ptr %"memcg"
  %".41" = load ptr, ptr %"best"
  %".42" = icmp ne ptr %".41", null
  br i1 %".42", label %"if.then.3", label %"if.join.2"
if.then.3:
  call void @"bpf_put_mem_cgroup"(ptr %".41")
  br label %"if.join.2"
if.join.2:
  %".46" = phi  ptr [null, %"if.then.3"], [null, %"if.join.1"]
  store ptr null, ptr %"best"
  %".48" = load ptr, ptr %"scope"
  %".49" = icmp ne ptr %".48", null
  br i1 %".49", label %"if.then.4", label %"if.join.3"
if.then.4:
  call void @"bpf_put_mem_cgroup"(ptr %".48")
  br label %"if.join.3"
if.join.3:
  %".53" = phi  ptr [null, %"if.then.4"], [null, %"if.join.2"]
  store ptr null, ptr %"scope"
  ret i32 0
if.then.5:
  call void @"bpf_put_mem_cgroup"(ptr %".56")
  br label %"if.join.4"
if.join.4:
  %".61" = phi  ptr [null, %"if.then.5"], [null, %"if.end"]
  store ptr null, ptr %"best"
  store ptr null, ptr %"best"
  store i64 0, ptr %"best_usage"
  %".65" = load ptr, ptr %"scope"
  call void @"bpf_rcu_read_lock"()
  %".67" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.mem_cgroup.N") %".65", i32 0, i32 0)
  %".68" = call i32 @"bpf_iter_css_new"(ptr %"iter", ptr %".67", i32 3)
  br label %"css.next"
css.next:
  %".70" = call ptr @"bpf_iter_css_next"(ptr %"iter")
  %".71" = icmp ne ptr %".70", null
  br i1 %".71", label %"css.have", label %"css.exit"
css.item:
  %".76" = load ptr, ptr %"memcg"
  %".77" = icmp ne ptr %".76", null
  br i1 %".77", label %"if.then.6", label %"if.join.5"
css.step:
  %".132" = load ptr, ptr %"memcg"
  %".133" = icmp ne ptr %".132", null
  br i1 %".133", label %"if.then.10", label %"if.join.7"
css.exit:
  call void @"bpf_iter_css_destroy"(ptr %"iter")
  call void @"bpf_rcu_read_unlock"()
  br label %"css.after"
css.after:
  %".143" = load ptr, ptr %"best"
  %".144" = icmp ne ptr %".143", null
  %".145" = xor i1 %".144", 1
  br i1 %".145", label %"if.then.11", label %"if.end.3"
css.have:
  %".73" = call ptr @"bpf_get_mem_cgroup"(ptr %".70")
  %".74" = icmp ne ptr %".73", null
  br i1 %".74", label %"css.item", label %"css.next"
if.then.6:
  call void @"bpf_put_mem_cgroup"(ptr %".76")
  br label %"if.join.5"
if.join.5:
  %".81" = phi  ptr [null, %"if.then.6"], [null, %"css.item"]
  store ptr null, ptr %"memcg"
  store ptr %".73", ptr %"memcg"
  %".84" = load ptr, ptr %"memcg"
  %".85" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.mem_cgroup.N") %".84", i32 0, i32 0)
  %".86" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.mem_cgroup.N") %".84", i32 0, i32 0)
  %".87" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.cgroup_subsys_state.N") %".86", i32 0, i32 0)
  %".88" = load ptr, ptr %".87"
  %".89" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.cgroup.N") %".88", i32 0, i32 0)
  %".90" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.cgroup.N") %".88", i32 0, i32 0)
  %".91" = load i32, ptr %".90"
  br label %"read.done.1"
or.end:
  %".102" = phi  i1 [%".95", %"read.done.1"], [%".100", %"or.next"]
  br i1 %".102", label %"if.then.7", label %"if.end.1"
read.done.1:
  %".93" = phi  i32 [%".91", %"if.join.5"]
  %".94" = icmp eq i32 %".93", 0
  %".95" = xor i1 %".94", 1
  br i1 %".95", label %"or.end", label %"or.next"
or.next:
  %".97" = load ptr, ptr %"memcg"
  %".98" = call i64 @"bpf_mem_cgroup_usage"(ptr %".97")
  %".99" = load i64, ptr %"best_usage"
  %".100" = icmp ule i64 %".98", %".99"
  br label %"or.end"
if.then.7:
  br label %"css.step"
if.end.1:
  %".105" = load ptr, ptr %"memcg"
  %".106" = call i64 @"anon_usage"(ptr %".105")
  store i64 %".106", ptr %"usage"
  %".108" = load i64, ptr %"usage"
  %".109" = load i64, ptr %"best_usage"
  %".110" = icmp ugt i64 %".108", %".109"
  br i1 %".110", label %"and.next", label %"and.end"
and.end:
  %".116" = phi  i1 [%".110", %"if.end.1"], [%".114", %"and.next"]
  br i1 %".116", label %"if.then.8", label %"if.end.2"
and.next:
  %".112" = load ptr, ptr %"memcg"
  %".113" = call i1 @"has_unkillable_task"(ptr %".112")
  %".114" = xor i1 %".113", 1
  br label %"and.end"
if.then.8:
  %".118" = load ptr, ptr %"memcg"
  store ptr null, ptr %"memcg"
  %".120" = load i64, ptr %"usage"
  %".121" = load ptr, ptr %"best"
  %".122" = icmp ne ptr %".121", null
  br i1 %".122", label %"if.then.9", label %"if.join.6"
if.end.2:
  br label %"css.step"
if.then.9:
  call void @"bpf_put_mem_cgroup"(ptr %".121")
  br label %"if.join.6"
if.join.6:
  %".126" = phi  ptr [null, %"if.then.9"], [null, %"if.then.8"]
  store ptr null, ptr %"best"
  store ptr %".118", ptr %"best"
  store i64 %".120", ptr %"best_usage"
  br label %"if.end.2"
if.then.10:
  call void @"bpf_put_mem_cgroup"(ptr %".132")
  br label %"if.join.7"
if.join.7:
  %".137" = phi  ptr [null, %"if.then.10"], [null, %"css.step"]
  store ptr null, ptr %"memcg"
  br label %"css.next"
if.then.11:
  %".147" = load ptr, ptr %"memcg"
  %".148" = icmp ne ptr %".147", null
  br i1 %".148", label %"if.then.12", label %"if.join.8"
if.end.3:
  %".169" = load {ptr, ptr}, ptr %"oc.1"
  %".170" = extractvalue {ptr, ptr} %".169", 0
  %".171" = load ptr, ptr %"best"
  %".172" = icmp ne ptr %".171", null
  br i1 %".172", label %"if.then.15", label %"if.join.11"
if.then.12:
  call void @"bpf_put_mem_cgroup"(ptr %".147")
  br label %"if.join.8"
if.join.8:
  %".152" = phi  ptr [null, %"if.then.12"], [null, %"if.then.11"]
  store ptr null, ptr %"memcg"
  %".154" = load ptr, ptr %"best"
  %".155" = icmp ne ptr %".154", null
  br i1 %".155", label %"if.then.13", label %"if.join.9"
if.then.13:
  call void @"bpf_put_mem_cgroup"(ptr %".154")
  br label %"if.join.9"
if.join.9:
  %".159" = phi  ptr [null, %"if.then.13"], [null, %"if.join.8"]
  store ptr null, ptr %"best"
  %".161" = load ptr, ptr %"scope"
  %".162" = icmp ne ptr %".161", null
  br i1 %".162", label %"if.then.14", label %"if.join.10"
if.then.14:
  call void @"bpf_put_mem_cgroup"(ptr %".161")
  br label %"if.join.10"
if.join.10:
  %".166" = phi  ptr [null, %"if.then.14"], [null, %"if.join.9"]
  store ptr null, ptr %"scope"
  ret i32 0
if.then.15:
  store i32 0, ptr %"killed"
  %".175" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.mem_cgroup.N") %".171", i32 0, i32 0)
  %".176" = call i32 @"bpf_iter_css_task_new"(ptr %"iter.1", ptr %".175", i32 1)
  br label %"kill.next"
if.join.11:
  %".193" = phi  i32 [%".191", %"kill.exit"], [0, %"if.end.3"]
  %".194" = load ptr, ptr %"memcg"
  %".195" = icmp ne ptr %".194", null
  br i1 %".195", label %"if.then.16", label %"if.join.12"
kill.next:
  %".178" = call ptr @"bpf_iter_css_task_next"(ptr %"iter.1")
  %".179" = icmp ne ptr %".178", null
  br i1 %".179", label %"kill.item", label %"kill.exit"
kill.item:
  %".181" = call i8 @"bpf_task_is_oom_victim"(ptr %".178")
  %".182" = icmp ne i8 %".181", 0
  br i1 %".182", label %"kill.next", label %"kill.do"
kill.do:
  %".184" = call i32 @"bpf_oom_kill_process"(ptr %".170", ptr %".178", ptr @".str.kill")
  %".185" = icmp eq i32 %".184", 0
  %".186" = load i32, ptr %"killed"
  %".187" = select  i1 %".185", i32 1, i32 %".186"
  store i32 %".187", ptr %"killed"
  br label %"kill.next"
kill.exit:
  call void @"bpf_iter_css_task_destroy"(ptr %"iter.1")
  %".191" = load i32, ptr %"killed"
  br label %"if.join.11"
if.then.16:
  call void @"bpf_put_mem_cgroup"(ptr %".194")
  br label %"if.join.12"
if.join.12:
  %".199" = phi  ptr [null, %"if.then.16"], [null, %"if.join.11"]
  store ptr null, ptr %"memcg"
  %".201" = load ptr, ptr %"best"
  %".202" = icmp ne ptr %".201", null
  br i1 %".202", label %"if.then.17", label %"if.join.13"
if.then.17:
  call void @"bpf_put_mem_cgroup"(ptr %".201")
  br label %"if.join.13"
if.join.13:
  %".206" = phi  ptr [null, %"if.then.17"], [null, %"if.join.12"]
  store ptr null, ptr %"best"
  %".208" = load ptr, ptr %"scope"
  %".209" = icmp ne ptr %".208", null
  br i1 %".209", label %"if.then.18", label %"if.join.14"
if.then.18:
  call void @"bpf_put_mem_cgroup"(ptr %".208")
  br label %"if.join.14"
if.join.14:
  %".213" = phi  ptr [null, %"if.then.18"], [null, %"if.join.13"]
  store ptr null, ptr %"scope"
  ret i32 %".193"
}

@"largest_leaf" = global {ptr, [64 x i8]} {ptr @"largest_leaf_handler", [64 x i8] c"largest_leaf\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00"}, section ".struct_ops.link", align 8
declare ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr %".1", i32 %".2", i32 %".3")

declare extern_weak ptr @"bpf_get_mem_cgroup"(ptr %".1") section ".ksyms"

declare extern_weak ptr @"bpf_get_root_mem_cgroup"() section ".ksyms"

declare extern_weak void @"bpf_put_mem_cgroup"(ptr %".1") section ".ksyms"

declare extern_weak void @"bpf_rcu_read_lock"() section ".ksyms"

declare extern_weak i32 @"bpf_iter_css_new"(ptr %".1", ptr %".2", i32 %".3") section ".ksyms"

declare extern_weak ptr @"bpf_iter_css_next"(ptr %".1") section ".ksyms"

declare extern_weak i64 @"bpf_mem_cgroup_usage"(ptr %".1") nounwind readonly section ".ksyms"

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

declare extern_weak void @"bpf_iter_css_destroy"(ptr %".1") section ".ksyms"

declare extern_weak void @"bpf_rcu_read_unlock"() section ".ksyms"

declare extern_weak i32 @"bpf_iter_css_task_new"(ptr %".1", ptr %".2", i32 %".3") section ".ksyms"

declare extern_weak ptr @"bpf_iter_css_task_next"(ptr %".1") section ".ksyms"

declare extern_weak i8 @"bpf_task_is_oom_victim"(ptr %".1") section ".ksyms"

@".str.kill" = private unnamed_addr constant [20 x i8] c"largest_leaf policy\00"
declare extern_weak i32 @"bpf_oom_kill_process"(ptr %".1", ptr %".2", ptr %".3") section ".ksyms"

declare extern_weak void @"bpf_iter_css_task_destroy"(ptr %".1") section ".ksyms"

declare extern_weak i64 @"bpf_mem_cgroup_page_state"(ptr %".1", i32 %".2") nounwind readonly section ".ksyms"

@"pyo_loops" = constant [261 x i8] c"{\22version\22:1,\22loops\22:[{\22file\22:\22largest_leaf.py\22,\22line\22:38,\22col\22:5,\22end\22:43,\22iterator\22:true,\22trips\22:null,\22widened\22:[],\22kept\22:[[\22best\22,\22MemCgroup\22,false]]},{\22file\22:\22largest_leaf.py\22,\22line\22:19,\22col\22:5,\22end\22:21,\22iterator\22:true,\22trips\22:null,\22widened\22:[],\22kept\22:[]}]}", section ".debug_pyoombpf.loops"
@"llvm.compiler.used" = appending global [3 x ptr] [ptr @"_license", ptr @"largest_leaf", ptr @"pyo_loops"], section "llvm.metadata"
