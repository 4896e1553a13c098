target triple = "bpfel"
target datalayout = "e-m:e-p:64:64-i64:64-i128:128-n32:64-S128"

%"struct.oom_control.N" = type {i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8}
%"struct.mem_cgroup.N" = type {i8, i8, i8, i8, i8, i8, i8, i8}
%"struct.cgroup_subsys_state.N" = type {i8, i8, i8, i8}
%"struct.cgroup.N" = type {i8, i8, i8, i8, i8, i8, i8, i8}
%"struct.kernfs_node.N" = type {i8, i8, i8, i8}
%"struct.task_struct.N" = type {i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8}
%"struct.signal_struct.N" = type {i8, i8, i8, i8, i8}
%"struct.mm_struct.N" = type {i8, i8}
%"struct.anon.N" = type {i8}
%"struct.percpu_counter.N" = type {i8}
%"struct.css_set.N" = type {i8, i8}
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
  %".13" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.oom_control.N") %".12", i32 2, i32 2)
  %".14" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.oom_control.N") %".12", i32 2, i32 2)
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
  %".93" = icmp ne ptr %".92", null
  br i1 %".93", label %"read.ok", label %"read.done.1"
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
  %".103" = phi  i64 [0, %"if.end"], [0, %"read.ok"], [%".101", %"read.ok.1"]
  store i32 0, ptr %"map.key"
  store i64 %".103", ptr %"map.value"
  %".106" = call i64 inttoptr (i64 2 to ptr)(ptr @"seen", ptr %"map.key", ptr %"map.value", i64 0)
  %".107" = load ptr, ptr %"scope"
  %".108" = icmp ne ptr %".107", null
  br i1 %".108", label %"if.then.9", label %"if.join.8"
read.ok:
  %".95" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.cgroup.N") %".92", i32 5, i32 5)
  %".96" = load ptr, ptr %".95"
  %".97" = icmp ne ptr %".96", null
  br i1 %".97", label %"read.ok.1", label %"read.done.1"
read.ok.1:
  %".99" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.kernfs_node.N") %".96", i32 3, i32 3)
  %".100" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.kernfs_node.N") %".96", i32 3, i32 3)
  %".101" = load i64, ptr %".100"
  br label %"read.done.1"
if.then.9:
  call void @"bpf_rcu_read_lock"()
  %".111" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.mem_cgroup.N") %".107", i32 0, i32 0)
  store ptr null, ptr %"up.memcg"
  %".113" = call i32 @"bpf_iter_css_new"(ptr %"up.iter", ptr %".111", i32 4)
  %".114" = call ptr @"bpf_iter_css_next"(ptr %"up.iter")
  br label %"up.next"
if.join.8:
  %".126" = phi  ptr [%".123", %"up.done"], [null, %"read.done.1"]
  %".127" = load ptr, ptr %"up"
  %".128" = icmp ne ptr %".127", null
  br i1 %".128", label %"if.then.10", label %"if.join.9"
up.next:
  %".116" = call ptr @"bpf_iter_css_next"(ptr %"up.iter")
  %".117" = icmp ne ptr %".116", null
  br i1 %".117", label %"up.have", label %"up.done"
up.have:
  %".119" = call ptr @"bpf_get_mem_cgroup"(ptr %".116")
  store ptr %".119", ptr %"up.memcg"
  br label %"up.done"
up.done:
  call void @"bpf_iter_css_destroy"(ptr %"up.iter")
  %".123" = load ptr, ptr %"up.memcg"
  call void @"bpf_rcu_read_unlock"()
  br label %"if.join.8"
if.then.10:
  call void @"bpf_put_mem_cgroup"(ptr %".127")
  br label %"if.join.9"
if.join.9:
  %".132" = phi  ptr [null, %"if.then.10"], [null, %"if.join.8"]
  store ptr null, ptr %"up"
  store ptr %".126", ptr %"up"
  %".135" = load ptr, ptr %"up"
  %".136" = icmp ne ptr %".135", null
  br i1 %".136", label %"if.then.11", label %"if.end.1"
if.then.11:
  %".138" = load ptr, ptr %"up"
  %".139" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.mem_cgroup.N") %".138", i32 0, i32 0)
  %".140" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.mem_cgroup.N") %".138", i32 0, i32 0)
  %".141" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.cgroup_subsys_state.N") %".140", i32 0, i32 0)
  %".142" = load ptr, ptr %".141"
  %".143" = icmp ne ptr %".142", null
  br i1 %".143", label %"read.ok.2", label %"read.done.2"
if.end.1:
  %".209" = load ptr, ptr %"scope"
  %".210" = call i64 @"depth"(ptr %".209")
  store i32 3, ptr %"map.key.3"
  store i64 %".210", ptr %"map.value.3"
  %".213" = call i64 inttoptr (i64 2 to ptr)(ptr @"seen", ptr %"map.key.3", ptr %"map.value.3", i64 0)
  %".214" = load ptr, ptr %"scope"
  %".215" = call i64 @"name_bits"(ptr %".214")
  store i32 4, ptr %"map.key.4"
  store i64 %".215", ptr %"map.value.4"
  %".218" = call i64 inttoptr (i64 2 to ptr)(ptr @"seen", ptr %"map.key.4", ptr %"map.value.4", i64 0)
  %".219" = load {ptr, ptr}, ptr %"oc.1"
  %".220" = extractvalue {ptr, ptr} %".219", 0
  %".221" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.oom_control.N") %".220", i32 2, i32 2)
  %".222" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.oom_control.N") %".220", i32 2, i32 2)
  %".223" = load ptr, ptr %".222"
  br label %"read.done.4"
read.done.2:
  %".153" = phi  i64 [0, %"if.then.11"], [0, %"read.ok.2"], [%".151", %"read.ok.3"]
  store i32 1, ptr %"map.key.1"
  store i64 %".153", ptr %"map.value.1"
  %".156" = call i64 inttoptr (i64 2 to ptr)(ptr @"seen", ptr %"map.key.1", ptr %"map.value.1", i64 0)
  %".157" = load ptr, ptr %"up"
  %".158" = icmp ne ptr %".157", null
  br i1 %".158", label %"if.then.12", label %"if.join.10"
read.ok.2:
  %".145" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.cgroup.N") %".142", i32 5, i32 5)
  %".146" = load ptr, ptr %".145"
  %".147" = icmp ne ptr %".146", null
  br i1 %".147", label %"read.ok.3", label %"read.done.2"
read.ok.3:
  %".149" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.kernfs_node.N") %".146", i32 3, i32 3)
  %".150" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.kernfs_node.N") %".146", i32 3, i32 3)
  %".151" = load i64, ptr %".150"
  br label %"read.done.2"
if.then.12:
  call void @"bpf_rcu_read_lock"()
  %".161" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.mem_cgroup.N") %".157", i32 0, i32 0)
  store ptr null, ptr %"up.memcg"
  %".163" = call i32 @"bpf_iter_css_new"(ptr %"up.iter", ptr %".161", i32 4)
  %".164" = call ptr @"bpf_iter_css_next"(ptr %"up.iter")
  br label %"up.next.1"
if.join.10:
  %".176" = phi  ptr [%".173", %"up.done.1"], [null, %"read.done.2"]
  %".177" = load ptr, ptr %"top"
  %".178" = icmp ne ptr %".177", null
  br i1 %".178", label %"if.then.13", label %"if.join.11"
up.next.1:
  %".166" = call ptr @"bpf_iter_css_next"(ptr %"up.iter")
  %".167" = icmp ne ptr %".166", null
  br i1 %".167", label %"up.have.1", label %"up.done.1"
