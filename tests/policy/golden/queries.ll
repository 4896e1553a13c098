target triple = "bpfel"
target datalayout = "e-m:e-p:64:64-i64:64-i128:128-n32:64-S128"

%"struct.oom_control.N" = type {i8, i8}
%"struct.mem_cgroup.N" = type {i8}
%"struct.cgroup_subsys_state.N" = type {i8}
%"struct.cgroup.N" = type {i8, i8}
%"struct.kernfs_node.N" = type {i8, i8}
%"struct.task_struct.N" = type {i8, i8, i8, i8}
%"struct.signal_struct.N" = type {i8}
%"struct.mm_struct.N" = type {i8, i8}
%"struct.anon.N" = type {i8}
%"struct.percpu_counter.N" = type {i8}
%"struct.css_set.N" = type {i8}
@"_license" = dso_local global [4 x i8] c"GPL\00", section "license"
define i32 @"queries_handler"(ptr %".1") section "struct_ops.s/handle_out_of_memory"
{
entry:
  %".3" = getelementptr i64, ptr %".1", i64 0
  %".4" = load ptr, ptr %".3"
  %".5" = getelementptr i64, ptr %".1", i64 1
  %".6" = load ptr, ptr %".5"
  %".7" = insertvalue {ptr, ptr} zeroinitializer, ptr %".4", 0
  %".8" = insertvalue {ptr, ptr} %".7", ptr %".6", 1
  %".9" = call i32 @"queries_2"({ptr, ptr} %".8")
  ret i32 %".9"
}