up.have.1:
  %".169" = call ptr @"bpf_get_mem_cgroup"(ptr %".166")
  store ptr %".169", ptr %"up.memcg"
  br label %"up.done.1"
up.done.1:
  call void @"bpf_iter_css_destroy"(ptr %"up.iter")
  %".173" = load ptr, ptr %"up.memcg"
  call void @"bpf_rcu_read_unlock"()
  br label %"if.join.10"
if.then.13:
  call void @"bpf_put_mem_cgroup"(ptr %".177")
  br label %"if.join.11"
if.join.11:
  %".182" = phi  ptr [null, %"if.then.13"], [null, %"if.join.10"]
  store ptr null, ptr %"top"
  store ptr %".176", ptr %"top"
  %".185" = load ptr, ptr %"top"
  %".186" = icmp ne ptr %".185", null
  br i1 %".186", label %"if.then.14", label %"if.end.2"
if.then.14:
  %".188" = load ptr, ptr %"top"
  %".189" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.mem_cgroup.N") %".188", i32 0, i32 0)
  %".190" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.mem_cgroup.N") %".188", i32 0, i32 0)
  %".191" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.cgroup_subsys_state.N") %".190", i32 0, i32 0)
  %".192" = load ptr, ptr %".191"
  %".193" = icmp ne ptr %".192", null
  br i1 %".193", label %"read.ok.4", label %"read.done.3"
if.end.2:
  br label %"if.end.1"
read.done.3:
  %".203" = phi  i64 [0, %"if.then.14"], [0, %"read.ok.4"], [%".201", %"read.ok.5"]
  store i32 2, ptr %"map.key.2"
  store i64 %".203", ptr %"map.value.2"
  %".206" = call i64 inttoptr (i64 2 to ptr)(ptr @"seen", ptr %"map.key.2", ptr %"map.value.2", i64 0)
  br label %"if.end.2"
read.ok.4:
  %".195" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.cgroup.N") %".192", i32 5, i32 5)
  %".196" = load ptr, ptr %".195"
  %".197" = icmp ne ptr %".196", null
  br i1 %".197", label %"read.ok.5", label %"read.done.3"
read.ok.5:
  %".199" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.kernfs_node.N") %".196", i32 3, i32 3)
  %".200" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.kernfs_node.N") %".196", i32 3, i32 3)
  %".201" = load i64, ptr %".200"
  br label %"read.done.3"
read.done.4:
  %".225" = phi  ptr [%".223", %"if.end.1"]
  %".226" = icmp ne ptr %".225", null
  br i1 %".226", label %"ocm.some.1", label %"ocm.root.1"
ocm.some.1:
  %".228" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.mem_cgroup.N") %".225", i32 0, i32 0)
  %".229" = call ptr @"bpf_get_mem_cgroup"(ptr %".228")
  br label %"ocm.join.1"
ocm.root.1:
  %".231" = call ptr @"bpf_get_root_mem_cgroup"()
  br label %"ocm.join.1"
ocm.join.1:
  %".233" = phi  ptr [%".229", %"ocm.some.1"], [%".231", %"ocm.root.1"]
  %".234" = load {ptr, ptr}, ptr %"oc.1"
  %".235" = extractvalue {ptr, ptr} %".234", 0
  %".236" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.oom_control.N") %".235", i32 4, i32 4)
  %".237" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.oom_control.N") %".235", i32 4, i32 4)
  %".238" = load i32, ptr %".237"
  br label %"read.done.5"
read.done.5:
  %".240" = phi  i32 [%".238", %"ocm.join.1"]
  %".241" = icmp eq i32 %".240", -1
  %".242" = icmp ne ptr %".233", null
  %".243" = xor i1 %".241", -1
  %".244" = and i1 %".242", %".243"
  br i1 %".244", label %"if.then.15", label %"if.join.12"
if.then.15:
  store i32 0, ptr %"victim.found"
  call void @"bpf_rcu_read_lock"()
  %".248" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.mem_cgroup.N") %".233", i32 0, i32 0)
  %".249" = call i32 @"bpf_iter_css_new"(ptr %"ve.iter", ptr %".248", i32 2)
  br label %"ve.next"
if.join.12:
  %".299" = phi  i1 [%".297", %"ve.done"], [0, %"read.done.5"]
  %".300" = icmp ne ptr %".233", null
  br i1 %".300", label %"if.then.17", label %"if.join.14"
ve.next:
  %".251" = call ptr @"bpf_iter_css_next"(ptr %"ve.iter")
  %".252" = icmp ne ptr %".251", null
  br i1 %".252", label %"ve.have", label %"ve.done"
ve.have:
  %".254" = call ptr @"bpf_get_mem_cgroup"(ptr %".251")
  %".255" = icmp ne ptr %".254", null
  br i1 %".255", label %"ve.item", label %"ve.next"
ve.item:
  %".257" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.mem_cgroup.N") %".254", i32 0, i32 0)
  %".258" = call i32 @"bpf_iter_css_task_new"(ptr %"ve.task_iter", ptr %".257", i32 1)
  br label %"ve.task.next"
ve.done:
  call void @"bpf_iter_css_destroy"(ptr %"ve.iter")
  call void @"bpf_rcu_read_unlock"()
  %".296" = load i32, ptr %"victim.found"
  %".297" = icmp ne i32 %".296", 0
  br label %"if.join.12"
ve.task.next:
  %".260" = call ptr @"bpf_iter_css_task_next"(ptr %"ve.task_iter")
  %".261" = icmp ne ptr %".260", null
  br i1 %".261", label %"ve.task.have", label %"ve.task.done"
ve.task.have:
  %".263" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.task_struct.N") %".260", i32 9, i32 9)
  %".264" = load ptr, ptr %".263"
  %".265" = icmp ne ptr %".264", null
  br i1 %".265", label %"read.ok.6", label %"read.done.6"
ve.task.hit:
  store i32 1, ptr %"victim.found"
  br label %"ve.task.done"
ve.task.done:
  call void @"bpf_iter_css_task_destroy"(ptr %"ve.task_iter")
  call void @"bpf_put_mem_cgroup"(ptr %".254")
  %".291" = load i32, ptr %"victim.found"
  %".292" = icmp ne i32 %".291", 0
  br i1 %".292", label %"ve.done", label %"ve.next"
read.done.6:
  %".271" = phi  ptr [null, %"ve.task.have"], [%".269", %"read.ok.6"]
  %".272" = icmp ne ptr %".271", null
  br i1 %".272", label %"if.then.16", label %"if.join.13"
read.ok.6:
  %".267" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.signal_struct.N") %".264", i32 4, i32 4)
  %".268" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.signal_struct.N") %".264", i32 4, i32 4)
  %".269" = load ptr, ptr %".268"
  br label %"read.done.6"
if.then.16:
  %".274" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.mm_struct.N") %".271", i32 1, i32 1)
  %".275" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.mm_struct.N") %".271", i32 1, i32 1)
  %".276" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.anon.N") %".275", i32 0, i32 0)
  %".277" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.mm_struct.N") %".271", i32 1, i32 1)
  %".278" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.anon.N") %".277", i32 0, i32 0)
  %".279" = load i64, ptr %".278"
  br label %"read.done.7"
if.join.13:
  %".285" = phi  i1 [%".283", %"read.done.7"], [0, %"read.done.6"]
  br i1 %".285", label %"ve.task.hit", label %"ve.task.next"
read.done.7:
  %".281" = phi  i64 [%".279", %"if.then.16"]
  %".282" = and i64 %".281", 2097152
  %".283" = icmp eq i64 %".282", 0
  br label %"if.join.13"
if.then.17:
  call void @"bpf_put_mem_cgroup"(ptr %".233")
  br label %"if.join.14"
if.join.14:
  %".304" = phi  ptr [null, %"if.then.17"], [null, %"if.join.12"]
  %".305" = zext i1 %".299" to i64
  store i32 9, ptr %"map.key.5"
  store i64 %".305", ptr %"map.value.5"
  %".308" = call i64 inttoptr (i64 2 to ptr)(ptr @"seen", ptr %"map.key.5", ptr %"map.value.5", i64 0)
  %".309" = load ptr, ptr %"big"
  %".310" = icmp ne ptr %".309", null
  br i1 %".310", label %"if.then.18", label %"if.join.15"
if.then.18:
  call void @"bpf_put_mem_cgroup"(ptr %".309")
  br label %"if.join.15"
if.join.15:
  %".314" = phi  ptr [null, %"if.then.18"], [null, %"if.join.14"]
  store ptr null, ptr %"big"
  store ptr null, ptr %"big"
  %".317" = load ptr, ptr %"scope"
  call void @"bpf_rcu_read_lock"()
  %".319" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.mem_cgroup.N") %".317", i32 0, i32 0)
  %".320" = call i32 @"bpf_iter_css_new"(ptr %"iter", ptr %".319", i32 3)
  br label %"css.next"
css.next:
  %".322" = call ptr @"bpf_iter_css_next"(ptr %"iter")
  %".323" = icmp ne ptr %".322", null
  br i1 %".323", label %"css.have", label %"css.exit"
css.item:
  %".328" = load ptr, ptr %"memcg"
  %".329" = icmp ne ptr %".328", null
  br i1 %".329", label %"if.then.19", label %"if.join.16"
css.step:
  %".376" = load ptr, ptr %"memcg"
  %".377" = icmp ne ptr %".376", null
  br i1 %".377", label %"if.then.24", label %"if.join.20"
css.exit:
  call void @"bpf_iter_css_destroy"(ptr %"iter")
  call void @"bpf_rcu_read_unlock"()
  br label %"css.after"
css.after:
  %".387" = load ptr, ptr %"big"
  %".388" = icmp ne ptr %".387", null
  %".389" = xor i1 %".388", 1
  br i1 %".389", label %"if.then.25", label %"if.end.4"
css.have:
  %".325" = call ptr @"bpf_get_mem_cgroup"(ptr %".322")
  %".326" = icmp ne ptr %".325", null
  br i1 %".326", label %"css.item", label %"css.next"
if.then.19:
  call void @"bpf_put_mem_cgroup"(ptr %".328")
  br label %"if.join.16"
if.join.16:
  %".333" = phi  ptr [null, %"if.then.19"], [null, %"css.item"]
  store ptr null, ptr %"memcg"
  store ptr %".325", ptr %"memcg"
  %".336" = load ptr, ptr %"memcg"
  %".337" = icmp ne ptr %".336", null
  br i1 %".337", label %"if.then.20", label %"if.join.17"
if.then.20:
  %".339" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.mem_cgroup.N") %".336", i32 0, i32 0)
  %".340" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.mem_cgroup.N") %".336", i32 0, i32 0)
  %".341" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.cgroup_subsys_state.N") %".340", i32 0, i32 0)
  %".342" = load ptr, ptr %".341"
  %".343" = icmp ne ptr %".342", null
  br i1 %".343", label %"read.ok.7", label %"read.done.8"
if.join.17:
  %".357" = phi  i1 [%".355", %"read.done.8"], [0, %"if.join.16"]
  br i1 %".357", label %"if.then.21", label %"if.end.3"
read.done.8:
  %".353" = phi  ptr [null, %"if.then.20"], [null, %"read.ok.7"], [%".351", %"read.ok.8"]
  %".354" = call i32 @"bpf_strcmp"(ptr %".353", ptr @".str.kill")
  %".355" = icmp eq i32 %".354", 0
  br label %"if.join.17"
read.ok.7:
  %".345" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.cgroup.N") %".342", i32 5, i32 5)
  %".346" = load ptr, ptr %".345"
  %".347" = icmp ne ptr %".346", null
  br i1 %".347", label %"read.ok.8", label %"read.done.8"
read.ok.8:
  %".349" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.kernfs_node.N") %".346", i32 1, i32 1)
  %".350" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.kernfs_node.N") %".346", i32 1, i32 1)
  %".351" = load ptr, ptr %".350"
  br label %"read.done.8"
if.then.21:
  %".359" = load ptr, ptr %"memcg"
  %".360" = icmp ne ptr %".359", null
  br i1 %".360", label %"if.then.22", label %"if.join.18"
if.end.3:
  br label %"css.step"
if.then.22:
  %".362" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.mem_cgroup.N") %".359", i32 0, i32 0)
  %".363" = call ptr @"bpf_get_mem_cgroup"(ptr %".362")
  br label %"if.join.18"
if.join.18:
  %".365" = phi  ptr [%".363", %"if.then.22"], [null, %"if.then.21"]
  %".366" = load ptr, ptr %"big"
  %".367" = icmp ne ptr %".366", null
  br i1 %".367", label %"if.then.23", label %"if.join.19"
if.then.23:
  call void @"bpf_put_mem_cgroup"(ptr %".366")
  br label %"if.join.19"
if.join.19:
  %".371" = phi  ptr [null, %"if.then.23"], [null, %"if.join.18"]
  store ptr null, ptr %"big"
  store ptr %".365", ptr %"big"
  br label %"if.end.3"
if.then.24:
  call void @"bpf_put_mem_cgroup"(ptr %".376")
  br label %"if.join.20"
if.join.20:
  %".381" = phi  ptr [null, %"if.then.24"], [null, %"css.step"]
  store ptr null, ptr %"memcg"
  br label %"css.next"
if.then.25:
  %".391" = load ptr, ptr %"mine"
  %".392" = icmp ne ptr %".391", null
  br i1 %".392", label %"if.then.26", label %"if.join.21"
if.end.4:
  %".441" = load ptr, ptr %"big"
  %".442" = icmp ne ptr %".441", null
  br i1 %".442", label %"if.then.33", label %"if.join.28"
if.then.26:
  call void @"bpf_put_mem_cgroup"(ptr %".391")
  br label %"if.join.21"
if.join.21:
  %".396" = phi  ptr [null, %"if.then.26"], [null, %"if.then.25"]
  store ptr null, ptr %"mine"
  %".398" = load ptr, ptr %"above"
  %".399" = icmp ne ptr %".398", null
  br i1 %".399", label %"if.then.27", label %"if.join.22"
if.then.27:
  call void @"bpf_put_mem_cgroup"(ptr %".398")
  br label %"if.join.22"
if.join.22:
  %".403" = phi  ptr [null, %"if.then.27"], [null, %"if.join.21"]
  store ptr null, ptr %"above"
  %".405" = load ptr, ptr %"memcg"
  %".406" = icmp ne ptr %".405", null
  br i1 %".406", label %"if.then.28", label %"if.join.23"
if.then.28:
  call void @"bpf_put_mem_cgroup"(ptr %".405")
  br label %"if.join.23"
if.join.23:
  %".410" = phi  ptr [null, %"if.then.28"], [null, %"if.join.22"]
  store ptr null, ptr %"memcg"
  %".412" = load ptr, ptr %"big"
  %".413" = icmp ne ptr %".412", null
  br i1 %".413", label %"if.then.29", label %"if.join.24"