define internal i32 @"queries_2"({ptr, ptr} %"oc")
{
entry:
  %"map.value.12" = alloca i64
  %"map.key.12" = alloca i32
  %"map.value.11" = alloca i64
  %"map.key.11" = alloca i32
  %"verdict" = alloca i32
  %"iter.2" = alloca [1 x i64]
  %"killed" = alloca i32
  %"map.value.10" = alloca i64
  %"map.key.10" = alloca i32
  %"map.value.9" = alloca i64
  %"map.key.9" = alloca i32
  %"map.value.8" = alloca i64
  %"map.key.8" = alloca i32
  %"map.value.7" = alloca i64
  %"map.key.7" = alloca i32
  %"rss" = alloca i64
  %"task" = alloca ptr
  %"iter.1" = alloca [1 x i64]
  %"most" = alloca i64
  %"map.value.6" = alloca i64
  %"map.key.6" = alloca i32
  %"iter" = alloca [3 x i64]
  %"map.value.5" = alloca i64
  %"map.key.5" = alloca i32
  %"ve.task_iter" = alloca [1 x i64]
  %"ve.iter" = alloca [3 x i64]
  %"victim.found" = alloca i32
  %"map.value.4" = alloca i64
  %"map.key.4" = alloca i32
  %"map.value.3" = alloca i64
  %"map.key.3" = alloca i32
  %"map.value.2" = alloca i64
  %"map.key.2" = alloca i32
  %"map.value.1" = alloca i64
  %"map.key.1" = alloca i32
  %"up.iter" = alloca [3 x i64]
  %"up.memcg" = alloca ptr
  %"map.value" = alloca i64
  %"map.key" = alloca i32
  %"mine" = alloca ptr
  %"above" = alloca ptr
  %"memcg" = alloca ptr
  %"big" = alloca ptr
  %"top" = alloca ptr
  %"up" = alloca ptr
  %"scope" = alloca ptr
  %"oc.1" = alloca {ptr, ptr}
  store {ptr, ptr} %"oc", ptr %"oc.1"
  store ptr null, ptr %"scope"
  store ptr null, ptr %"up"
  store ptr null, ptr %"top"
  store ptr null, ptr %"big"
  store ptr null, ptr %"memcg"
  store ptr null, ptr %"above"
  store ptr null, ptr %"mine"
  %".11" = load {ptr, ptr}, ptr %"oc.1"
  %".12" = extractvalue {ptr, ptr} %".11", 0
  %".13" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.oom_control.N") %".12", i32 0, i32 0)
  %".14" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.oom_control.N") %".12", i32 0, i32 0)
  %".15" = load ptr, ptr %".14"
  br label %"read.done"
read.done:
  %".17" = phi  ptr [%".15", %"entry"]
  %".18" = icmp ne ptr %".17", null
  br i1 %".18", label %"ocm.some", label %"ocm.root"
ocm.some:
  %".20" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.mem_cgroup.N") %".17", i32 0, i32 0)
  %".21" = call ptr @"bpf_get_mem_cgroup"(ptr %".20")
  br label %"ocm.join"
ocm.root:
  %".23" = call ptr @"bpf_get_root_mem_cgroup"()
  br label %"ocm.join"
ocm.join:
  %".25" = phi  ptr [%".21", %"ocm.some"], [%".23", %"ocm.root"]
  %".26" = load ptr, ptr %"scope"
  %".27" = icmp ne ptr %".26", null
  br i1 %".27", label %"if.then", label %"if.join"
if.then:
  call void @"bpf_put_mem_cgroup"(ptr %".26")
  br label %"if.join"
if.join:
  %".31" = phi  ptr [null, %"if.then"], [null, %"ocm.join"]
  store ptr null, ptr %"scope"
  store ptr %".25", ptr %"scope"
  %".34" = load ptr, ptr %"scope"
  %".35" = icmp ne ptr %".34", null
  %".36" = xor i1 %".35", 1
  br i1 %".36", label %"if.then.1", label %"if.end"
if.then.1:
  %".38" = load ptr, ptr %"mine"
  %".39" = icmp ne ptr %".38", null
  br i1 %".39", label %"if.then.2", label %"if.join.1"
if.end:
  %".88" = load ptr, ptr %"scope"
  %".89" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.mem_cgroup.N") %".88", i32 0, i32 0)
  %".90" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.mem_cgroup.N") %".88", i32 0, i32 0)
  %".91" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.cgroup_subsys_state.N") %".90", i32 0, i32 0)
  %".92" = load ptr, ptr %".91"
  %".93" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.cgroup.N") %".92", i32 1, i32 1)
  %".94" = load ptr, ptr %".93"
  %".95" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.kernfs_node.N") %".94", i32 1, i32 1)
  %".96" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.kernfs_node.N") %".94", i32 1, i32 1)
  %".97" = load i64, ptr %".96"
  br label %"read.done.1"
if.then.2:
  call void @"bpf_put_mem_cgroup"(ptr %".38")
  br label %"if.join.1"
if.join.1:
  %".43" = phi  ptr [null, %"if.then.2"], [null, %"if.then.1"]
  store ptr null, ptr %"mine"
  %".45" = load ptr, ptr %"above"
  %".46" = icmp ne ptr %".45", null
  br i1 %".46", label %"if.then.3", label %"if.join.2"
if.then.3:
  call void @"bpf_put_mem_cgroup"(ptr %".45")
  br label %"if.join.2"
if.join.2:
  %".50" = phi  ptr [null, %"if.then.3"], [null, %"if.join.1"]
  store ptr null, ptr %"above"
  %".52" = load ptr, ptr %"memcg"
  %".53" = icmp ne ptr %".52", null
  br i1 %".53", label %"if.then.4", label %"if.join.3"
if.then.4:
  call void @"bpf_put_mem_cgroup"(ptr %".52")
  br label %"if.join.3"
if.join.3:
  %".57" = phi  ptr [null, %"if.then.4"], [null, %"if.join.2"]
  store ptr null, ptr %"memcg"
  %".59" = load ptr, ptr %"big"
  %".60" = icmp ne ptr %".59", null
  br i1 %".60", label %"if.then.5", label %"if.join.4"
if.then.5:
  call void @"bpf_put_mem_cgroup"(ptr %".59")
  br label %"if.join.4"
if.join.4:
  %".64" = phi  ptr [null, %"if.then.5"], [null, %"if.join.3"]
  store ptr null, ptr %"big"
  %".66" = load ptr, ptr %"top"
  %".67" = icmp ne ptr %".66", null
  br i1 %".67", label %"if.then.6", label %"if.join.5"
if.then.6:
  call void @"bpf_put_mem_cgroup"(ptr %".66")
  br label %"if.join.5"
if.join.5:
  %".71" = phi  ptr [null, %"if.then.6"], [null, %"if.join.4"]
  store ptr null, ptr %"top"
  %".73" = load ptr, ptr %"up"
  %".74" = icmp ne ptr %".73", null
  br i1 %".74", label %"if.then.7", label %"if.join.6"
if.then.7:
  call void @"bpf_put_mem_cgroup"(ptr %".73")
  br label %"if.join.6"
if.join.6:
  %".78" = phi  ptr [null, %"if.then.7"], [null, %"if.join.5"]
  store ptr null, ptr %"up"
  %".80" = load ptr, ptr %"scope"
  %".81" = icmp ne ptr %".80", null
  br i1 %".81", label %"if.then.8", label %"if.join.7"
if.then.8:
  call void @"bpf_put_mem_cgroup"(ptr %".80")
  br label %"if.join.7"
if.join.7:
  %".85" = phi  ptr [null, %"if.then.8"], [null, %"if.join.6"]
  store ptr null, ptr %"scope"
  ret i32 0
read.done.1:
  %".99" = phi  i64 [%".97", %"if.end"]
  store i32 0, ptr %"map.key"
  store i64 %".99", ptr %"map.value"
  %".102" = call i64 inttoptr (i64 2 to ptr)(ptr @"seen", ptr %"map.key", ptr %"map.value", i64 0)
  %".103" = load ptr, ptr %"scope"
  %".104" = icmp ne ptr %".103", null
  br i1 %".104", label %"if.then.9", label %"if.join.8"
if.then.9:
  call void @"bpf_rcu_read_lock"()
  %".107" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.mem_cgroup.N") %".103", i32 0, i32 0)
  store ptr null, ptr %"up.memcg"
  %".109" = call i32 @"bpf_iter_css_new"(ptr %"up.iter", ptr %".107", i32 4)
  %".110" = call ptr @"bpf_iter_css_next"(ptr %"up.iter")
  br label %"up.next"
if.join.8:
  %".122" = phi  ptr [%".119", %"up.done"], [null, %"read.done.1"]
  %".123" = load ptr, ptr %"up"
  %".124" = icmp ne ptr %".123", null
  br i1 %".124", label %"if.then.10", label %"if.join.9"
up.next:
  %".112" = call ptr @"bpf_iter_css_next"(ptr %"up.iter")
  %".113" = icmp ne ptr %".112", null
  br i1 %".113", label %"up.have", label %"up.done"
up.have:
  %".115" = call ptr @"bpf_get_mem_cgroup"(ptr %".112")
  store ptr %".115", ptr %"up.memcg"
  br label %"up.done"
up.done:
  call void @"bpf_iter_css_destroy"(ptr %"up.iter")
  %".119" = load ptr, ptr %"up.memcg"
  call void @"bpf_rcu_read_unlock"()
  br label %"if.join.8"
if.then.10:
  call void @"bpf_put_mem_cgroup"(ptr %".123")
  br label %"if.join.9"
if.join.9:
  %".128" = phi  ptr [null, %"if.then.10"], [null, %"if.join.8"]
  store ptr null, ptr %"up"
  store ptr %".122", ptr %"up"
  %".131" = load ptr, ptr %"up"
  %".132" = icmp ne ptr %".131", null
  br i1 %".132", label %"if.then.11", label %"if.end.1"
if.then.11:
  %".134" = load ptr, ptr %"up"
  %".135" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.mem_cgroup.N") %".134", i32 0, i32 0)
  %".136" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.mem_cgroup.N") %".134", i32 0, i32 0)
  %".137" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.cgroup_subsys_state.N") %".136", i32 0, i32 0)
  %".138" = load ptr, ptr %".137"
  %".139" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.cgroup.N") %".138", i32 1, i32 1)
  %".140" = load ptr, ptr %".139"
  %".141" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.kernfs_node.N") %".140", i32 1, i32 1)
  %".142" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.kernfs_node.N") %".140", i32 1, i32 1)
  %".143" = load i64, ptr %".142"
  br label %"read.done.2"
if.end.1:
  %".197" = load ptr, ptr %"scope"
  %".198" = call i64 @"depth"(ptr %".197")
  store i32 3, ptr %"map.key.3"
  store i64 %".198", ptr %"map.value.3"
  %".201" = call i64 inttoptr (i64 2 to ptr)(ptr @"seen", ptr %"map.key.3", ptr %"map.value.3", i64 0)
  %".202" = load ptr, ptr %"scope"
  %".203" = call i64 @"name_bits"(ptr %".202")
  store i32 4, ptr %"map.key.4"
  store i64 %".203", ptr %"map.value.4"
  %".206" = call i64 inttoptr (i64 2 to ptr)(ptr @"seen", ptr %"map.key.4", ptr %"map.value.4", i64 0)
  %".207" = load {ptr, ptr}, ptr %"oc.1"
  %".208" = extractvalue {ptr, ptr} %".207", 0
  %".209" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.oom_control.N") %".208", i32 0, i32 0)
  %".210" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.oom_control.N") %".208", i32 0, i32 0)
  %".211" = load ptr, ptr %".210"
  br label %"read.done.4"
read.done.2:
  %".145" = phi  i64 [%".143", %"if.then.11"]
  store i32 1, ptr %"map.key.1"
  store i64 %".145", ptr %"map.value.1"
  %".148" = call i64 inttoptr (i64 2 to ptr)(ptr @"seen", ptr %"map.key.1", ptr %"map.value.1", i64 0)
  %".149" = load ptr, ptr %"up"
  %".150" = icmp ne ptr %".149", null
  br i1 %".150", label %"if.then.12", label %"if.join.10"
if.then.12:
  call void @"bpf_rcu_read_lock"()
  %".153" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.mem_cgroup.N") %".149", i32 0, i32 0)
  store ptr null, ptr %"up.memcg"
  %".155" = call i32 @"bpf_iter_css_new"(ptr %"up.iter", ptr %".153", i32 4)
  %".156" = call ptr @"bpf_iter_css_next"(ptr %"up.iter")
  br label %"up.next.1"
if.join.10:
  %".168" = phi  ptr [%".165", %"up.done.1"], [null, %"read.done.2"]
  %".169" = load ptr, ptr %"top"
  %".170" = icmp ne ptr %".169", null
  br i1 %".170", label %"if.then.13", label %"if.join.11"
up.next.1:
  %".158" = call ptr @"bpf_iter_css_next"(ptr %"up.iter")
  %".159" = icmp ne ptr %".158", null
  br i1 %".159", label %"up.have.1", label %"up.done.1"
up.have.1:
  %".161" = call ptr @"bpf_get_mem_cgroup"(ptr %".158")
  store ptr %".161", ptr %"up.memcg"
  br label %"up.done.1"
up.done.1:
  call void @"bpf_iter_css_destroy"(ptr %"up.iter")
  %".165" = load ptr, ptr %"up.memcg"
  call void @"bpf_rcu_read_unlock"()
  br label %"if.join.10"
if.then.13:
  call void @"bpf_put_mem_cgroup"(ptr %".169")
  br label %"if.join.11"
if.join.11:
  %".174" = phi  ptr [null, %"if.then.13"], [null, %"if.join.10"]
  store ptr null, ptr %"top"
  store ptr %".168", ptr %"top"
  %".177" = load ptr, ptr %"top"
  %".178" = icmp ne ptr %".177", null
  br i1 %".178", label %"if.then.14", label %"if.end.2"
if.then.14:
  %".180" = load ptr, ptr %"top"
  %".181" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.mem_cgroup.N") %".180", i32 0, i32 0)
  %".182" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.mem_cgroup.N") %".180", i32 0, i32 0)
  %".183" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.cgroup_subsys_state.N") %".182", i32 0, i32 0)
  %".184" = load ptr, ptr %".183"
  %".185" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.cgroup.N") %".184", i32 1, i32 1)
  %".186" = load ptr, ptr %".185"
  %".187" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.kernfs_node.N") %".186", i32 1, i32 1)
  %".188" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.kernfs_node.N") %".186", i32 1, i32 1)
  %".189" = load i64, ptr %".188"
  br label %"read.done.3"
if.end.2:
  br label %"if.end.1"
read.done.3:
  %".191" = phi  i64 [%".189", %"if.then.14"]
  store i32 2, ptr %"map.key.2"
  store i64 %".191", ptr %"map.value.2"
  %".194" = call i64 inttoptr (i64 2 to ptr)(ptr @"seen", ptr %"map.key.2", ptr %"map.value.2", i64 0)
  br label %"if.end.2"
read.done.4:
  %".213" = phi  ptr [%".211", %"if.end.1"]
  %".214" = icmp ne ptr %".213", null
  br i1 %".214", label %"ocm.some.1", label %"ocm.root.1"
ocm.some.1:
  %".216" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.mem_cgroup.N") %".213", i32 0, i32 0)
  %".217" = call ptr @"bpf_get_mem_cgroup"(ptr %".216")
  br label %"ocm.join.1"
ocm.root.1:
  %".219" = call ptr @"bpf_get_root_mem_cgroup"()
  br label %"ocm.join.1"
ocm.join.1:
  %".221" = phi  ptr [%".217", %"ocm.some.1"], [%".219", %"ocm.root.1"]
  %".222" = load {ptr, ptr}, ptr %"oc.1"
  %".223" = extractvalue {ptr, ptr} %".222", 0
  %".224" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.oom_control.N") %".223", i32 1, i32 1)
  %".225" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.oom_control.N") %".223", i32 1, i32 1)
  %".226" = load i32, ptr %".225"
  br label %"read.done.5"
read.done.5:
  %".228" = phi  i32 [%".226", %"ocm.join.1"]
  %".229" = icmp eq i32 %".228", -1
  %".230" = icmp ne ptr %".221", null
  %".231" = xor i1 %".229", -1
  %".232" = and i1 %".230", %".231"
  br i1 %".232", label %"if.then.15", label %"if.join.12"
if.then.15:
  store i32 0, ptr %"victim.found"
  call void @"bpf_rcu_read_lock"()
  %".236" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.mem_cgroup.N") %".221", i32 0, i32 0)
  %".237" = call i32 @"bpf_iter_css_new"(ptr %"ve.iter", ptr %".236", i32 2)
  br label %"ve.next"
if.join.12:
  %".285" = phi  i1 [%".283", %"ve.done"], [0, %"read.done.5"]
  %".286" = icmp ne ptr %".221", null
  br i1 %".286", label %"if.then.17", label %"if.join.14"
ve.next:
  %".239" = call ptr @"bpf_iter_css_next"(ptr %"ve.iter")
  %".240" = icmp ne ptr %".239", null
  br i1 %".240", label %"ve.have", label %"ve.done"
ve.have:
  %".242" = call ptr @"bpf_get_mem_cgroup"(ptr %".239")
  %".243" = icmp ne ptr %".242", null
  br i1 %".243", label %"ve.item", label %"ve.next"
ve.item:
  %".245" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.mem_cgroup.N") %".242", i32 0, i32 0)
  %".246" = call i32 @"bpf_iter_css_task_new"(ptr %"ve.task_iter", ptr %".245", i32 1)
  br label %"ve.task.next"
ve.done:
  call void @"bpf_iter_css_destroy"(ptr %"ve.iter")
  call void @"bpf_rcu_read_unlock"()
  %".282" = load i32, ptr %"victim.found"
  %".283" = icmp ne i32 %".282", 0
  br label %"if.join.12"
ve.task.next:
  %".248" = call ptr @"bpf_iter_css_task_next"(ptr %"ve.task_iter")
  %".249" = icmp ne ptr %".248", null
  br i1 %".249", label %"ve.task.have", label %"ve.task.done"
ve.task.have:
  %".251" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.task_struct.N") %".248", i32 2, i32 2)
  %".252" = load ptr, ptr %".251"
  %".253" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.signal_struct.N") %".252", i32 0, i32 0)
  %".254" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.signal_struct.N") %".252", i32 0, i32 0)
  %".255" = load ptr, ptr %".254"
  br label %"read.done.6"
ve.task.hit:
  store i32 1, ptr %"victim.found"
  br label %"ve.task.done"
ve.task.done:
  call void @"bpf_iter_css_task_destroy"(ptr %"ve.task_iter")
  call void @"bpf_put_mem_cgroup"(ptr %".242")
  %".277" = load i32, ptr %"victim.found"
  %".278" = icmp ne i32 %".277", 0
  br i1 %".278", label %"ve.done", label %"ve.next"
read.done.6:
  %".257" = phi  ptr [%".255", %"ve.task.have"]
  %".258" = icmp ne ptr %".257", null
  br i1 %".258", label %"if.then.16", label %"if.join.13"
if.then.16:
  %".260" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.mm_struct.N") %".257", i32 1, i32 1)
  %".261" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.mm_struct.N") %".257", i32 1, i32 1)
  %".262" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.anon.N") %".261", i32 0, i32 0)
  %".263" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.mm_struct.N") %".257", i32 1, i32 1)
  %".264" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.anon.N") %".263", i32 0, i32 0)
  %".265" = load i64, ptr %".264"
  br label %"read.done.7"
if.join.13:
  %".271" = phi  i1 [%".269", %"read.done.7"], [0, %"read.done.6"]
  br i1 %".271", label %"ve.task.hit", label %"ve.task.next"
read.done.7:
  %".267" = phi  i64 [%".265", %"if.then.16"]
  %".268" = and i64 %".267", 2097152
  %".269" = icmp eq i64 %".268", 0
  br label %"if.join.13"
if.then.17:
  call void @"bpf_put_mem_cgroup"(ptr %".221")
  br label %"if.join.14"
if.join.14:
  %".290" = phi  ptr [null, %"if.then.17"], [null, %"if.join.12"]
  %".291" = zext i1 %".285" to i64
  store i32 9, ptr %"map.key.5"
  store i64 %".291", ptr %"map.value.5"
  %".294" = call i64 inttoptr (i64 2 to ptr)(ptr @"seen", ptr %"map.key.5", ptr %"map.value.5", i64 0)
  %".295" = load ptr, ptr %"big"
  %".296" = icmp ne ptr %".295", null
  br i1 %".296", label %"if.then.18", label %"if.join.15"
if.then.18:
  call void @"bpf_put_mem_cgroup"(ptr %".295")
  br label %"if.join.15"
if.join.15:
  %".300" = phi  ptr [null, %"if.then.18"], [null, %"if.join.14"]
  store ptr null, ptr %"big"
  store ptr null, ptr %"big"
  %".303" = load ptr, ptr %"scope"
  call void @"bpf_rcu_read_lock"()
  %".305" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.mem_cgroup.N") %".303", i32 0, i32 0)
  %".306" = call i32 @"bpf_iter_css_new"(ptr %"iter", ptr %".305", i32 3)
  br label %"css.next"
css.next:
  %".308" = call ptr @"bpf_iter_css_next"(ptr %"iter")
  %".309" = icmp ne ptr %".308", null
  br i1 %".309", label %"css.have", label %"css.exit"
css.item:
  %".314" = load ptr, ptr %"memcg"
  %".315" = icmp ne ptr %".314", null
  br i1 %".315", label %"if.then.19", label %"if.join.16"
css.step:
  %".353" = load ptr, ptr %"memcg"
  %".354" = icmp ne ptr %".353", null
  br i1 %".354", label %"if.then.23", label %"if.join.19"
css.exit:
  call void @"bpf_iter_css_destroy"(ptr %"iter")
  call void @"bpf_rcu_read_unlock"()
  br label %"css.after"
css.after:
  %".364" = load ptr, ptr %"big"
  %".365" = icmp ne ptr %".364", null
  %".366" = xor i1 %".365", 1
  br i1 %".366", label %"if.then.24", label %"if.end.4"
css.have:
  %".311" = call ptr @"bpf_get_mem_cgroup"(ptr %".308")
  %".312" = icmp ne ptr %".311", null
  br i1 %".312", label %"css.item", label %"css.next"
if.then.19:
  call void @"bpf_put_mem_cgroup"(ptr %".314")
  br label %"if.join.16"
if.join.16:
  %".319" = phi  ptr [null, %"if.then.19"], [null, %"css.item"]
  store ptr null, ptr %"memcg"
  store ptr %".311", ptr %"memcg"
  %".322" = load ptr, ptr %"memcg"
  %".323" = icmp ne ptr %".322", null
  br i1 %".323", label %"if.then.20", label %"if.join.17"
if.then.20:
  %".325" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.mem_cgroup.N") %".322", i32 0, i32 0)
  %".326" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.mem_cgroup.N") %".322", i32 0, i32 0)
  %".327" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.cgroup_subsys_state.N") %".326", i32 0, i32 0)
  %".328" = load ptr, ptr %".327"
  %".329" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.cgroup.N") %".328", i32 1, i32 1)
  %".330" = load ptr, ptr %".329"
  %".331" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.kernfs_node.N") %".330", i32 0, i32 0)
  %".332" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.kernfs_node.N") %".330", i32 0, i32 0)
  %".333" = load ptr, ptr %".332"
  br label %"read.done.8"
if.join.17:
  %".339" = phi  i1 [%".337", %"read.done.8"], [0, %"if.join.16"]
  br i1 %".339", label %"if.then.21", label %"if.end.3"
read.done.8:
  %".335" = phi  ptr [%".333", %"if.then.20"]
  %".336" = call i32 @"bpf_strcmp"(ptr %".335", ptr @".str.kill")
  %".337" = icmp eq i32 %".336", 0
  br label %"if.join.17"
if.then.21:
  %".341" = load ptr, ptr %"memcg"
  store ptr null, ptr %"memcg"
  %".343" = load ptr, ptr %"big"
  %".344" = icmp ne ptr %".343", null
  br i1 %".344", label %"if.then.22", label %"if.join.18"
if.end.3:
  br label %"css.step"
if.then.22:
  call void @"bpf_put_mem_cgroup"(ptr %".343")
  br label %"if.join.18"
if.join.18:
  %".348" = phi  ptr [null, %"if.then.22"], [null, %"if.then.21"]
  store ptr null, ptr %"big"
  store ptr %".341", ptr %"big"
  br label %"if.end.3"
if.then.23:
  call void @"bpf_put_mem_cgroup"(ptr %".353")
  br label %"if.join.19"
if.join.19:
  %".358" = phi  ptr [null, %"if.then.23"], [null, %"css.step"]
  store ptr null, ptr %"memcg"
  br label %"css.next"
if.then.24:
  %".368" = load ptr, ptr %"mine"
  %".369" = icmp ne ptr %".368", null
  br i1 %".369", label %"if.then.25", label %"if.join.20"
if.end.4:
  %".418" = load ptr, ptr %"big"
  %".419" = icmp ne ptr %".418", null
  br i1 %".419", label %"if.then.32", label %"if.join.27"
if.then.25:
  call void @"bpf_put_mem_cgroup"(ptr %".368")
  br label %"if.join.20"
if.join.20:
  %".373" = phi  ptr [null, %"if.then.25"], [null, %"if.then.24"]
  store ptr null, ptr %"mine"
  %".375" = load ptr, ptr %"above"
  %".376" = icmp ne ptr %".375", null
  br i1 %".376", label %"if.then.26", label %"if.join.21"
if.then.26:
  call void @"bpf_put_mem_cgroup"(ptr %".375")
  br label %"if.join.21"
if.join.21:
  %".380" = phi  ptr [null, %"if.then.26"], [null, %"if.join.20"]
  store ptr null, ptr %"above"
  %".382" = load ptr, ptr %"memcg"
  %".383" = icmp ne ptr %".382", null
  br i1 %".383", label %"if.then.27", label %"if.join.22"
if.then.27:
  call void @"bpf_put_mem_cgroup"(ptr %".382")
  br label %"if.join.22"
if.join.22:
  %".387" = phi  ptr [null, %"if.then.27"], [null, %"if.join.21"]
  store ptr null, ptr %"memcg"
  %".389" = load ptr, ptr %"big"
  %".390" = icmp ne ptr %".389", null
  br i1 %".390", label %"if.then.28", label %"if.join.23"
if.then.28:
  call void @"bpf_put_mem_cgroup"(ptr %".389")
  br label %"if.join.23"
if.join.23:
  %".394" = phi  ptr [null, %"if.then.28"], [null, %"if.join.22"]
  store ptr null, ptr %"big"
  %".396" = load ptr, ptr %"top"
  %".397" = icmp ne ptr %".396", null
  br i1 %".397", label %"if.then.29", label %"if.join.24"
if.then.29:
  call void @"bpf_put_mem_cgroup"(ptr %".396")
  br label %"if.join.24"
if.join.24:
  %".401" = phi  ptr [null, %"if.then.29"], [null, %"if.join.23"]
  store ptr null, ptr %"top"
  %".403" = load ptr, ptr %"up"
  %".404" = icmp ne ptr %".403", null
  br i1 %".404", label %"if.then.30", label %"if.join.25"
if.then.30:
  call void @"bpf_put_mem_cgroup"(ptr %".403")
  br label %"if.join.25"
if.join.25:
  %".408" = phi  ptr [null, %"if.then.30"], [null, %"if.join.24"]
  store ptr null, ptr %"up"
  %".410" = load ptr, ptr %"scope"
  %".411" = icmp ne ptr %".410", null
  br i1 %".411", label %"if.then.31", label %"if.join.26"
if.then.31:
  call void @"bpf_put_mem_cgroup"(ptr %".410")
  br label %"if.join.26"
if.join.26:
  %".415" = phi  ptr [null, %"if.then.31"], [null, %"if.join.25"]
  store ptr null, ptr %"scope"
  ret i32 0
if.then.32:
  call void @"bpf_rcu_read_lock"()
  %".422" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.mem_cgroup.N") %".418", i32 0, i32 0)
  store ptr null, ptr %"up.memcg"
  %".424" = call i32 @"bpf_iter_css_new"(ptr %"up.iter", ptr %".422", i32 4)
  %".425" = call ptr @"bpf_iter_css_next"(ptr %"up.iter")
  br label %"up.next.2"
if.join.27:
  %".437" = phi  ptr [%".434", %"up.done.2"], [null, %"if.end.4"]
  %".438" = load ptr, ptr %"above"
  %".439" = icmp ne ptr %".438", null
  br i1 %".439", label %"if.then.33", label %"if.join.28"
up.next.2:
  %".427" = call ptr @"bpf_iter_css_next"(ptr %"up.iter")
  %".428" = icmp ne ptr %".427", null
  br i1 %".428", label %"up.have.2", label %"up.done.2"
up.have.2:
  %".430" = call ptr @"bpf_get_mem_cgroup"(ptr %".427")
  store ptr %".430", ptr %"up.memcg"
  br label %"up.done.2"
up.done.2:
  call void @"bpf_iter_css_destroy"(ptr %"up.iter")
  %".434" = load ptr, ptr %"up.memcg"
  call void @"bpf_rcu_read_unlock"()
  br label %"if.join.27"
if.then.33:
  call void @"bpf_put_mem_cgroup"(ptr %".438")
  br label %"if.join.28"
if.join.28:
  %".443" = phi  ptr [null, %"if.then.33"], [null, %"if.join.27"]
  store ptr null, ptr %"above"
  store ptr %".437", ptr %"above"
  %".446" = load ptr, ptr %"above"
  %".447" = icmp ne ptr %".446", null
  br i1 %".447", label %"and.next", label %"and.end"
and.end:
  %".475" = phi  i1 [%".447", %"if.join.28"], [%".473", %"read.done.10"]
  br i1 %".475", label %"if.then.34", label %"if.end.5"
and.next:
  %".449" = load ptr, ptr %"above"
  %".450" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.mem_cgroup.N") %".449", i32 0, i32 0)
  %".451" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.mem_cgroup.N") %".449", i32 0, i32 0)
  %".452" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.cgroup_subsys_state.N") %".451", i32 0, i32 0)
  %".453" = load ptr, ptr %".452"
  %".454" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.cgroup.N") %".453", i32 1, i32 1)
  %".455" = load ptr, ptr %".454"
  %".456" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.kernfs_node.N") %".455", i32 1, i32 1)
  %".457" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.kernfs_node.N") %".455", i32 1, i32 1)
  %".458" = load i64, ptr %".457"
  br label %"read.done.9"
read.done.9:
  %".460" = phi  i64 [%".458", %"and.next"]
  %".461" = load ptr, ptr %"scope"
  %".462" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.mem_cgroup.N") %".461", i32 0, i32 0)
  %".463" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.mem_cgroup.N") %".461", i32 0, i32 0)
  %".464" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.cgroup_subsys_state.N") %".463", i32 0, i32 0)
  %".465" = load ptr, ptr %".464"
  %".466" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.cgroup.N") %".465", i32 1, i32 1)
  %".467" = load ptr, ptr %".466"
  %".468" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.kernfs_node.N") %".467", i32 1, i32 1)
  %".469" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.kernfs_node.N") %".467", i32 1, i32 1)
  %".470" = load i64, ptr %".469"
  br label %"read.done.10"
read.done.10:
  %".472" = phi  i64 [%".470", %"read.done.9"]
  %".473" = icmp eq i64 %".460", %".472"
  br label %"and.end"
if.then.34:
  store i32 12, ptr %"map.key.6"
  store i64 1, ptr %"map.value.6"
  %".479" = call i64 inttoptr (i64 2 to ptr)(ptr @"seen", ptr %"map.key.6", ptr %"map.value.6", i64 0)
  br label %"if.end.5"
if.end.5:
  store i64 0, ptr %"most"
  %".482" = load ptr, ptr %"big"
  %".483" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.mem_cgroup.N") %".482", i32 0, i32 0)
  %".484" = call i32 @"bpf_iter_css_task_new"(ptr %"iter.1", ptr %".483", i32 1)
  br label %"task.next"
task.next:
  %".486" = call ptr @"bpf_iter_css_task_next"(ptr %"iter.1")
  %".487" = icmp ne ptr %".486", null
  br i1 %".487", label %"task.item", label %"task.exit"
task.item:
  store ptr %".486", ptr %"task"
  %".490" = load ptr, ptr %"task"
  %".491" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.task_struct.N") %".490", i32 0, i32 0)
  %".492" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.task_struct.N") %".490", i32 0, i32 0)
  %".493" = load ptr, ptr %".492"
  br label %"read.done.11"
task.exit:
  call void @"bpf_iter_css_task_destroy"(ptr %"iter.1")
  br label %"task.after"
task.after:
  %".634" = load {ptr, ptr}, ptr %"oc.1"
  %".635" = extractvalue {ptr, ptr} %".634", 0
  %".636" = load ptr, ptr %"big"
  %".637" = icmp ne ptr %".636", null
  br i1 %".637", label %"if.then.44", label %"if.join.36"
read.done.11:
  %".495" = phi  ptr [%".493", %"task.item"]
  %".496" = icmp ne ptr %".495", null
  br i1 %".496", label %"if.then.35", label %"if.join.29"
if.then.35:
  %".498" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.mm_struct.N") %".495", i32 0, i32 0)
  %".499" = call ptr @"llvm.preserve.array.access.index.p0.p0"(ptr elementtype([4 x %"struct.percpu_counter.N"]) %".498", i32 1, i32 0)
  %".500" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.percpu_counter.N") %".499", i32 0, i32 0)
  %".501" = load i64, ptr %".500"
  %".502" = icmp slt i64 %".501", 0
  %".503" = select  i1 %".502", i64 0, i64 %".501"
  %".504" = add i64 0, %".503"
  %".505" = call ptr @"llvm.preserve.array.access.index.p0.p0"(ptr elementtype([4 x %"struct.percpu_counter.N"]) %".498", i32 1, i32 1)
  %".506" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.percpu_counter.N") %".505", i32 0, i32 0)
  %".507" = load i64, ptr %".506"
  %".508" = icmp slt i64 %".507", 0
  %".509" = select  i1 %".508", i64 0, i64 %".507"
  %".510" = add i64 %".504", %".509"
  %".511" = call ptr @"llvm.preserve.array.access.index.p0.p0"(ptr elementtype([4 x %"struct.percpu_counter.N"]) %".498", i32 1, i32 3)
  %".512" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.percpu_counter.N") %".511", i32 0, i32 0)
  %".513" = load i64, ptr %".512"
  %".514" = icmp slt i64 %".513", 0
  %".515" = select  i1 %".514", i64 0, i64 %".513"
  %".516" = add i64 %".510", %".515"
  br label %"if.join.29"
if.join.29:
  %".518" = phi  i64 [%".516", %"if.then.35"], [0, %"read.done.11"]
  %".519" = mul i64 %".518", 4096
  store i64 %".519", ptr %"rss"
  %".521" = load i64, ptr %"rss"
  %".522" = load i64, ptr %"most"
  %".523" = icmp ugt i64 %".521", %".522"
  br i1 %".523", label %"if.then.36", label %"if.end.6"
if.then.36:
  %".525" = load i64, ptr %"rss"
  store i64 %".525", ptr %"most"
  %".527" = load ptr, ptr %"task"
  %".528" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.task_struct.N") %".527", i32 1, i32 1)
  %".529" = load i32, ptr %".528"
  %".530" = sext i32 %".529" to i64
  store i32 8, ptr %"map.key.7"
  store i64 %".530", ptr %"map.value.7"
  %".533" = call i64 inttoptr (i64 2 to ptr)(ptr @"seen", ptr %"map.key.7", ptr %"map.value.7", i64 0)
  %".534" = load i64, ptr %"rss"
  store i32 5, ptr %"map.key.8"
  store i64 %".534", ptr %"map.value.8"
  %".537" = call i64 inttoptr (i64 2 to ptr)(ptr @"seen", ptr %"map.key.8", ptr %"map.value.8", i64 0)
  %".538" = load ptr, ptr %"task"
  %".539" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.task_struct.N") %".538", i32 0, i32 0)
  %".540" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.task_struct.N") %".538", i32 0, i32 0)
  %".541" = load ptr, ptr %".540"
  br label %"read.done.12"
if.end.6:
  br label %"task.next"
read.done.12:
  %".543" = phi  ptr [%".541", %"if.then.36"]
  %".544" = icmp ne ptr %".543", null
  br i1 %".544", label %"if.then.37", label %"if.join.30"
if.then.37:
  %".546" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.mm_struct.N") %".543", i32 0, i32 0)
  %".547" = call ptr @"llvm.preserve.array.access.index.p0.p0"(ptr elementtype([4 x %"struct.percpu_counter.N"]) %".546", i32 1, i32 2)
  %".548" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.percpu_counter.N") %".547", i32 0, i32 0)
  %".549" = load i64, ptr %".548"
  %".550" = icmp slt i64 %".549", 0
  %".551" = select  i1 %".550", i64 0, i64 %".549"
  %".552" = add i64 0, %".551"
  br label %"if.join.30"
if.join.30:
  %".554" = phi  i64 [%".552", %"if.then.37"], [0, %"read.done.12"]
  %".555" = mul i64 %".554", 4096
  store i32 6, ptr %"map.key.9"
  store i64 %".555", ptr %"map.value.9"
  %".558" = call i64 inttoptr (i64 2 to ptr)(ptr @"seen", ptr %"map.key.9", ptr %"map.value.9", i64 0)
  %".559" = load ptr, ptr %"task"
  %".560" = icmp ne ptr %".559", null
  br i1 %".560", label %"if.then.38", label %"if.join.31"
if.then.38:
  call void @"bpf_rcu_read_lock"()
  %".563" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.task_struct.N") %".559", i32 3, i32 3)
  %".564" = load ptr, ptr %".563"
  %".565" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.css_set.N") %".564", i32 0, i32 0)
  %".566" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.css_set.N") %".564", i32 0, i32 0)
  %".567" = load ptr, ptr %".566"
  br label %"read.done.13"
if.join.31:
  %".602" = phi  ptr [%".599", %"if.join.32"], [null, %"if.join.30"]
  %".603" = load ptr, ptr %"mine"
  %".604" = icmp ne ptr %".603", null
  br i1 %".604", label %"if.then.42", label %"if.join.35"
read.done.13:
  %".569" = phi  ptr [%".567", %"if.then.38"]
  %".570" = icmp ne ptr %".569", null
  br i1 %".570", label %"if.then.39", label %"if.join.32"
if.then.39:
  %".572" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.cgroup.N") %".569", i32 0, i32 0)
  %".573" = call ptr @"bpf_get_mem_cgroup"(ptr %".572")
  %".574" = icmp eq ptr %".573", null
  br i1 %".574", label %"if.then.40", label %"if.join.33"
if.join.32:
  %".599" = phi  ptr [%".597", %"if.join.33"], [null, %"read.done.13"]
  call void @"bpf_rcu_read_unlock"()
  br label %"if.join.31"
if.then.40:
  %".576" = call ptr @"bpf_cgroup_acquire"(ptr %".569")
  %".577" = icmp ne ptr %".576", null
  br i1 %".577", label %"if.then.41", label %"if.join.34"
if.join.33:
  %".597" = phi  ptr [%".595", %"if.join.34"], [%".573", %"if.then.39"]
  br label %"if.join.32"
if.then.41:
  %".579" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.cgroup.N") %".576", i32 0, i32 0)
  store ptr null, ptr %"up.memcg"
  %".581" = call i32 @"bpf_iter_css_new"(ptr %"up.iter", ptr %".579", i32 4)
  %".582" = call ptr @"bpf_iter_css_next"(ptr %"up.iter")
  br label %"up.next.3"
if.join.34:
  %".595" = phi  ptr [%".592", %"up.done.3"], [null, %"if.then.40"]
  br label %"if.join.33"
up.next.3:
  %".584" = call ptr @"bpf_iter_css_next"(ptr %"up.iter")
  %".585" = icmp ne ptr %".584", null
  br i1 %".585", label %"up.have.3", label %"up.done.3"
up.have.3:
  %".587" = call ptr @"bpf_get_mem_cgroup"(ptr %".584")
  store ptr %".587", ptr %"up.memcg"
  %".589" = icmp ne ptr %".587", null
  br i1 %".589", label %"up.done.3", label %"up.next.3"
up.done.3:
  call void @"bpf_iter_css_destroy"(ptr %"up.iter")
  %".592" = load ptr, ptr %"up.memcg"
  call void @"bpf_cgroup_release"(ptr %".576")
  br label %"if.join.34"
if.then.42:
  call void @"bpf_put_mem_cgroup"(ptr %".603")
  br label %"if.join.35"
if.join.35:
  %".608" = phi  ptr [null, %"if.then.42"], [null, %"if.join.31"]
  store ptr null, ptr %"mine"
  store ptr %".602", ptr %"mine"
  %".611" = load ptr, ptr %"mine"
  %".612" = icmp ne ptr %".611", null
  br i1 %".612", label %"if.then.43", label %"if.end.7"
if.then.43:
  %".614" = load ptr, ptr %"mine"
  %".615" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.mem_cgroup.N") %".614", i32 0, i32 0)
  %".616" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.mem_cgroup.N") %".614", i32 0, i32 0)
  %".617" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.cgroup_subsys_state.N") %".616", i32 0, i32 0)
  %".618" = load ptr, ptr %".617"
  %".619" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.cgroup.N") %".618", i32 1, i32 1)
  %".620" = load ptr, ptr %".619"
  %".621" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.kernfs_node.N") %".620", i32 1, i32 1)
  %".622" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.kernfs_node.N") %".620", i32 1, i32 1)
  %".623" = load i64, ptr %".622"
  br label %"read.done.14"
if.end.7:
  br label %"if.end.6"
read.done.14:
  %".625" = phi  i64 [%".623", %"if.then.43"]
  store i32 7, ptr %"map.key.10"
  store i64 %".625", ptr %"map.value.10"
  %".628" = call i64 inttoptr (i64 2 to ptr)(ptr @"seen", ptr %"map.key.10", ptr %"map.value.10", i64 0)
  br label %"if.end.7"
if.then.44:
  store i32 0, ptr %"killed"
  %".640" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.mem_cgroup.N") %".636", i32 0, i32 0)
  %".641" = call i32 @"bpf_iter_css_task_new"(ptr %"iter.2", ptr %".640", i32 1)
  br label %"kill.next"
if.join.36:
  %".658" = phi  i32 [%".656", %"kill.exit"], [0, %"task.after"]
  store i32 %".658", ptr %"verdict"
  %".660" = load i32, ptr %"verdict"
  %".661" = icmp ne i32 %".660", 0
  br i1 %".661", label %"if.then.45", label %"if.end.8"
kill.next:
  %".643" = call ptr @"bpf_iter_css_task_next"(ptr %"iter.2")
  %".644" = icmp ne ptr %".643", null
  br i1 %".644", label %"kill.item", label %"kill.exit"
kill.item:
  %".646" = call i8 @"bpf_task_is_oom_victim"(ptr %".643")
  %".647" = icmp ne i8 %".646", 0
  br i1 %".647", label %"kill.next", label %"kill.do"
kill.do:
  %".649" = call i32 @"bpf_oom_kill_process"(ptr %".635", ptr %".643", ptr @".str.kill_2")
  %".650" = icmp eq i32 %".649", 0
  %".651" = load i32, ptr %"killed"
  %".652" = select  i1 %".650", i32 1, i32 %".651"
  store i32 %".652", ptr %"killed"
  br label %"kill.next"
kill.exit:
  call void @"bpf_iter_css_task_destroy"(ptr %"iter.2")
  %".656" = load i32, ptr %"killed"
  br label %"if.join.36"
if.then.45:
  store i32 11, ptr %"map.key.11"
  store i64 1, ptr %"map.value.11"
  %".665" = call i64 inttoptr (i64 2 to ptr)(ptr @"seen", ptr %"map.key.11", ptr %"map.value.11", i64 0)
  br label %"if.end.8"
if.end.8:
  %".667" = load {ptr, ptr}, ptr %"oc.1"
  %".668" = extractvalue {ptr, ptr} %".667", 0
  %".669" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.oom_control.N") %".668", i32 0, i32 0)
  %".670" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.oom_control.N") %".668", i32 0, i32 0)
  %".671" = load ptr, ptr %".670"
  br label %"read.done.15"
read.done.15:
  %".673" = phi  ptr [%".671", %"if.end.8"]
  %".674" = icmp ne ptr %".673", null
  br i1 %".674", label %"ocm.some.2", label %"ocm.root.2"
ocm.some.2:
  %".676" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.mem_cgroup.N") %".673", i32 0, i32 0)
  %".677" = call ptr @"bpf_get_mem_cgroup"(ptr %".676")
  br label %"ocm.join.2"
ocm.root.2:
  %".679" = call ptr @"bpf_get_root_mem_cgroup"()
  br label %"ocm.join.2"
ocm.join.2:
  %".681" = phi  ptr [%".677", %"ocm.some.2"], [%".679", %"ocm.root.2"]
  %".682" = load {ptr, ptr}, ptr %"oc.1"
  %".683" = extractvalue {ptr, ptr} %".682", 0
  %".684" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.oom_control.N") %".683", i32 1, i32 1)
  %".685" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.oom_control.N") %".683", i32 1, i32 1)
  %".686" = load i32, ptr %".685"
  br label %"read.done.16"
read.done.16:
  %".688" = phi  i32 [%".686", %"ocm.join.2"]
  %".689" = icmp eq i32 %".688", -1
  %".690" = icmp ne ptr %".681", null
  %".691" = xor i1 %".689", -1
  %".692" = and i1 %".690", %".691"
  br i1 %".692", label %"if.then.46", label %"if.join.37"
if.then.46:
  store i32 0, ptr %"victim.found"
  call void @"bpf_rcu_read_lock"()
  %".696" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.mem_cgroup.N") %".681", i32 0, i32 0)
  %".697" = call i32 @"bpf_iter_css_new"(ptr %"ve.iter", ptr %".696", i32 2)
  br label %"ve.next.1"
if.join.37:
  %".745" = phi  i1 [%".743", %"ve.done.1"], [0, %"read.done.16"]
  %".746" = icmp ne ptr %".681", null
  br i1 %".746", label %"if.then.48", label %"if.join.39"
ve.next.1:
  %".699" = call ptr @"bpf_iter_css_next"(ptr %"ve.iter")
  %".700" = icmp ne ptr %".699", null
  br i1 %".700", label %"ve.have.1", label %"ve.done.1"
ve.have.1:
  %".702" = call ptr @"bpf_get_mem_cgroup"(ptr %".699")
  %".703" = icmp ne ptr %".702", null
  br i1 %".703", label %"ve.item.1", label %"ve.next.1"
ve.item.1:
  %".705" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.mem_cgroup.N") %".702", i32 0, i32 0)
  %".706" = call i32 @"bpf_iter_css_task_new"(ptr %"ve.task_iter", ptr %".705", i32 1)
  br label %"ve.task.next.1"
ve.done.1:
  call void @"bpf_iter_css_destroy"(ptr %"ve.iter")
  call void @"bpf_rcu_read_unlock"()
  %".742" = load i32, ptr %"victim.found"
  %".743" = icmp ne i32 %".742", 0
  br label %"if.join.37"
ve.task.next.1:
  %".708" = call ptr @"bpf_iter_css_task_next"(ptr %"ve.task_iter")
  %".709" = icmp ne ptr %".708", null
  br i1 %".709", label %"ve.task.have.1", label %"ve.task.done.1"
ve.task.have.1:
  %".711" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.task_struct.N") %".708", i32 2, i32 2)
  %".712" = load ptr, ptr %".711"
  %".713" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.signal_struct.N") %".712", i32 0, i32 0)
  %".714" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.signal_struct.N") %".712", i32 0, i32 0)
  %".715" = load ptr, ptr %".714"
  br label %"read.done.17"
ve.task.hit.1:
  store i32 1, ptr %"victim.found"
  br label %"ve.task.done.1"
ve.task.done.1:
  call void @"bpf_iter_css_task_destroy"(ptr %"ve.task_iter")
  call void @"bpf_put_mem_cgroup"(ptr %".702")
  %".737" = load i32, ptr %"victim.found"
  %".738" = icmp ne i32 %".737", 0
  br i1 %".738", label %"ve.done.1", label %"ve.next.1"
read.done.17:
  %".717" = phi  ptr [%".715", %"ve.task.have.1"]
  %".718" = icmp ne ptr %".717", null
  br i1 %".718", label %"if.then.47", label %"if.join.38"
if.then.47:
  %".720" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.mm_struct.N") %".717", i32 1, i32 1)
  %".721" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.mm_struct.N") %".717", i32 1, i32 1)
  %".722" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.anon.N") %".721", i32 0, i32 0)
  %".723" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.mm_struct.N") %".717", i32 1, i32 1)
  %".724" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.anon.N") %".723", i32 0, i32 0)
  %".725" = load i64, ptr %".724"
  br label %"read.done.18"
if.join.38:
  %".731" = phi  i1 [%".729", %"read.done.18"], [0, %"read.done.17"]
  br i1 %".731", label %"ve.task.hit.1", label %"ve.task.next.1"
read.done.18:
  %".727" = phi  i64 [%".725", %"if.then.47"]
  %".728" = and i64 %".727", 2097152
  %".729" = icmp eq i64 %".728", 0
  br label %"if.join.38"
if.then.48:
  call void @"bpf_put_mem_cgroup"(ptr %".681")
  br label %"if.join.39"
if.join.39:
  %".750" = phi  ptr [null, %"if.then.48"], [null, %"if.join.37"]
  %".751" = zext i1 %".745" to i64
  store i32 10, ptr %"map.key.12"
  store i64 %".751", ptr %"map.value.12"
  %".754" = call i64 inttoptr (i64 2 to ptr)(ptr @"seen", ptr %"map.key.12", ptr %"map.value.12", i64 0)
  %".755" = load i32, ptr %"verdict"
  %".756" = load ptr, ptr %"mine"
  %".757" = icmp ne ptr %".756", null
  br i1 %".757", label %"if.then.49", label %"if.join.40"
if.then.49:
  call void @"bpf_put_mem_cgroup"(ptr %".756")
  br label %"if.join.40"
if.join.40:
  %".761" = phi  ptr [null, %"if.then.49"], [null, %"if.join.39"]
  store ptr null, ptr %"mine"
  %".763" = load ptr, ptr %"above"
  %".764" = icmp ne ptr %".763", null
  br i1 %".764", label %"if.then.50", label %"if.join.41"
if.then.50:
  call void @"bpf_put_mem_cgroup"(ptr %".763")
  br label %"if.join.41"
if.join.41:
  %".768" = phi  ptr [null, %"if.then.50"], [null, %"if.join.40"]
  store ptr null, ptr %"above"
  %".770" = load ptr, ptr %"memcg"
  %".771" = icmp ne ptr %".770", null
  br i1 %".771", label %"if.then.51", label %"if.join.42"
if.then.51:
  call void @"bpf_put_mem_cgroup"(ptr %".770")
  br label %"if.join.42"
if.join.42:
  %".775" = phi  ptr [null, %"if.then.51"], [null, %"if.join.41"]
  store ptr null, ptr %"memcg"
  %".777" = load ptr, ptr %"big"
  %".778" = icmp ne ptr %".777", null
  br i1 %".778", label %"if.then.52", label %"if.join.43"
if.then.52:
  call void @"bpf_put_mem_cgroup"(ptr %".777")
  br label %"if.join.43"
if.join.43:
  %".782" = phi  ptr [null, %"if.then.52"], [null, %"if.join.42"]
  store ptr null, ptr %"big"
  %".784" = load ptr, ptr %"top"
  %".785" = icmp ne ptr %".784", null
  br i1 %".785", label %"if.then.53", label %"if.join.44"
if.then.53:
  call void @"bpf_put_mem_cgroup"(ptr %".784")
  br label %"if.join.44"
if.join.44:
  %".789" = phi  ptr [null, %"if.then.53"], [null, %"if.join.43"]
  store ptr null, ptr %"top"
  %".791" = load ptr, ptr %"up"
  %".792" = icmp ne ptr %".791", null
  br i1 %".792", label %"if.then.54", label %"if.join.45"
if.then.54:
  call void @"bpf_put_mem_cgroup"(ptr %".791")
  br label %"if.join.45"
if.join.45:
  %".796" = phi  ptr [null, %"if.then.54"], [null, %"if.join.44"]
  store ptr null, ptr %"up"
  %".798" = load ptr, ptr %"scope"
  %".799" = icmp ne ptr %".798", null
  br i1 %".799", label %"if.then.55", label %"if.join.46"
if.then.55:
  call void @"bpf_put_mem_cgroup"(ptr %".798")
  br label %"if.join.46"
if.join.46:
  %".803" = phi  ptr [null, %"if.then.55"], [null, %"if.join.45"]
  store ptr null, ptr %"scope"
  ret i32 %".755"
}