if.then.29:
  call void @"bpf_put_mem_cgroup"(ptr %".412")
  br label %"if.join.24"
if.join.24:
  %".417" = phi  ptr [null, %"if.then.29"], [null, %"if.join.23"]
  store ptr null, ptr %"big"
  %".419" = load ptr, ptr %"top"
  %".420" = icmp ne ptr %".419", null
  br i1 %".420", label %"if.then.30", label %"if.join.25"
if.then.30:
  call void @"bpf_put_mem_cgroup"(ptr %".419")
  br label %"if.join.25"
if.join.25:
  %".424" = phi  ptr [null, %"if.then.30"], [null, %"if.join.24"]
  store ptr null, ptr %"top"
  %".426" = load ptr, ptr %"up"
  %".427" = icmp ne ptr %".426", null
  br i1 %".427", label %"if.then.31", label %"if.join.26"
if.then.31:
  call void @"bpf_put_mem_cgroup"(ptr %".426")
  br label %"if.join.26"
if.join.26:
  %".431" = phi  ptr [null, %"if.then.31"], [null, %"if.join.25"]
  store ptr null, ptr %"up"
  %".433" = load ptr, ptr %"scope"
  %".434" = icmp ne ptr %".433", null
  br i1 %".434", label %"if.then.32", label %"if.join.27"
if.then.32:
  call void @"bpf_put_mem_cgroup"(ptr %".433")
  br label %"if.join.27"
if.join.27:
  %".438" = phi  ptr [null, %"if.then.32"], [null, %"if.join.26"]
  store ptr null, ptr %"scope"
  ret i32 0
if.then.33:
  call void @"bpf_rcu_read_lock"()
  %".445" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.mem_cgroup.N") %".441", i32 0, i32 0)
  store ptr null, ptr %"up.memcg"
  %".447" = call i32 @"bpf_iter_css_new"(ptr %"up.iter", ptr %".445", i32 4)
  %".448" = call ptr @"bpf_iter_css_next"(ptr %"up.iter")
  br label %"up.next.2"
if.join.28:
  %".460" = phi  ptr [%".457", %"up.done.2"], [null, %"if.end.4"]
  %".461" = load ptr, ptr %"above"
  %".462" = icmp ne ptr %".461", null
  br i1 %".462", label %"if.then.34", label %"if.join.29"
up.next.2:
  %".450" = call ptr @"bpf_iter_css_next"(ptr %"up.iter")
  %".451" = icmp ne ptr %".450", null
  br i1 %".451", label %"up.have.2", label %"up.done.2"
up.have.2:
  %".453" = call ptr @"bpf_get_mem_cgroup"(ptr %".450")
  store ptr %".453", ptr %"up.memcg"
  br label %"up.done.2"
up.done.2:
  call void @"bpf_iter_css_destroy"(ptr %"up.iter")
  %".457" = load ptr, ptr %"up.memcg"
  call void @"bpf_rcu_read_unlock"()
  br label %"if.join.28"
if.then.34:
  call void @"bpf_put_mem_cgroup"(ptr %".461")
  br label %"if.join.29"
if.join.29:
  %".466" = phi  ptr [null, %"if.then.34"], [null, %"if.join.28"]
  store ptr null, ptr %"above"
  store ptr %".460", ptr %"above"
  %".469" = load ptr, ptr %"above"
  %".470" = icmp ne ptr %".469", null
  br i1 %".470", label %"and.next", label %"and.end"
and.end:
  %".506" = phi  i1 [%".470", %"if.join.29"], [%".504", %"read.done.10"]
  br i1 %".506", label %"if.then.35", label %"if.end.5"
and.next:
  %".472" = load ptr, ptr %"above"
  %".473" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.mem_cgroup.N") %".472", i32 0, i32 0)
  %".474" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.mem_cgroup.N") %".472", i32 0, i32 0)
  %".475" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.cgroup_subsys_state.N") %".474", i32 0, i32 0)
  %".476" = load ptr, ptr %".475"
  %".477" = icmp ne ptr %".476", null
  br i1 %".477", label %"read.ok.9", label %"read.done.9"
read.done.9:
  %".487" = phi  i64 [0, %"and.next"], [0, %"read.ok.9"], [%".485", %"read.ok.10"]
  %".488" = load ptr, ptr %"scope"
  %".489" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.mem_cgroup.N") %".488", i32 0, i32 0)
  %".490" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.mem_cgroup.N") %".488", i32 0, i32 0)
  %".491" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.cgroup_subsys_state.N") %".490", i32 0, i32 0)
  %".492" = load ptr, ptr %".491"
  %".493" = icmp ne ptr %".492", null
  br i1 %".493", label %"read.ok.11", label %"read.done.10"
read.ok.9:
  %".479" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.cgroup.N") %".476", i32 5, i32 5)
  %".480" = load ptr, ptr %".479"
  %".481" = icmp ne ptr %".480", null
  br i1 %".481", label %"read.ok.10", label %"read.done.9"
read.ok.10:
  %".483" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.kernfs_node.N") %".480", i32 3, i32 3)
  %".484" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.kernfs_node.N") %".480", i32 3, i32 3)
  %".485" = load i64, ptr %".484"
  br label %"read.done.9"
read.done.10:
  %".503" = phi  i64 [0, %"read.done.9"], [0, %"read.ok.11"], [%".501", %"read.ok.12"]
  %".504" = icmp eq i64 %".487", %".503"
  br label %"and.end"
read.ok.11:
  %".495" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.cgroup.N") %".492", i32 5, i32 5)
  %".496" = load ptr, ptr %".495"
  %".497" = icmp ne ptr %".496", null
  br i1 %".497", label %"read.ok.12", label %"read.done.10"
read.ok.12:
  %".499" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.kernfs_node.N") %".496", i32 3, i32 3)
  %".500" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.kernfs_node.N") %".496", i32 3, i32 3)
  %".501" = load i64, ptr %".500"
  br label %"read.done.10"
if.then.35:
  store i32 12, ptr %"map.key.6"
  store i64 1, ptr %"map.value.6"
  %".510" = call i64 inttoptr (i64 2 to ptr)(ptr @"seen", ptr %"map.key.6", ptr %"map.value.6", i64 0)
  br label %"if.end.5"
if.end.5:
  store i64 0, ptr %"most"
  %".513" = load ptr, ptr %"big"
  %".514" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.mem_cgroup.N") %".513", i32 0, i32 0)
  %".515" = call i32 @"bpf_iter_css_task_new"(ptr %"iter.1", ptr %".514", i32 1)
  br label %"task.next"
task.next:
  %".517" = call ptr @"bpf_iter_css_task_next"(ptr %"iter.1")
  %".518" = icmp ne ptr %".517", null
  br i1 %".518", label %"task.item", label %"task.exit"
task.item:
  store ptr %".517", ptr %"task"
  %".521" = load ptr, ptr %"task"
  %".522" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.task_struct.N") %".521", i32 2, i32 2)
  %".523" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.task_struct.N") %".521", i32 2, i32 2)
  %".524" = load ptr, ptr %".523"
  br label %"read.done.11"
task.exit:
  call void @"bpf_iter_css_task_destroy"(ptr %"iter.1")
  br label %"task.after"
task.after:
  %".671" = load {ptr, ptr}, ptr %"oc.1"
  %".672" = extractvalue {ptr, ptr} %".671", 0
  %".673" = load ptr, ptr %"big"
  %".674" = icmp ne ptr %".673", null
  br i1 %".674", label %"if.then.45", label %"if.join.37"
read.done.11:
  %".526" = phi  ptr [%".524", %"task.item"]
  %".527" = icmp ne ptr %".526", null
  br i1 %".527", label %"if.then.36", label %"if.join.30"
if.then.36:
  %".529" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.mm_struct.N") %".526", i32 0, i32 0)
  %".530" = call ptr @"llvm.preserve.array.access.index.p0.p0"(ptr elementtype([4 x %"struct.percpu_counter.N"]) %".529", i32 1, i32 0)
  %".531" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.percpu_counter.N") %".530", i32 0, i32 0)
  %".532" = load i64, ptr %".531"
  %".533" = icmp slt i64 %".532", 0
  %".534" = select  i1 %".533", i64 0, i64 %".532"
  %".535" = add i64 0, %".534"
  %".536" = call ptr @"llvm.preserve.array.access.index.p0.p0"(ptr elementtype([4 x %"struct.percpu_counter.N"]) %".529", i32 1, i32 1)
  %".537" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.percpu_counter.N") %".536", i32 0, i32 0)
  %".538" = load i64, ptr %".537"
  %".539" = icmp slt i64 %".538", 0
  %".540" = select  i1 %".539", i64 0, i64 %".538"
  %".541" = add i64 %".535", %".540"
  %".542" = call ptr @"llvm.preserve.array.access.index.p0.p0"(ptr elementtype([4 x %"struct.percpu_counter.N"]) %".529", i32 1, i32 3)
  %".543" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.percpu_counter.N") %".542", i32 0, i32 0)
  %".544" = load i64, ptr %".543"
  %".545" = icmp slt i64 %".544", 0
  %".546" = select  i1 %".545", i64 0, i64 %".544"
  %".547" = add i64 %".541", %".546"
  br label %"if.join.30"
if.join.30:
  %".549" = phi  i64 [%".547", %"if.then.36"], [0, %"read.done.11"]
  %".550" = mul i64 %".549", 4096
  store i64 %".550", ptr %"rss"
  %".552" = load i64, ptr %"rss"
  %".553" = load i64, ptr %"most"
  %".554" = icmp ugt i64 %".552", %".553"
  br i1 %".554", label %"if.then.37", label %"if.end.6"
if.then.37:
  %".556" = load i64, ptr %"rss"
  store i64 %".556", ptr %"most"
  %".558" = load ptr, ptr %"task"
  %".559" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.task_struct.N") %".558", i32 4, i32 4)
  %".560" = load i32, ptr %".559"
  %".561" = sext i32 %".560" to i64
  store i32 8, ptr %"map.key.7"
  store i64 %".561", ptr %"map.value.7"
  %".564" = call i64 inttoptr (i64 2 to ptr)(ptr @"seen", ptr %"map.key.7", ptr %"map.value.7", i64 0)
  %".565" = load i64, ptr %"rss"
  store i32 5, ptr %"map.key.8"
  store i64 %".565", ptr %"map.value.8"
  %".568" = call i64 inttoptr (i64 2 to ptr)(ptr @"seen", ptr %"map.key.8", ptr %"map.value.8", i64 0)
  %".569" = load ptr, ptr %"task"
  %".570" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.task_struct.N") %".569", i32 2, i32 2)
  %".571" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.task_struct.N") %".569", i32 2, i32 2)
  %".572" = load ptr, ptr %".571"
  br label %"read.done.12"
if.end.6:
  br label %"task.next"
read.done.12:
  %".574" = phi  ptr [%".572", %"if.then.37"]
  %".575" = icmp ne ptr %".574", null
  br i1 %".575", label %"if.then.38", label %"if.join.31"
if.then.38:
  %".577" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.mm_struct.N") %".574", i32 0, i32 0)
  %".578" = call ptr @"llvm.preserve.array.access.index.p0.p0"(ptr elementtype([4 x %"struct.percpu_counter.N"]) %".577", i32 1, i32 2)
  %".579" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.percpu_counter.N") %".578", i32 0, i32 0)
  %".580" = load i64, ptr %".579"
  %".581" = icmp slt i64 %".580", 0
  %".582" = select  i1 %".581", i64 0, i64 %".580"
  %".583" = add i64 0, %".582"
  br label %"if.join.31"
if.join.31:
  %".585" = phi  i64 [%".583", %"if.then.38"], [0, %"read.done.12"]
  %".586" = mul i64 %".585", 4096
  store i32 6, ptr %"map.key.9"
  store i64 %".586", ptr %"map.value.9"
  %".589" = call i64 inttoptr (i64 2 to ptr)(ptr @"seen", ptr %"map.key.9", ptr %"map.value.9", i64 0)
  %".590" = load ptr, ptr %"task"
  %".591" = icmp ne ptr %".590", null
  br i1 %".591", label %"if.then.39", label %"if.join.32"
if.then.39:
  call void @"bpf_rcu_read_lock"()
  %".594" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.task_struct.N") %".590", i32 10, i32 10)
  %".595" = load ptr, ptr %".594"
  %".596" = icmp ne ptr %".595", null
  br i1 %".596", label %"read.ok.13", label %"read.done.13"
if.join.32:
  %".635" = phi  ptr [%".632", %"if.join.33"], [null, %"if.join.31"]
  %".636" = load ptr, ptr %"mine"
  %".637" = icmp ne ptr %".636", null
  br i1 %".637", label %"if.then.43", label %"if.join.36"
read.done.13:
  %".602" = phi  ptr [null, %"if.then.39"], [%".600", %"read.ok.13"]
  %".603" = icmp ne ptr %".602", null
  br i1 %".603", label %"if.then.40", label %"if.join.33"
read.ok.13:
  %".598" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.css_set.N") %".595", i32 1, i32 1)
  %".599" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.css_set.N") %".595", i32 1, i32 1)
  %".600" = load ptr, ptr %".599"
  br label %"read.done.13"
if.then.40:
  %".605" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.cgroup.N") %".602", i32 0, i32 0)
  %".606" = call ptr @"bpf_get_mem_cgroup"(ptr %".605")
  %".607" = icmp eq ptr %".606", null
  br i1 %".607", label %"if.then.41", label %"if.join.34"
if.join.33:
  %".632" = phi  ptr [%".630", %"if.join.34"], [null, %"read.done.13"]
  call void @"bpf_rcu_read_unlock"()
  br label %"if.join.32"
if.then.41:
  %".609" = call ptr @"bpf_cgroup_acquire"(ptr %".602")
  %".610" = icmp ne ptr %".609", null
  br i1 %".610", label %"if.then.42", label %"if.join.35"
if.join.34:
  %".630" = phi  ptr [%".628", %"if.join.35"], [%".606", %"if.then.40"]
  br label %"if.join.33"
if.then.42:
  %".612" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.cgroup.N") %".609", i32 0, i32 0)
  store ptr null, ptr %"up.memcg"
  %".614" = call i32 @"bpf_iter_css_new"(ptr %"up.iter", ptr %".612", i32 4)
  %".615" = call ptr @"bpf_iter_css_next"(ptr %"up.iter")
  br label %"up.next.3"
if.join.35:
  %".628" = phi  ptr [%".625", %"up.done.3"], [null, %"if.then.41"]
  br label %"if.join.34"
up.next.3:
  %".617" = call ptr @"bpf_iter_css_next"(ptr %"up.iter")
  %".618" = icmp ne ptr %".617", null
  br i1 %".618", label %"up.have.3", label %"up.done.3"