@"queries" = global {ptr, [64 x i8]} {ptr @"queries_handler", [64 x i8] c"queries\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00"}, section ".struct_ops.link", align 8
declare ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr %".1", i32 %".2", i32 %".3")

declare extern_weak ptr @"bpf_get_mem_cgroup"(ptr %".1") section ".ksyms"

declare extern_weak ptr @"bpf_get_root_mem_cgroup"() section ".ksyms"

declare extern_weak void @"bpf_put_mem_cgroup"(ptr %".1") section ".ksyms"

@"seen" = global {ptr, ptr, ptr, ptr} zeroinitializer, section ".maps", align 8
declare extern_weak void @"bpf_rcu_read_lock"() section ".ksyms"

declare extern_weak i32 @"bpf_iter_css_new"(ptr %".1", ptr %".2", i32 %".3") section ".ksyms"

declare extern_weak ptr @"bpf_iter_css_next"(ptr %".1") section ".ksyms"

declare extern_weak void @"bpf_iter_css_destroy"(ptr %".1") section ".ksyms"

declare extern_weak void @"bpf_rcu_read_unlock"() section ".ksyms"

define internal i64 @"depth"(ptr %"memcg")
{
entry:
  %"_" = alloca i64
  %"range.k" = alloca i64
  %"up.iter" = alloca [3 x i64]
  %"up.memcg" = alloca ptr
  %"n" = alloca i64
  %"up" = alloca ptr
  %"memcg.1" = alloca ptr
  store ptr %"memcg", ptr %"memcg.1"
  store ptr null, ptr %"up"
  store i64 0, ptr %"n"
  %".6" = load ptr, ptr %"memcg.1"
  %".7" = icmp ne ptr %".6", null
  br i1 %".7", label %"if.then", label %"if.join"
if.then:
  call void @"bpf_rcu_read_lock"()
  %".10" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.mem_cgroup.N") %".6", i32 0, i32 0)
  store ptr null, ptr %"up.memcg"
  %".12" = call i32 @"bpf_iter_css_new"(ptr %"up.iter", ptr %".10", i32 4)
  %".13" = call ptr @"bpf_iter_css_next"(ptr %"up.iter")
  br label %"up.next"
if.join:
  %".25" = phi  ptr [%".22", %"up.done"], [null, %"entry"]
  %".26" = load ptr, ptr %"up"
  %".27" = icmp ne ptr %".26", null
  br i1 %".27", label %"if.then.1", label %"if.join.1"
up.next:
  %".15" = call ptr @"bpf_iter_css_next"(ptr %"up.iter")
  %".16" = icmp ne ptr %".15", null
  br i1 %".16", label %"up.have", label %"up.done"
up.have:
  %".18" = call ptr @"bpf_get_mem_cgroup"(ptr %".15")
  store ptr %".18", ptr %"up.memcg"
  br label %"up.done"
up.done:
  call void @"bpf_iter_css_destroy"(ptr %"up.iter")
  %".22" = load ptr, ptr %"up.memcg"
  call void @"bpf_rcu_read_unlock"()
  br label %"if.join"
if.then.1:
  call void @"bpf_put_mem_cgroup"(ptr %".26")
  br label %"if.join.1"
if.join.1:
  %".31" = phi  ptr [null, %"if.then.1"], [null, %"if.join"]
  store ptr null, ptr %"up"
  store ptr %".25", ptr %"up"
  %".34" = icmp slt i64 0, 32
  %".35" = sub i64 32, 0
  %".36" = sub i64 %".35", 1
  %".37" = udiv i64 %".36", 1
  %".38" = add i64 %".37", 1
  %".39" = select  i1 %".34", i64 %".38", i64 0
  store i64 0, ptr %"range.k"
  br label %"for.cond"
for.cond:
  %".42" = load i64, ptr %"range.k"
  %".43" = icmp ult i64 %".42", %".39"
  br i1 %".43", label %"for.body", label %"for.end"
for.body:
  %".45" = load i64, ptr %"range.k"
  %".46" = mul i64 %".45", 1
  %".47" = add i64 0, %".46"
  store i64 %".47", ptr %"_"
  %".49" = load ptr, ptr %"up"
  %".50" = icmp ne ptr %".49", null
  %".51" = xor i1 %".50", 1
  br i1 %".51", label %"if.then.2", label %"if.end"
for.inc:
  %".86" = load i64, ptr %"range.k"
  %".87" = add i64 %".86", 1
  store i64 %".87", ptr %"range.k"
  br label %"for.cond"
for.end:
  br label %"for.after"
for.after:
  %".91" = load i64, ptr %"n"
  %".92" = load ptr, ptr %"up"
  %".93" = icmp ne ptr %".92", null
  br i1 %".93", label %"if.then.5", label %"if.join.4"
if.then.2:
  br label %"for.after"
if.end:
  %".54" = load i64, ptr %"n"
  %".55" = add i64 %".54", 1
  store i64 %".55", ptr %"n"
  %".57" = load ptr, ptr %"up"
  %".58" = icmp ne ptr %".57", null
  br i1 %".58", label %"if.then.3", label %"if.join.2"
if.then.3:
  call void @"bpf_rcu_read_lock"()
  %".61" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.mem_cgroup.N") %".57", i32 0, i32 0)
  store ptr null, ptr %"up.memcg"
  %".63" = call i32 @"bpf_iter_css_new"(ptr %"up.iter", ptr %".61", i32 4)
  %".64" = call ptr @"bpf_iter_css_next"(ptr %"up.iter")
  br label %"up.next.1"
if.join.2:
  %".76" = phi  ptr [%".73", %"up.done.1"], [null, %"if.end"]
  %".77" = load ptr, ptr %"up"
  %".78" = icmp ne ptr %".77", null
  br i1 %".78", label %"if.then.4", label %"if.join.3"
up.next.1:
  %".66" = call ptr @"bpf_iter_css_next"(ptr %"up.iter")
  %".67" = icmp ne ptr %".66", null
  br i1 %".67", label %"up.have.1", label %"up.done.1"
up.have.1:
  %".69" = call ptr @"bpf_get_mem_cgroup"(ptr %".66")
  store ptr %".69", ptr %"up.memcg"
  br label %"up.done.1"
up.done.1:
  call void @"bpf_iter_css_destroy"(ptr %"up.iter")
  %".73" = load ptr, ptr %"up.memcg"
  call void @"bpf_rcu_read_unlock"()
  br label %"if.join.2"
if.then.4:
  call void @"bpf_put_mem_cgroup"(ptr %".77")
  br label %"if.join.3"
if.join.3:
  %".82" = phi  ptr [null, %"if.then.4"], [null, %"if.join.2"]
  store ptr null, ptr %"up"
  store ptr %".76", ptr %"up"
  br label %"for.inc"
if.then.5:
  call void @"bpf_put_mem_cgroup"(ptr %".92")
  br label %"if.join.4"
if.join.4:
  %".97" = phi  ptr [null, %"if.then.5"], [null, %"for.after"]
  store ptr null, ptr %"up"
  ret i64 %".91"
}