up.have.3:
  %".620" = call ptr @"bpf_get_mem_cgroup"(ptr %".617")
  store ptr %".620", ptr %"up.memcg"
  %".622" = icmp ne ptr %".620", null
  br i1 %".622", label %"up.done.3", label %"up.next.3"
up.done.3:
  call void @"bpf_iter_css_destroy"(ptr %"up.iter")
  %".625" = load ptr, ptr %"up.memcg"
  call void @"bpf_cgroup_release"(ptr %".609")
  br label %"if.join.35"
if.then.43:
  call void @"bpf_put_mem_cgroup"(ptr %".636")
  br label %"if.join.36"
if.join.36:
  %".641" = phi  ptr [null, %"if.then.43"], [null, %"if.join.32"]
  store ptr null, ptr %"mine"
  store ptr %".635", ptr %"mine"
  %".644" = load ptr, ptr %"mine"
  %".645" = icmp ne ptr %".644", null
  br i1 %".645", label %"if.then.44", label %"if.end.7"
if.then.44:
  %".647" = load ptr, ptr %"mine"
  %".648" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.mem_cgroup.N") %".647", i32 0, i32 0)
  %".649" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.mem_cgroup.N") %".647", i32 0, i32 0)
  %".650" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.cgroup_subsys_state.N") %".649", i32 0, i32 0)
  %".651" = load ptr, ptr %".650"
  %".652" = icmp ne ptr %".651", null
  br i1 %".652", label %"read.ok.14", label %"read.done.14"
if.end.7:
  br label %"if.end.6"
read.done.14:
  %".662" = phi  i64 [0, %"if.then.44"], [0, %"read.ok.14"], [%".660", %"read.ok.15"]
  store i32 7, ptr %"map.key.10"
  store i64 %".662", ptr %"map.value.10"
  %".665" = call i64 inttoptr (i64 2 to ptr)(ptr @"seen", ptr %"map.key.10", ptr %"map.value.10", i64 0)
  br label %"if.end.7"
read.ok.14:
  %".654" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.cgroup.N") %".651", i32 5, i32 5)
  %".655" = load ptr, ptr %".654"
  %".656" = icmp ne ptr %".655", null
  br i1 %".656", label %"read.ok.15", label %"read.done.14"
read.ok.15:
  %".658" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.kernfs_node.N") %".655", i32 3, i32 3)
  %".659" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.kernfs_node.N") %".655", i32 3, i32 3)
  %".660" = load i64, ptr %".659"
  br label %"read.done.14"
if.then.45:
  store i32 0, ptr %"killed"
  %".677" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.mem_cgroup.N") %".673", i32 0, i32 0)
  %".678" = call i32 @"bpf_iter_css_task_new"(ptr %"iter.2", ptr %".677", i32 1)
  br label %"kill.next"
if.join.37:
  %".695" = phi  i32 [%".693", %"kill.exit"], [0, %"task.after"]
  store i32 %".695", ptr %"verdict"
  %".697" = load i32, ptr %"verdict"
  %".698" = icmp ne i32 %".697", 0
  br i1 %".698", label %"if.then.46", label %"if.end.8"
kill.next:
  %".680" = call ptr @"bpf_iter_css_task_next"(ptr %"iter.2")
  %".681" = icmp ne ptr %".680", null
  br i1 %".681", label %"kill.item", label %"kill.exit"
kill.item:
  %".683" = call i8 @"bpf_task_is_oom_victim"(ptr %".680")
  %".684" = icmp ne i8 %".683", 0
  br i1 %".684", label %"kill.next", label %"kill.do"
kill.do:
  %".686" = call i32 @"bpf_oom_kill_process"(ptr %".672", ptr %".680", ptr @".str.kill_2")
  %".687" = icmp eq i32 %".686", 0
  %".688" = load i32, ptr %"killed"
  %".689" = select  i1 %".687", i32 1, i32 %".688"
  store i32 %".689", ptr %"killed"
  br label %"kill.next"
kill.exit:
  call void @"bpf_iter_css_task_destroy"(ptr %"iter.2")
  %".693" = load i32, ptr %"killed"
  br label %"if.join.37"
if.then.46:
  store i32 11, ptr %"map.key.11"
  store i64 1, ptr %"map.value.11"
  %".702" = call i64 inttoptr (i64 2 to ptr)(ptr @"seen", ptr %"map.key.11", ptr %"map.value.11", i64 0)
  br label %"if.end.8"
if.end.8:
  %".704" = load {ptr, ptr}, ptr %"oc.1"
  %".705" = extractvalue {ptr, ptr} %".704", 0
  %".706" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.oom_control.N") %".705", i32 2, i32 2)
  %".707" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.oom_control.N") %".705", i32 2, i32 2)
  %".708" = load ptr, ptr %".707"
  br label %"read.done.15"
read.done.15:
  %".710" = phi  ptr [%".708", %"if.end.8"]
  %".711" = icmp ne ptr %".710", null
  br i1 %".711", label %"ocm.some.2", label %"ocm.root.2"
ocm.some.2:
  %".713" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.mem_cgroup.N") %".710", i32 0, i32 0)
  %".714" = call ptr @"bpf_get_mem_cgroup"(ptr %".713")
  br label %"ocm.join.2"
ocm.root.2:
  %".716" = call ptr @"bpf_get_root_mem_cgroup"()
  br label %"ocm.join.2"
ocm.join.2:
  %".718" = phi  ptr [%".714", %"ocm.some.2"], [%".716", %"ocm.root.2"]
  %".719" = load {ptr, ptr}, ptr %"oc.1"
  %".720" = extractvalue {ptr, ptr} %".719", 0
  %".721" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.oom_control.N") %".720", i32 4, i32 4)
  %".722" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.oom_control.N") %".720", i32 4, i32 4)
  %".723" = load i32, ptr %".722"
  br label %"read.done.16"
read.done.16:
  %".725" = phi  i32 [%".723", %"ocm.join.2"]
  %".726" = icmp eq i32 %".725", -1
  %".727" = icmp ne ptr %".718", null
  %".728" = xor i1 %".726", -1
  %".729" = and i1 %".727", %".728"
  br i1 %".729", label %"if.then.47", label %"if.join.38"
if.then.47:
  store i32 0, ptr %"victim.found"
  call void @"bpf_rcu_read_lock"()
  %".733" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.mem_cgroup.N") %".718", i32 0, i32 0)
  %".734" = call i32 @"bpf_iter_css_new"(ptr %"ve.iter", ptr %".733", i32 2)
  br label %"ve.next.1"
if.join.38:
  %".784" = phi  i1 [%".782", %"ve.done.1"], [0, %"read.done.16"]
  %".785" = icmp ne ptr %".718", null
  br i1 %".785", label %"if.then.49", label %"if.join.40"
ve.next.1:
  %".736" = call ptr @"bpf_iter_css_next"(ptr %"ve.iter")
  %".737" = icmp ne ptr %".736", null
  br i1 %".737", label %"ve.have.1", label %"ve.done.1"
ve.have.1:
  %".739" = call ptr @"bpf_get_mem_cgroup"(ptr %".736")
  %".740" = icmp ne ptr %".739", null
  br i1 %".740", label %"ve.item.1", label %"ve.next.1"
ve.item.1:
  %".742" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.mem_cgroup.N") %".739", i32 0, i32 0)
  %".743" = call i32 @"bpf_iter_css_task_new"(ptr %"ve.task_iter", ptr %".742", i32 1)
  br label %"ve.task.next.1"
ve.done.1:
  call void @"bpf_iter_css_destroy"(ptr %"ve.iter")
  call void @"bpf_rcu_read_unlock"()
  %".781" = load i32, ptr %"victim.found"
  %".782" = icmp ne i32 %".781", 0
  br label %"if.join.38"
ve.task.next.1:
  %".745" = call ptr @"bpf_iter_css_task_next"(ptr %"ve.task_iter")
  %".746" = icmp ne ptr %".745", null
  br i1 %".746", label %"ve.task.have.1", label %"ve.task.done.1"
ve.task.have.1:
  %".748" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.task_struct.N") %".745", i32 9, i32 9)
  %".749" = load ptr, ptr %".748"
  %".750" = icmp ne ptr %".749", null
  br i1 %".750", label %"read.ok.16", label %"read.done.17"
ve.task.hit.1:
  store i32 1, ptr %"victim.found"
  br label %"ve.task.done.1"
ve.task.done.1:
  call void @"bpf_iter_css_task_destroy"(ptr %"ve.task_iter")
  call void @"bpf_put_mem_cgroup"(ptr %".739")
  %".776" = load i32, ptr %"victim.found"
  %".777" = icmp ne i32 %".776", 0
  br i1 %".777", label %"ve.done.1", label %"ve.next.1"
read.done.17:
  %".756" = phi  ptr [null, %"ve.task.have.1"], [%".754", %"read.ok.16"]
  %".757" = icmp ne ptr %".756", null
  br i1 %".757", label %"if.then.48", label %"if.join.39"
read.ok.16:
  %".752" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.signal_struct.N") %".749", i32 4, i32 4)
  %".753" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.signal_struct.N") %".749", i32 4, i32 4)
  %".754" = load ptr, ptr %".753"
  br label %"read.done.17"
if.then.48:
  %".759" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.mm_struct.N") %".756", i32 1, i32 1)
  %".760" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.mm_struct.N") %".756", i32 1, i32 1)
  %".761" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.anon.N") %".760", i32 0, i32 0)
  %".762" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.mm_struct.N") %".756", i32 1, i32 1)
  %".763" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.anon.N") %".762", i32 0, i32 0)
  %".764" = load i64, ptr %".763"
  br label %"read.done.18"
if.join.39:
  %".770" = phi  i1 [%".768", %"read.done.18"], [0, %"read.done.17"]
  br i1 %".770", label %"ve.task.hit.1", label %"ve.task.next.1"
read.done.18:
  %".766" = phi  i64 [%".764", %"if.then.48"]
  %".767" = and i64 %".766", 2097152
  %".768" = icmp eq i64 %".767", 0
  br label %"if.join.39"
if.then.49:
  call void @"bpf_put_mem_cgroup"(ptr %".718")
  br label %"if.join.40"
if.join.40:
  %".789" = phi  ptr [null, %"if.then.49"], [null, %"if.join.38"]
  %".790" = zext i1 %".784" to i64
  store i32 10, ptr %"map.key.12"
  store i64 %".790", ptr %"map.value.12"
  %".793" = call i64 inttoptr (i64 2 to ptr)(ptr @"seen", ptr %"map.key.12", ptr %"map.value.12", i64 0)
  %".794" = load i32, ptr %"verdict"
  %".795" = load ptr, ptr %"mine"
  %".796" = icmp ne ptr %".795", null
  br i1 %".796", label %"if.then.50", label %"if.join.41"
if.then.50:
  call void @"bpf_put_mem_cgroup"(ptr %".795")
  br label %"if.join.41"
if.join.41:
  %".800" = phi  ptr [null, %"if.then.50"], [null, %"if.join.40"]
  store ptr null, ptr %"mine"
  %".802" = load ptr, ptr %"above"
  %".803" = icmp ne ptr %".802", null
  br i1 %".803", label %"if.then.51", label %"if.join.42"
if.then.51:
  call void @"bpf_put_mem_cgroup"(ptr %".802")
  br label %"if.join.42"
if.join.42:
  %".807" = phi  ptr [null, %"if.then.51"], [null, %"if.join.41"]
  store ptr null, ptr %"above"
  %".809" = load ptr, ptr %"memcg"
  %".810" = icmp ne ptr %".809", null
  br i1 %".810", label %"if.then.52", label %"if.join.43"
if.then.52:
  call void @"bpf_put_mem_cgroup"(ptr %".809")
  br label %"if.join.43"
if.join.43:
  %".814" = phi  ptr [null, %"if.then.52"], [null, %"if.join.42"]
  store ptr null, ptr %"memcg"
  %".816" = load ptr, ptr %"big"
  %".817" = icmp ne ptr %".816", null
  br i1 %".817", label %"if.then.53", label %"if.join.44"
if.then.53:
  call void @"bpf_put_mem_cgroup"(ptr %".816")
  br label %"if.join.44"
if.join.44:
  %".821" = phi  ptr [null, %"if.then.53"], [null, %"if.join.43"]
  store ptr null, ptr %"big"
  %".823" = load ptr, ptr %"top"
  %".824" = icmp ne ptr %".823", null
  br i1 %".824", label %"if.then.54", label %"if.join.45"
if.then.54:
  call void @"bpf_put_mem_cgroup"(ptr %".823")
  br label %"if.join.45"
if.join.45:
  %".828" = phi  ptr [null, %"if.then.54"], [null, %"if.join.44"]
  store ptr null, ptr %"top"
  %".830" = load ptr, ptr %"up"
  %".831" = icmp ne ptr %".830", null
  br i1 %".831", label %"if.then.55", label %"if.join.46"
if.then.55:
  call void @"bpf_put_mem_cgroup"(ptr %".830")
  br label %"if.join.46"
if.join.46:
  %".835" = phi  ptr [null, %"if.then.55"], [null, %"if.join.45"]
  store ptr null, ptr %"up"
  %".837" = load ptr, ptr %"scope"
  %".838" = icmp ne ptr %".837", null
  br i1 %".838", label %"if.then.56", label %"if.join.47"
if.then.56:
  call void @"bpf_put_mem_cgroup"(ptr %".837")
  br label %"if.join.47"
if.join.47:
  %".842" = phi  ptr [null, %"if.then.56"], [null, %"if.join.46"]
  store ptr null, ptr %"scope"
  ret i32 %".794"
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
  %".12" = icmp ne ptr %".11", null
  br i1 %".12", label %"read.ok", label %"read.done"
if.join:
  %".26" = phi  i1 [%".24", %"read.done"], [0, %"entry"]
  br i1 %".26", label %"if.then.1", label %"if.end"
read.done:
  %".22" = phi  ptr [null, %"if.then"], [null, %"read.ok"], [%".20", %"read.ok.1"]
  %".23" = call i32 @"bpf_strcmp"(ptr %".22", ptr @".str.kill_3")
  %".24" = icmp eq i32 %".23", 0
  br label %"if.join"
read.ok:
  %".14" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.cgroup.N") %".11", i32 5, i32 5)
  %".15" = load ptr, ptr %".14"
  %".16" = icmp ne ptr %".15", null
  br i1 %".16", label %"read.ok.1", label %"read.done"
read.ok.1:
  %".18" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.kernfs_node.N") %".15", i32 1, i32 1)
  %".19" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.kernfs_node.N") %".15", i32 1, i32 1)
  %".20" = load ptr, ptr %".19"
  br label %"read.done"
if.then.1:
  %".28" = load i64, ptr %"bits"
  %".29" = or i64 %".28", 1
  store i64 %".29", ptr %"bits"
  br label %"if.end"