define internal i64 @"name_bits"(ptr %"memcg")
{
entry:
  %"bits" = alloca i64
  %"memcg.1" = alloca ptr
  store ptr %"memcg", ptr %"memcg.1"
  store i64 0, ptr %"bits"
  %".5" = load ptr, ptr %"memcg.1"
  %".6" = icmp ne ptr %".5", null
  br i1 %".6", label %"if.then", label %"if.join"
if.then:
  %".8" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.mem_cgroup.N") %".5", i32 0, i32 0)
  %".9" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.mem_cgroup.N") %".5", i32 0, i32 0)
  %".10" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.cgroup_subsys_state.N") %".9", i32 0, i32 0)
  %".11" = load ptr, ptr %".10"
  %".12" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.cgroup.N") %".11", i32 1, i32 1)
  %".13" = load ptr, ptr %".12"
  %".14" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.kernfs_node.N") %".13", i32 0, i32 0)
  %".15" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.kernfs_node.N") %".13", i32 0, i32 0)
  %".16" = load ptr, ptr %".15"
  br label %"read.done"
if.join:
  %".22" = phi  i1 [%".20", %"read.done"], [0, %"entry"]
  br i1 %".22", label %"if.then.1", label %"if.end"
read.done:
  %".18" = phi  ptr [%".16", %"if.then"]
  %".19" = call i32 @"bpf_strcmp"(ptr %".18", ptr @".str.kill_3")
  %".20" = icmp eq i32 %".19", 0
  br label %"if.join"
if.then.1:
  %".24" = load i64, ptr %"bits"
  %".25" = or i64 %".24", 1
  store i64 %".25", ptr %"bits"
  br label %"if.end"
if.end:
  %".28" = load ptr, ptr %"memcg.1"
  %".29" = icmp ne ptr %".28", null
  br i1 %".29", label %"if.then.2", label %"if.join.1"
if.then.2:
  %".31" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.mem_cgroup.N") %".28", i32 0, i32 0)
  %".32" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.mem_cgroup.N") %".28", i32 0, i32 0)
  %".33" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.cgroup_subsys_state.N") %".32", i32 0, i32 0)
  %".34" = load ptr, ptr %".33"
  %".35" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.cgroup.N") %".34", i32 1, i32 1)
  %".36" = load ptr, ptr %".35"
  %".37" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.kernfs_node.N") %".36", i32 0, i32 0)
  %".38" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.kernfs_node.N") %".36", i32 0, i32 0)
  %".39" = load ptr, ptr %".38"
  br label %"read.done.1"
if.join.1:
  %".45" = phi  i1 [%".43", %"read.done.1"], [0, %"if.end"]
  br i1 %".45", label %"if.then.3", label %"if.end.1"
read.done.1:
  %".41" = phi  ptr [%".39", %"if.then.2"]
  %".42" = call i32 @"bpf_strcmp"(ptr %".41", ptr @".str.kill_4")
  %".43" = icmp eq i32 %".42", 0
  br label %"if.join.1"
if.then.3:
  %".47" = load i64, ptr %"bits"
  %".48" = or i64 %".47", 2
  store i64 %".48", ptr %"bits"
  br label %"if.end.1"
if.end.1:
  %".51" = load ptr, ptr %"memcg.1"
  %".52" = icmp ne ptr %".51", null
  br i1 %".52", label %"if.then.4", label %"if.join.2"
if.then.4:
  %".54" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.mem_cgroup.N") %".51", i32 0, i32 0)
  %".55" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.mem_cgroup.N") %".51", i32 0, i32 0)
  %".56" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.cgroup_subsys_state.N") %".55", i32 0, i32 0)
  %".57" = load ptr, ptr %".56"
  %".58" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.cgroup.N") %".57", i32 1, i32 1)
  %".59" = load ptr, ptr %".58"
  %".60" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.kernfs_node.N") %".59", i32 0, i32 0)
  %".61" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.kernfs_node.N") %".59", i32 0, i32 0)
  %".62" = load ptr, ptr %".61"
  br label %"read.done.2"
if.join.2:
  %".68" = phi  i1 [%".66", %"read.done.2"], [0, %"if.end.1"]
  br i1 %".68", label %"if.then.5", label %"if.end.2"
read.done.2:
  %".64" = phi  ptr [%".62", %"if.then.4"]
  %".65" = call i32 @"bpf_strstr"(ptr %".64", ptr @".str.kill_5")
  %".66" = icmp eq i32 %".65", 0
  br label %"if.join.2"
if.then.5:
  %".70" = load i64, ptr %"bits"
  %".71" = or i64 %".70", 4
  store i64 %".71", ptr %"bits"
  br label %"if.end.2"
if.end.2:
  %".74" = load ptr, ptr %"memcg.1"
  %".75" = icmp ne ptr %".74", null
  br i1 %".75", label %"if.then.6", label %"if.join.3"
if.then.6:
  %".77" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.mem_cgroup.N") %".74", i32 0, i32 0)
  %".78" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.mem_cgroup.N") %".74", i32 0, i32 0)
  %".79" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.cgroup_subsys_state.N") %".78", i32 0, i32 0)
  %".80" = load ptr, ptr %".79"
  %".81" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.cgroup.N") %".80", i32 1, i32 1)
  %".82" = load ptr, ptr %".81"
  %".83" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.kernfs_node.N") %".82", i32 0, i32 0)
  %".84" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.kernfs_node.N") %".82", i32 0, i32 0)
  %".85" = load ptr, ptr %".84"
  br label %"read.done.3"
if.join.3:
  %".91" = phi  i1 [%".89", %"read.done.3"], [0, %"if.end.2"]
  br i1 %".91", label %"if.then.7", label %"if.end.3"
read.done.3:
  %".87" = phi  ptr [%".85", %"if.then.6"]
  %".88" = call i32 @"bpf_strcmp"(ptr %".87", ptr @".str.kill_6")
  %".89" = icmp eq i32 %".88", 0
  br label %"if.join.3"
if.then.7:
  %".93" = load i64, ptr %"bits"
  %".94" = or i64 %".93", 8
  store i64 %".94", ptr %"bits"
  br label %"if.end.3"
if.end.3:
  %".97" = load ptr, ptr %"memcg.1"
  %".98" = icmp ne ptr %".97", null
  br i1 %".98", label %"if.then.8", label %"if.join.4"
if.then.8:
  %".100" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.mem_cgroup.N") %".97", i32 0, i32 0)
  %".101" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.mem_cgroup.N") %".97", i32 0, i32 0)
  %".102" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.cgroup_subsys_state.N") %".101", i32 0, i32 0)
  %".103" = load ptr, ptr %".102"
  %".104" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.cgroup.N") %".103", i32 1, i32 1)
  %".105" = load ptr, ptr %".104"
  %".106" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.kernfs_node.N") %".105", i32 0, i32 0)
  %".107" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.kernfs_node.N") %".105", i32 0, i32 0)
  %".108" = load ptr, ptr %".107"
  br label %"read.done.4"
if.join.4:
  %".114" = phi  i1 [%".112", %"read.done.4"], [0, %"if.end.3"]
  br i1 %".114", label %"if.then.9", label %"if.end.4"
read.done.4:
  %".110" = phi  ptr [%".108", %"if.then.8"]
  %".111" = call i32 @"bpf_strstr"(ptr %".110", ptr @".str.kill_7")
  %".112" = icmp eq i32 %".111", 0
  br label %"if.join.4"
if.then.9:
  %".116" = load i64, ptr %"bits"
  %".117" = or i64 %".116", 16
  store i64 %".117", ptr %"bits"
  br label %"if.end.4"
if.end.4:
  %".120" = load i64, ptr %"bits"
  ret i64 %".120"
}