if.end:
  %".32" = load ptr, ptr %"memcg.1"
  %".33" = icmp ne ptr %".32", null
  br i1 %".33", label %"if.then.2", label %"if.join.1"
if.then.2:
  %".35" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.mem_cgroup.N") %".32", i32 0, i32 0)
  %".36" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.mem_cgroup.N") %".32", i32 0, i32 0)
  %".37" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.cgroup_subsys_state.N") %".36", i32 0, i32 0)
  %".38" = load ptr, ptr %".37"
  %".39" = icmp ne ptr %".38", null
  br i1 %".39", label %"read.ok.2", label %"read.done.1"
if.join.1:
  %".53" = phi  i1 [%".51", %"read.done.1"], [0, %"if.end"]
  br i1 %".53", label %"if.then.3", label %"if.end.1"
read.done.1:
  %".49" = phi  ptr [null, %"if.then.2"], [null, %"read.ok.2"], [%".47", %"read.ok.3"]
  %".50" = call i32 @"bpf_strcmp"(ptr %".49", ptr @".str.kill_4")
  %".51" = icmp eq i32 %".50", 0
  br label %"if.join.1"
read.ok.2:
  %".41" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.cgroup.N") %".38", i32 5, i32 5)
  %".42" = load ptr, ptr %".41"
  %".43" = icmp ne ptr %".42", null
  br i1 %".43", label %"read.ok.3", label %"read.done.1"
read.ok.3:
  %".45" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.kernfs_node.N") %".42", i32 1, i32 1)
  %".46" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.kernfs_node.N") %".42", i32 1, i32 1)
  %".47" = load ptr, ptr %".46"
  br label %"read.done.1"
if.then.3:
  %".55" = load i64, ptr %"bits"
  %".56" = or i64 %".55", 2
  store i64 %".56", ptr %"bits"
  br label %"if.end.1"
if.end.1:
  %".59" = load ptr, ptr %"memcg.1"
  %".60" = icmp ne ptr %".59", null
  br i1 %".60", label %"if.then.4", label %"if.join.2"
if.then.4:
  %".62" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.mem_cgroup.N") %".59", i32 0, i32 0)
  %".63" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.mem_cgroup.N") %".59", i32 0, i32 0)
  %".64" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.cgroup_subsys_state.N") %".63", i32 0, i32 0)
  %".65" = load ptr, ptr %".64"
  %".66" = icmp ne ptr %".65", null
  br i1 %".66", label %"read.ok.4", label %"read.done.2"
if.join.2:
  %".80" = phi  i1 [%".78", %"read.done.2"], [0, %"if.end.1"]
  br i1 %".80", label %"if.then.5", label %"if.end.2"
read.done.2:
  %".76" = phi  ptr [null, %"if.then.4"], [null, %"read.ok.4"], [%".74", %"read.ok.5"]
  %".77" = call i32 @"bpf_strstr"(ptr %".76", ptr @".str.kill_5")
  %".78" = icmp eq i32 %".77", 0
  br label %"if.join.2"
read.ok.4:
  %".68" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.cgroup.N") %".65", i32 5, i32 5)
  %".69" = load ptr, ptr %".68"
  %".70" = icmp ne ptr %".69", null
  br i1 %".70", label %"read.ok.5", label %"read.done.2"
read.ok.5:
  %".72" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.kernfs_node.N") %".69", i32 1, i32 1)
  %".73" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.kernfs_node.N") %".69", i32 1, i32 1)
  %".74" = load ptr, ptr %".73"
  br label %"read.done.2"
if.then.5:
  %".82" = load i64, ptr %"bits"
  %".83" = or i64 %".82", 4
  store i64 %".83", ptr %"bits"
  br label %"if.end.2"
if.end.2:
  %".86" = load ptr, ptr %"memcg.1"
  %".87" = icmp ne ptr %".86", null
  br i1 %".87", label %"if.then.6", label %"if.join.3"
if.then.6:
  %".89" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.mem_cgroup.N") %".86", i32 0, i32 0)
  %".90" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.mem_cgroup.N") %".86", i32 0, i32 0)
  %".91" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.cgroup_subsys_state.N") %".90", i32 0, i32 0)
  %".92" = load ptr, ptr %".91"
  %".93" = icmp ne ptr %".92", null
  br i1 %".93", label %"read.ok.6", label %"read.done.3"
if.join.3:
  %".107" = phi  i1 [%".105", %"read.done.3"], [0, %"if.end.2"]
  br i1 %".107", label %"if.then.7", label %"if.end.3"
read.done.3:
  %".103" = phi  ptr [null, %"if.then.6"], [null, %"read.ok.6"], [%".101", %"read.ok.7"]
  %".104" = call i32 @"bpf_strcmp"(ptr %".103", ptr @".str.kill_6")
  %".105" = icmp eq i32 %".104", 0
  br label %"if.join.3"
read.ok.6:
  %".95" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.cgroup.N") %".92", i32 5, i32 5)
  %".96" = load ptr, ptr %".95"
  %".97" = icmp ne ptr %".96", null
  br i1 %".97", label %"read.ok.7", label %"read.done.3"
read.ok.7:
  %".99" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.kernfs_node.N") %".96", i32 1, i32 1)
  %".100" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.kernfs_node.N") %".96", i32 1, i32 1)
  %".101" = load ptr, ptr %".100"
  br label %"read.done.3"
if.then.7:
  %".109" = load i64, ptr %"bits"
  %".110" = or i64 %".109", 8
  store i64 %".110", ptr %"bits"
  br label %"if.end.3"
if.end.3:
  %".113" = load ptr, ptr %"memcg.1"
  %".114" = icmp ne ptr %".113", null
  br i1 %".114", label %"if.then.8", label %"if.join.4"
if.then.8:
  %".116" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.mem_cgroup.N") %".113", i32 0, i32 0)
  %".117" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.mem_cgroup.N") %".113", i32 0, i32 0)
  %".118" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.cgroup_subsys_state.N") %".117", i32 0, i32 0)
  %".119" = load ptr, ptr %".118"
  %".120" = icmp ne ptr %".119", null
  br i1 %".120", label %"read.ok.8", label %"read.done.4"
if.join.4:
  %".134" = phi  i1 [%".132", %"read.done.4"], [0, %"if.end.3"]
  br i1 %".134", label %"if.then.9", label %"if.end.4"
read.done.4:
  %".130" = phi  ptr [null, %"if.then.8"], [null, %"read.ok.8"], [%".128", %"read.ok.9"]
  %".131" = call i32 @"bpf_strstr"(ptr %".130", ptr @".str.kill_7")
  %".132" = icmp eq i32 %".131", 0
  br label %"if.join.4"
read.ok.8:
  %".122" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.cgroup.N") %".119", i32 5, i32 5)
  %".123" = load ptr, ptr %".122"
  %".124" = icmp ne ptr %".123", null
  br i1 %".124", label %"read.ok.9", label %"read.done.4"
read.ok.9:
  %".126" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.kernfs_node.N") %".123", i32 1, i32 1)
  %".127" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.kernfs_node.N") %".123", i32 1, i32 1)
  %".128" = load ptr, ptr %".127"
  br label %"read.done.4"
if.then.9:
  %".136" = load i64, ptr %"bits"
  %".137" = or i64 %".136", 16
  store i64 %".137", ptr %"bits"
  br label %"if.end.4"
if.end.4:
  %".140" = load i64, ptr %"bits"
  ret i64 %".140"
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