declare extern_weak i32 @"bpf_iter_css_task_new"(ptr %".1", ptr %".2", i32 %".3") section ".ksyms"

declare extern_weak ptr @"bpf_iter_css_task_next"(ptr %".1") section ".ksyms"

declare extern_weak void @"bpf_iter_css_task_destroy"(ptr %".1") section ".ksyms"

@".str.kill" = private unnamed_addr constant [4 x i8] c"big\00"
declare extern_weak i32 @"bpf_strcmp"(ptr %".1", ptr %".2") section ".ksyms"

declare ptr @"llvm.preserve.array.access.index.p0.p0"(ptr %".1", i32 %".2", i32 %".3")

declare extern_weak ptr @"bpf_cgroup_acquire"(ptr %".1") section ".ksyms"

declare extern_weak void @"bpf_cgroup_release"(ptr %".1") section ".ksyms"

declare extern_weak i8 @"bpf_task_is_oom_victim"(ptr %".1") section ".ksyms"

@".str.kill_2" = private unnamed_addr constant [13 x i8] c"queries test\00"
declare extern_weak i32 @"bpf_oom_kill_process"(ptr %".1", ptr %".2", ptr %".3") section ".ksyms"

@".str.kill_3" = private unnamed_addr constant [9 x i8] c"oom_test\00"
@".str.kill_4" = private unnamed_addr constant [8 x i8] c"oom_tes\00"
@".str.kill_5" = private unnamed_addr constant [5 x i8] c"oom_\00"
declare extern_weak i32 @"bpf_strstr"(ptr %".1", ptr %".2") section ".ksyms"

@".str.kill_6" = private unnamed_addr constant [16 x i8] c"oom_test_longer\00"
@".str.kill_7" = private unnamed_addr constant [10 x i8] c"oom_test_\00"
@"pyo_loops" = constant [409 x i8] c"{\22version\22:1,\22loops\22:[{\22file\22:\22progs_queries.py\22,\22line\22:60,\22col\22:5,\22end\22:62,\22iterator\22:true,\22trips\22:null,\22widened\22:[],\22kept\22:[[\22big\22,\22MemCgroup\22,false]]},{\22file\22:\22progs_queries.py\22,\22line\22:69,\22col\22:5,\22end\22:78,\22iterator\22:true,\22trips\22:null,\22widened\22:[],\22kept\22:[]},{\22file\22:\22progs_queries.py\22,\22line\22:21,\22col\22:5,\22end\22:25,\22iterator\22:false,\22trips\22:32,\22widened\22:[],\22kept\22:[[\22n\22,\22u64\22,true],[\22up\22,\22MemCgroup\22,false]]}]}", section ".debug_pyoombpf.loops"
@"llvm.compiler.used" = appending global [4 x ptr] [ptr @"_license", ptr @"queries", ptr @"seen", ptr @"pyo_loops"], section "llvm.metadata"
