target triple = "bpfel"
target datalayout = "e-m:e-p:64:64-i64:64-i128:128-n32:64-S128"

%"struct.oom_control.N" = type {i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8}
%"struct.mem_cgroup.N" = type {i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8}
%"struct.cgroup_subsys_state.N" = type {i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8}
%"struct.cgroup.N" = type {i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8}
%"struct.kernfs_node.N" = type {i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8}
%"struct.task_struct.N" = type {i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8}
%"struct.signal_struct.N" = type {i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8}
%"struct.mm_struct.N" = type {i8, i8}
%"struct.anon.N" = type {i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8}
%"struct.anon.N" = type {i8}
%"struct.percpu_counter.N" = type {i8, i8, i8, i8}
%"struct.css_set.N" = type {i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8, i8}
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
  %"oc.1" = alloca {ptr, ptr}
  store {ptr, ptr} %"oc", ptr %"oc.1"
  %"scope" = alloca ptr
  store ptr null, ptr %"scope"
  %"up" = alloca ptr
  store ptr null, ptr %"up"
  %"top" = alloca ptr
  store ptr null, ptr %"top"
  %"big" = alloca ptr
  store ptr null, ptr %"big"
  %"memcg" = alloca ptr
  store ptr null, ptr %"memcg"
  %"above" = alloca ptr
  store ptr null, ptr %"above"
  %"mine" = alloca ptr
  store ptr null, ptr %"mine"
  %".11" = load {ptr, ptr}, ptr %"oc.1"
  %".12" = extractvalue {ptr, ptr} %".11", 0
  %".13" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.oom_control.N") %".12", i32 2, i32 2)
  %".14" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.oom_control.N") %".12", i32 2, i32 2)
  %".15" = load ptr, ptr %".14"
  %"map.key" = alloca i32
  %"map.value" = alloca i64
  %"up.memcg" = alloca ptr
  %"up.iter" = alloca [3 x i64]
  %"map.key.1" = alloca i32
  %"map.value.1" = alloca i64
  %"map.key.2" = alloca i32
  %"map.value.2" = alloca i64
  %"map.key.3" = alloca i32
  %"map.value.3" = alloca i64
  %"map.key.4" = alloca i32
  %"map.value.4" = alloca i64
  %"victim.found" = alloca i32
  %"ve.iter" = alloca [3 x i64]
  %"ve.task_iter" = alloca [1 x i64]
  %"map.key.5" = alloca i32
  %"map.value.5" = alloca i64
  %"iter" = alloca [3 x i64]
  %"map.key.6" = alloca i32
  %"map.value.6" = alloca i64
  %"most" = alloca i64
  %"iter.1" = alloca [1 x i64]
  %"task" = alloca ptr
  %"rss" = alloca i64
  %"map.key.7" = alloca i32
  %"map.value.7" = alloca i64
  %"map.key.8" = alloca i32
  %"map.value.8" = alloca i64
  %"map.key.9" = alloca i32
  %"map.value.9" = alloca i64
  %"map.key.10" = alloca i32
  %"map.value.10" = alloca i64
  %"killed" = alloca i32
  %"iter.2" = alloca [1 x i64]
  %"verdict" = alloca i32
  %"map.key.11" = alloca i32
  %"map.value.11" = alloca i64
  %"map.key.12" = alloca i32
  %"map.value.12" = alloca i64
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
  %".95" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.cgroup.N") %".92", i32 12, i32 12)
  %".96" = load ptr, ptr %".95"
  %".97" = icmp ne ptr %".96", null
  br i1 %".97", label %"read.ok.1", label %"read.done.1"
read.ok.1:
  %".99" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.kernfs_node.N") %".96", i32 10, i32 10)
  %".100" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.kernfs_node.N") %".96", i32 10, i32 10)
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
  %".145" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.cgroup.N") %".142", i32 12, i32 12)
  %".146" = load ptr, ptr %".145"
  %".147" = icmp ne ptr %".146", null
  br i1 %".147", label %"read.ok.3", label %"read.done.2"
read.ok.3:
  %".149" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.kernfs_node.N") %".146", i32 10, i32 10)
  %".150" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.kernfs_node.N") %".146", i32 10, i32 10)
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
  %".195" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.cgroup.N") %".192", i32 12, i32 12)
  %".196" = load ptr, ptr %".195"
  %".197" = icmp ne ptr %".196", null
  br i1 %".197", label %"read.ok.5", label %"read.done.3"
read.ok.5:
  %".199" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.kernfs_node.N") %".196", i32 10, i32 10)
  %".200" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.kernfs_node.N") %".196", i32 10, i32 10)
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
  %".302" = phi  i1 [%".300", %"ve.done"], [0, %"read.done.5"]
  %".303" = icmp ne ptr %".233", null
  br i1 %".303", label %"if.then.17", label %"if.join.14"
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
  %".299" = load i32, ptr %"victim.found"
  %".300" = icmp ne i32 %".299", 0
  br label %"if.join.12"
ve.task.next:
  %".260" = call ptr @"bpf_iter_css_task_next"(ptr %"ve.task_iter")
  %".261" = icmp ne ptr %".260", null
  br i1 %".261", label %"ve.task.have", label %"ve.task.done"
ve.task.have:
  %".263" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.task_struct.N") %".260", i32 135, i32 135)
  %".264" = load ptr, ptr %".263"
  %".265" = icmp ne ptr %".264", null
  br i1 %".265", label %"read.ok.6", label %"read.done.6"
ve.task.hit:
  store i32 1, ptr %"victim.found"
  br label %"ve.task.done"
ve.task.done:
  call void @"bpf_iter_css_task_destroy"(ptr %"ve.task_iter")
  call void @"bpf_put_mem_cgroup"(ptr %".254")
  %".294" = load i32, ptr %"victim.found"
  %".295" = icmp ne i32 %".294", 0
  br i1 %".295", label %"ve.done", label %"ve.next"
read.done.6:
  %".271" = phi  ptr [null, %"ve.task.have"], [%".269", %"read.ok.6"]
  %".272" = icmp ne ptr %".271", null
  br i1 %".272", label %"if.then.16", label %"if.join.13"
read.ok.6:
  %".267" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.signal_struct.N") %".264", i32 64, i32 64)
  %".268" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.signal_struct.N") %".264", i32 64, i32 64)
  %".269" = load ptr, ptr %".268"
  br label %"read.done.6"
if.then.16:
  %".274" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.mm_struct.N") %".271", i32 0, i32 0)
  %".275" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.anon.N") %".274", i32 55, i32 55)
  %".276" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.mm_struct.N") %".271", i32 0, i32 0)
  %".277" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.anon.N") %".276", i32 55, i32 55)
  %".278" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.anon.N") %".277", i32 0, i32 0)
  %".279" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.mm_struct.N") %".271", i32 0, i32 0)
  %".280" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.anon.N") %".279", i32 55, i32 55)
  %".281" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.anon.N") %".280", i32 0, i32 0)
  %".282" = load i64, ptr %".281"
  br label %"read.done.7"
if.join.13:
  %".288" = phi  i1 [%".286", %"read.done.7"], [0, %"read.done.6"]
  br i1 %".288", label %"ve.task.hit", label %"ve.task.next"
read.done.7:
  %".284" = phi  i64 [%".282", %"if.then.16"]
  %".285" = and i64 %".284", 2097152
  %".286" = icmp eq i64 %".285", 0
  br label %"if.join.13"
if.then.17:
  call void @"bpf_put_mem_cgroup"(ptr %".233")
  br label %"if.join.14"
if.join.14:
  %".307" = phi  ptr [null, %"if.then.17"], [null, %"if.join.12"]
  %".308" = zext i1 %".302" to i64
  store i32 9, ptr %"map.key.5"
  store i64 %".308", ptr %"map.value.5"
  %".311" = call i64 inttoptr (i64 2 to ptr)(ptr @"seen", ptr %"map.key.5", ptr %"map.value.5", i64 0)
  %".312" = load ptr, ptr %"big"
  %".313" = icmp ne ptr %".312", null
  br i1 %".313", label %"if.then.18", label %"if.join.15"
if.then.18:
  call void @"bpf_put_mem_cgroup"(ptr %".312")
  br label %"if.join.15"
if.join.15:
  %".317" = phi  ptr [null, %"if.then.18"], [null, %"if.join.14"]
  store ptr null, ptr %"big"
  store ptr null, ptr %"big"
  %".320" = load ptr, ptr %"scope"
  call void @"bpf_rcu_read_lock"()
  %".322" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.mem_cgroup.N") %".320", i32 0, i32 0)
  %".323" = call i32 @"bpf_iter_css_new"(ptr %"iter", ptr %".322", i32 3)
  br label %"css.next"
css.next:
  %".325" = call ptr @"bpf_iter_css_next"(ptr %"iter")
  %".326" = icmp ne ptr %".325", null
  br i1 %".326", label %"css.have", label %"css.exit"
css.item:
  %".331" = load ptr, ptr %"memcg"
  %".332" = icmp ne ptr %".331", null
  br i1 %".332", label %"if.then.19", label %"if.join.16"
css.step:
  %".379" = load ptr, ptr %"memcg"
  %".380" = icmp ne ptr %".379", null
  br i1 %".380", label %"if.then.24", label %"if.join.20"
css.exit:
  call void @"bpf_iter_css_destroy"(ptr %"iter")
  call void @"bpf_rcu_read_unlock"()
  br label %"css.after"
css.after:
  %".390" = load ptr, ptr %"big"
  %".391" = icmp ne ptr %".390", null
  %".392" = xor i1 %".391", 1
  br i1 %".392", label %"if.then.25", label %"if.end.4"
css.have:
  %".328" = call ptr @"bpf_get_mem_cgroup"(ptr %".325")
  %".329" = icmp ne ptr %".328", null
  br i1 %".329", label %"css.item", label %"css.next"
if.then.19:
  call void @"bpf_put_mem_cgroup"(ptr %".331")
  br label %"if.join.16"
if.join.16:
  %".336" = phi  ptr [null, %"if.then.19"], [null, %"css.item"]
  store ptr null, ptr %"memcg"
  store ptr %".328", ptr %"memcg"
  %".339" = load ptr, ptr %"memcg"
  %".340" = icmp ne ptr %".339", null
  br i1 %".340", label %"if.then.20", label %"if.join.17"
if.then.20:
  %".342" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.mem_cgroup.N") %".339", i32 0, i32 0)
  %".343" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.mem_cgroup.N") %".339", i32 0, i32 0)
  %".344" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.cgroup_subsys_state.N") %".343", i32 0, i32 0)
  %".345" = load ptr, ptr %".344"
  %".346" = icmp ne ptr %".345", null
  br i1 %".346", label %"read.ok.7", label %"read.done.8"
if.join.17:
  %".360" = phi  i1 [%".358", %"read.done.8"], [0, %"if.join.16"]
  br i1 %".360", label %"if.then.21", label %"if.end.3"
read.done.8:
  %".356" = phi  ptr [null, %"if.then.20"], [null, %"read.ok.7"], [%".354", %"read.ok.8"]
  %".357" = call i32 @"bpf_strcmp"(ptr %".356", ptr @".str.kill")
  %".358" = icmp eq i32 %".357", 0
  br label %"if.join.17"
read.ok.7:
  %".348" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.cgroup.N") %".345", i32 12, i32 12)
  %".349" = load ptr, ptr %".348"
  %".350" = icmp ne ptr %".349", null
  br i1 %".350", label %"read.ok.8", label %"read.done.8"
read.ok.8:
  %".352" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.kernfs_node.N") %".349", i32 3, i32 3)
  %".353" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.kernfs_node.N") %".349", i32 3, i32 3)
  %".354" = load ptr, ptr %".353"
  br label %"read.done.8"
if.then.21:
  %".362" = load ptr, ptr %"memcg"
  %".363" = icmp ne ptr %".362", null
  br i1 %".363", label %"if.then.22", label %"if.join.18"
if.end.3:
  br label %"css.step"
if.then.22:
  %".365" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.mem_cgroup.N") %".362", i32 0, i32 0)
  %".366" = call ptr @"bpf_get_mem_cgroup"(ptr %".365")
  br label %"if.join.18"
if.join.18:
  %".368" = phi  ptr [%".366", %"if.then.22"], [null, %"if.then.21"]
  %".369" = load ptr, ptr %"big"
  %".370" = icmp ne ptr %".369", null
  br i1 %".370", label %"if.then.23", label %"if.join.19"
if.then.23:
  call void @"bpf_put_mem_cgroup"(ptr %".369")
  br label %"if.join.19"
if.join.19:
  %".374" = phi  ptr [null, %"if.then.23"], [null, %"if.join.18"]
  store ptr null, ptr %"big"
  store ptr %".368", ptr %"big"
  br label %"if.end.3"
if.then.24:
  call void @"bpf_put_mem_cgroup"(ptr %".379")
  br label %"if.join.20"
if.join.20:
  %".384" = phi  ptr [null, %"if.then.24"], [null, %"css.step"]
  store ptr null, ptr %"memcg"
  br label %"css.next"
if.then.25:
  %".394" = load ptr, ptr %"mine"
  %".395" = icmp ne ptr %".394", null
  br i1 %".395", label %"if.then.26", label %"if.join.21"
if.end.4:
  %".444" = load ptr, ptr %"big"
  %".445" = icmp ne ptr %".444", null
  br i1 %".445", label %"if.then.33", label %"if.join.28"
if.then.26:
  call void @"bpf_put_mem_cgroup"(ptr %".394")
  br label %"if.join.21"
if.join.21:
  %".399" = phi  ptr [null, %"if.then.26"], [null, %"if.then.25"]
  store ptr null, ptr %"mine"
  %".401" = load ptr, ptr %"above"
  %".402" = icmp ne ptr %".401", null
  br i1 %".402", label %"if.then.27", label %"if.join.22"
if.then.27:
  call void @"bpf_put_mem_cgroup"(ptr %".401")
  br label %"if.join.22"
if.join.22:
  %".406" = phi  ptr [null, %"if.then.27"], [null, %"if.join.21"]
  store ptr null, ptr %"above"
  %".408" = load ptr, ptr %"memcg"
  %".409" = icmp ne ptr %".408", null
  br i1 %".409", label %"if.then.28", label %"if.join.23"
if.then.28:
  call void @"bpf_put_mem_cgroup"(ptr %".408")
  br label %"if.join.23"
if.join.23:
  %".413" = phi  ptr [null, %"if.then.28"], [null, %"if.join.22"]
  store ptr null, ptr %"memcg"
  %".415" = load ptr, ptr %"big"
  %".416" = icmp ne ptr %".415", null
  br i1 %".416", label %"if.then.29", label %"if.join.24"
if.then.29:
  call void @"bpf_put_mem_cgroup"(ptr %".415")
  br label %"if.join.24"
if.join.24:
  %".420" = phi  ptr [null, %"if.then.29"], [null, %"if.join.23"]
  store ptr null, ptr %"big"
  %".422" = load ptr, ptr %"top"
  %".423" = icmp ne ptr %".422", null
  br i1 %".423", label %"if.then.30", label %"if.join.25"
if.then.30:
  call void @"bpf_put_mem_cgroup"(ptr %".422")
  br label %"if.join.25"
if.join.25:
  %".427" = phi  ptr [null, %"if.then.30"], [null, %"if.join.24"]
  store ptr null, ptr %"top"
  %".429" = load ptr, ptr %"up"
  %".430" = icmp ne ptr %".429", null
  br i1 %".430", label %"if.then.31", label %"if.join.26"
if.then.31:
  call void @"bpf_put_mem_cgroup"(ptr %".429")
  br label %"if.join.26"
if.join.26:
  %".434" = phi  ptr [null, %"if.then.31"], [null, %"if.join.25"]
  store ptr null, ptr %"up"
  %".436" = load ptr, ptr %"scope"
  %".437" = icmp ne ptr %".436", null
  br i1 %".437", label %"if.then.32", label %"if.join.27"
if.then.32:
  call void @"bpf_put_mem_cgroup"(ptr %".436")
  br label %"if.join.27"
if.join.27:
  %".441" = phi  ptr [null, %"if.then.32"], [null, %"if.join.26"]
  store ptr null, ptr %"scope"
  ret i32 0
if.then.33:
  call void @"bpf_rcu_read_lock"()
  %".448" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.mem_cgroup.N") %".444", i32 0, i32 0)
  store ptr null, ptr %"up.memcg"
  %".450" = call i32 @"bpf_iter_css_new"(ptr %"up.iter", ptr %".448", i32 4)
  %".451" = call ptr @"bpf_iter_css_next"(ptr %"up.iter")
  br label %"up.next.2"
if.join.28:
  %".463" = phi  ptr [%".460", %"up.done.2"], [null, %"if.end.4"]
  %".464" = load ptr, ptr %"above"
  %".465" = icmp ne ptr %".464", null
  br i1 %".465", label %"if.then.34", label %"if.join.29"
up.next.2:
  %".453" = call ptr @"bpf_iter_css_next"(ptr %"up.iter")
  %".454" = icmp ne ptr %".453", null
  br i1 %".454", label %"up.have.2", label %"up.done.2"
up.have.2:
  %".456" = call ptr @"bpf_get_mem_cgroup"(ptr %".453")
  store ptr %".456", ptr %"up.memcg"
  br label %"up.done.2"
up.done.2:
  call void @"bpf_iter_css_destroy"(ptr %"up.iter")
  %".460" = load ptr, ptr %"up.memcg"
  call void @"bpf_rcu_read_unlock"()
  br label %"if.join.28"
if.then.34:
  call void @"bpf_put_mem_cgroup"(ptr %".464")
  br label %"if.join.29"
if.join.29:
  %".469" = phi  ptr [null, %"if.then.34"], [null, %"if.join.28"]
  store ptr null, ptr %"above"
  store ptr %".463", ptr %"above"
  %".472" = load ptr, ptr %"above"
  %".473" = icmp ne ptr %".472", null
  br i1 %".473", label %"and.next", label %"and.end"
and.end:
  %".509" = phi  i1 [%".473", %"if.join.29"], [%".507", %"read.done.10"]
  br i1 %".509", label %"if.then.35", label %"if.end.5"
and.next:
  %".475" = load ptr, ptr %"above"
  %".476" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.mem_cgroup.N") %".475", i32 0, i32 0)
  %".477" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.mem_cgroup.N") %".475", i32 0, i32 0)
  %".478" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.cgroup_subsys_state.N") %".477", i32 0, i32 0)
  %".479" = load ptr, ptr %".478"
  %".480" = icmp ne ptr %".479", null
  br i1 %".480", label %"read.ok.9", label %"read.done.9"
read.done.9:
  %".490" = phi  i64 [0, %"and.next"], [0, %"read.ok.9"], [%".488", %"read.ok.10"]
  %".491" = load ptr, ptr %"scope"
  %".492" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.mem_cgroup.N") %".491", i32 0, i32 0)
  %".493" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.mem_cgroup.N") %".491", i32 0, i32 0)
  %".494" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.cgroup_subsys_state.N") %".493", i32 0, i32 0)
  %".495" = load ptr, ptr %".494"
  %".496" = icmp ne ptr %".495", null
  br i1 %".496", label %"read.ok.11", label %"read.done.10"
read.ok.9:
  %".482" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.cgroup.N") %".479", i32 12, i32 12)
  %".483" = load ptr, ptr %".482"
  %".484" = icmp ne ptr %".483", null
  br i1 %".484", label %"read.ok.10", label %"read.done.9"
read.ok.10:
  %".486" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.kernfs_node.N") %".483", i32 10, i32 10)
  %".487" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.kernfs_node.N") %".483", i32 10, i32 10)
  %".488" = load i64, ptr %".487"
  br label %"read.done.9"
read.done.10:
  %".506" = phi  i64 [0, %"read.done.9"], [0, %"read.ok.11"], [%".504", %"read.ok.12"]
  %".507" = icmp eq i64 %".490", %".506"
  br label %"and.end"
read.ok.11:
  %".498" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.cgroup.N") %".495", i32 12, i32 12)
  %".499" = load ptr, ptr %".498"
  %".500" = icmp ne ptr %".499", null
  br i1 %".500", label %"read.ok.12", label %"read.done.10"
read.ok.12:
  %".502" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.kernfs_node.N") %".499", i32 10, i32 10)
  %".503" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.kernfs_node.N") %".499", i32 10, i32 10)
  %".504" = load i64, ptr %".503"
  br label %"read.done.10"
if.then.35:
  store i32 12, ptr %"map.key.6"
  store i64 1, ptr %"map.value.6"
  %".513" = call i64 inttoptr (i64 2 to ptr)(ptr @"seen", ptr %"map.key.6", ptr %"map.value.6", i64 0)
  br label %"if.end.5"
if.end.5:
  store i64 0, ptr %"most"
  %".516" = load ptr, ptr %"big"
  %".517" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.mem_cgroup.N") %".516", i32 0, i32 0)
  %".518" = call i32 @"bpf_iter_css_task_new"(ptr %"iter.1", ptr %".517", i32 1)
  br label %"task.next"
task.next:
  %".520" = call ptr @"bpf_iter_css_task_next"(ptr %"iter.1")
  %".521" = icmp ne ptr %".520", null
  br i1 %".521", label %"task.item", label %"task.exit"
task.item:
  store ptr %".520", ptr %"task"
  %".524" = load ptr, ptr %"task"
  %".525" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.task_struct.N") %".524", i32 61, i32 61)
  %".526" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.task_struct.N") %".524", i32 61, i32 61)
  %".527" = load ptr, ptr %".526"
  br label %"read.done.11"
task.exit:
  call void @"bpf_iter_css_task_destroy"(ptr %"iter.1")
  br label %"task.after"
task.after:
  %".680" = load {ptr, ptr}, ptr %"oc.1"
  %".681" = extractvalue {ptr, ptr} %".680", 0
  %".682" = load ptr, ptr %"big"
  %".683" = icmp ne ptr %".682", null
  br i1 %".683", label %"if.then.45", label %"if.join.37"
read.done.11:
  %".529" = phi  ptr [%".527", %"task.item"]
  %".530" = icmp ne ptr %".529", null
  br i1 %".530", label %"if.then.36", label %"if.join.30"
if.then.36:
  %".532" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.mm_struct.N") %".529", i32 0, i32 0)
  %".533" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.anon.N") %".532", i32 52, i32 52)
  %".534" = mul i64 0, 40
  %".535" = getelementptr inbounds i8, ptr %".533", i64 %".534"
  %".536" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.percpu_counter.N") %".535", i32 1, i32 1)
  %".537" = load i64, ptr %".536"
  %".538" = icmp slt i64 %".537", 0
  %".539" = select  i1 %".538", i64 0, i64 %".537"
  %".540" = add i64 0, %".539"
  %".541" = mul i64 1, 40
  %".542" = getelementptr inbounds i8, ptr %".533", i64 %".541"
  %".543" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.percpu_counter.N") %".542", i32 1, i32 1)
  %".544" = load i64, ptr %".543"
  %".545" = icmp slt i64 %".544", 0
  %".546" = select  i1 %".545", i64 0, i64 %".544"
  %".547" = add i64 %".540", %".546"
  %".548" = mul i64 3, 40
  %".549" = getelementptr inbounds i8, ptr %".533", i64 %".548"
  %".550" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.percpu_counter.N") %".549", i32 1, i32 1)
  %".551" = load i64, ptr %".550"
  %".552" = icmp slt i64 %".551", 0
  %".553" = select  i1 %".552", i64 0, i64 %".551"
  %".554" = add i64 %".547", %".553"
  br label %"if.join.30"
if.join.30:
  %".556" = phi  i64 [%".554", %"if.then.36"], [0, %"read.done.11"]
  %".557" = mul i64 %".556", 4096
  store i64 %".557", ptr %"rss"
  %".559" = load i64, ptr %"rss"
  %".560" = load i64, ptr %"most"
  %".561" = icmp ugt i64 %".559", %".560"
  br i1 %".561", label %"if.then.37", label %"if.end.6"
if.then.37:
  %".563" = load i64, ptr %"rss"
  store i64 %".563", ptr %"most"
  %".565" = load ptr, ptr %"task"
  %".566" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.task_struct.N") %".565", i32 92, i32 92)
  %".567" = load i32, ptr %".566"
  %".568" = sext i32 %".567" to i64
  store i32 8, ptr %"map.key.7"
  store i64 %".568", ptr %"map.value.7"
  %".571" = call i64 inttoptr (i64 2 to ptr)(ptr @"seen", ptr %"map.key.7", ptr %"map.value.7", i64 0)
  %".572" = load i64, ptr %"rss"
  store i32 5, ptr %"map.key.8"
  store i64 %".572", ptr %"map.value.8"
  %".575" = call i64 inttoptr (i64 2 to ptr)(ptr @"seen", ptr %"map.key.8", ptr %"map.value.8", i64 0)
  %".576" = load ptr, ptr %"task"
  %".577" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.task_struct.N") %".576", i32 61, i32 61)
  %".578" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.task_struct.N") %".576", i32 61, i32 61)
  %".579" = load ptr, ptr %".578"
  br label %"read.done.12"
if.end.6:
  br label %"task.next"
read.done.12:
  %".581" = phi  ptr [%".579", %"if.then.37"]
  %".582" = icmp ne ptr %".581", null
  br i1 %".582", label %"if.then.38", label %"if.join.31"
if.then.38:
  %".584" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.mm_struct.N") %".581", i32 0, i32 0)
  %".585" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.anon.N") %".584", i32 52, i32 52)
  %".586" = mul i64 2, 40
  %".587" = getelementptr inbounds i8, ptr %".585", i64 %".586"
  %".588" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.percpu_counter.N") %".587", i32 1, i32 1)
  %".589" = load i64, ptr %".588"
  %".590" = icmp slt i64 %".589", 0
  %".591" = select  i1 %".590", i64 0, i64 %".589"
  %".592" = add i64 0, %".591"
  br label %"if.join.31"
if.join.31:
  %".594" = phi  i64 [%".592", %"if.then.38"], [0, %"read.done.12"]
  %".595" = mul i64 %".594", 4096
  store i32 6, ptr %"map.key.9"
  store i64 %".595", ptr %"map.value.9"
  %".598" = call i64 inttoptr (i64 2 to ptr)(ptr @"seen", ptr %"map.key.9", ptr %"map.value.9", i64 0)
  %".599" = load ptr, ptr %"task"
  %".600" = icmp ne ptr %".599", null
  br i1 %".600", label %"if.then.39", label %"if.join.32"
if.then.39:
  call void @"bpf_rcu_read_lock"()
  %".603" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.task_struct.N") %".599", i32 176, i32 176)
  %".604" = load ptr, ptr %".603"
  %".605" = icmp ne ptr %".604", null
  br i1 %".605", label %"read.ok.13", label %"read.done.13"
if.join.32:
  %".644" = phi  ptr [%".641", %"if.join.33"], [null, %"if.join.31"]
  %".645" = load ptr, ptr %"mine"
  %".646" = icmp ne ptr %".645", null
  br i1 %".646", label %"if.then.43", label %"if.join.36"
read.done.13:
  %".611" = phi  ptr [null, %"if.then.39"], [%".609", %"read.ok.13"]
  %".612" = icmp ne ptr %".611", null
  br i1 %".612", label %"if.then.40", label %"if.join.33"
read.ok.13:
  %".607" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.css_set.N") %".604", i32 3, i32 3)
  %".608" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.css_set.N") %".604", i32 3, i32 3)
  %".609" = load ptr, ptr %".608"
  br label %"read.done.13"
if.then.40:
  %".614" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.cgroup.N") %".611", i32 0, i32 0)
  %".615" = call ptr @"bpf_get_mem_cgroup"(ptr %".614")
  %".616" = icmp eq ptr %".615", null
  br i1 %".616", label %"if.then.41", label %"if.join.34"
if.join.33:
  %".641" = phi  ptr [%".639", %"if.join.34"], [null, %"read.done.13"]
  call void @"bpf_rcu_read_unlock"()
  br label %"if.join.32"
if.then.41:
  %".618" = call ptr @"bpf_cgroup_acquire"(ptr %".611")
  %".619" = icmp ne ptr %".618", null
  br i1 %".619", label %"if.then.42", label %"if.join.35"
if.join.34:
  %".639" = phi  ptr [%".637", %"if.join.35"], [%".615", %"if.then.40"]
  br label %"if.join.33"
if.then.42:
  %".621" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.cgroup.N") %".618", i32 0, i32 0)
  store ptr null, ptr %"up.memcg"
  %".623" = call i32 @"bpf_iter_css_new"(ptr %"up.iter", ptr %".621", i32 4)
  %".624" = call ptr @"bpf_iter_css_next"(ptr %"up.iter")
  br label %"up.next.3"
if.join.35:
  %".637" = phi  ptr [%".634", %"up.done.3"], [null, %"if.then.41"]
  br label %"if.join.34"
up.next.3:
  %".626" = call ptr @"bpf_iter_css_next"(ptr %"up.iter")
  %".627" = icmp ne ptr %".626", null
  br i1 %".627", label %"up.have.3", label %"up.done.3"
up.have.3:
  %".629" = call ptr @"bpf_get_mem_cgroup"(ptr %".626")
  store ptr %".629", ptr %"up.memcg"
  %".631" = icmp ne ptr %".629", null
  br i1 %".631", label %"up.done.3", label %"up.next.3"
up.done.3:
  call void @"bpf_iter_css_destroy"(ptr %"up.iter")
  %".634" = load ptr, ptr %"up.memcg"
  call void @"bpf_cgroup_release"(ptr %".618")
  br label %"if.join.35"
if.then.43:
  call void @"bpf_put_mem_cgroup"(ptr %".645")
  br label %"if.join.36"
if.join.36:
  %".650" = phi  ptr [null, %"if.then.43"], [null, %"if.join.32"]
  store ptr null, ptr %"mine"
  store ptr %".644", ptr %"mine"
  %".653" = load ptr, ptr %"mine"
  %".654" = icmp ne ptr %".653", null
  br i1 %".654", label %"if.then.44", label %"if.end.7"
if.then.44:
  %".656" = load ptr, ptr %"mine"
  %".657" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.mem_cgroup.N") %".656", i32 0, i32 0)
  %".658" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.mem_cgroup.N") %".656", i32 0, i32 0)
  %".659" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.cgroup_subsys_state.N") %".658", i32 0, i32 0)
  %".660" = load ptr, ptr %".659"
  %".661" = icmp ne ptr %".660", null
  br i1 %".661", label %"read.ok.14", label %"read.done.14"
if.end.7:
  br label %"if.end.6"
read.done.14:
  %".671" = phi  i64 [0, %"if.then.44"], [0, %"read.ok.14"], [%".669", %"read.ok.15"]
  store i32 7, ptr %"map.key.10"
  store i64 %".671", ptr %"map.value.10"
  %".674" = call i64 inttoptr (i64 2 to ptr)(ptr @"seen", ptr %"map.key.10", ptr %"map.value.10", i64 0)
  br label %"if.end.7"
read.ok.14:
  %".663" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.cgroup.N") %".660", i32 12, i32 12)
  %".664" = load ptr, ptr %".663"
  %".665" = icmp ne ptr %".664", null
  br i1 %".665", label %"read.ok.15", label %"read.done.14"
read.ok.15:
  %".667" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.kernfs_node.N") %".664", i32 10, i32 10)
  %".668" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.kernfs_node.N") %".664", i32 10, i32 10)
  %".669" = load i64, ptr %".668"
  br label %"read.done.14"
if.then.45:
  store i32 0, ptr %"killed"
  %".686" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.mem_cgroup.N") %".682", i32 0, i32 0)
  %".687" = call i32 @"bpf_iter_css_task_new"(ptr %"iter.2", ptr %".686", i32 1)
  br label %"kill.next"
if.join.37:
  %".704" = phi  i32 [%".702", %"kill.exit"], [0, %"task.after"]
  store i32 %".704", ptr %"verdict"
  %".706" = load i32, ptr %"verdict"
  %".707" = icmp ne i32 %".706", 0
  br i1 %".707", label %"if.then.46", label %"if.end.8"
kill.next:
  %".689" = call ptr @"bpf_iter_css_task_next"(ptr %"iter.2")
  %".690" = icmp ne ptr %".689", null
  br i1 %".690", label %"kill.item", label %"kill.exit"
kill.item:
  %".692" = call i8 @"bpf_task_is_oom_victim"(ptr %".689")
  %".693" = icmp ne i8 %".692", 0
  br i1 %".693", label %"kill.next", label %"kill.do"
kill.do:
  %".695" = call i32 @"bpf_oom_kill_process"(ptr %".681", ptr %".689", ptr @".str.kill_2")
  %".696" = icmp eq i32 %".695", 0
  %".697" = load i32, ptr %"killed"
  %".698" = select  i1 %".696", i32 1, i32 %".697"
  store i32 %".698", ptr %"killed"
  br label %"kill.next"
kill.exit:
  call void @"bpf_iter_css_task_destroy"(ptr %"iter.2")
  %".702" = load i32, ptr %"killed"
  br label %"if.join.37"
if.then.46:
  store i32 11, ptr %"map.key.11"
  store i64 1, ptr %"map.value.11"
  %".711" = call i64 inttoptr (i64 2 to ptr)(ptr @"seen", ptr %"map.key.11", ptr %"map.value.11", i64 0)
  br label %"if.end.8"
if.end.8:
  %".713" = load {ptr, ptr}, ptr %"oc.1"
  %".714" = extractvalue {ptr, ptr} %".713", 0
  %".715" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.oom_control.N") %".714", i32 2, i32 2)
  %".716" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.oom_control.N") %".714", i32 2, i32 2)
  %".717" = load ptr, ptr %".716"
  br label %"read.done.15"
read.done.15:
  %".719" = phi  ptr [%".717", %"if.end.8"]
  %".720" = icmp ne ptr %".719", null
  br i1 %".720", label %"ocm.some.2", label %"ocm.root.2"
ocm.some.2:
  %".722" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.mem_cgroup.N") %".719", i32 0, i32 0)
  %".723" = call ptr @"bpf_get_mem_cgroup"(ptr %".722")
  br label %"ocm.join.2"
ocm.root.2:
  %".725" = call ptr @"bpf_get_root_mem_cgroup"()
  br label %"ocm.join.2"
ocm.join.2:
  %".727" = phi  ptr [%".723", %"ocm.some.2"], [%".725", %"ocm.root.2"]
  %".728" = load {ptr, ptr}, ptr %"oc.1"
  %".729" = extractvalue {ptr, ptr} %".728", 0
  %".730" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.oom_control.N") %".729", i32 4, i32 4)
  %".731" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.oom_control.N") %".729", i32 4, i32 4)
  %".732" = load i32, ptr %".731"
  br label %"read.done.16"
read.done.16:
  %".734" = phi  i32 [%".732", %"ocm.join.2"]
  %".735" = icmp eq i32 %".734", -1
  %".736" = icmp ne ptr %".727", null
  %".737" = xor i1 %".735", -1
  %".738" = and i1 %".736", %".737"
  br i1 %".738", label %"if.then.47", label %"if.join.38"
if.then.47:
  store i32 0, ptr %"victim.found"
  call void @"bpf_rcu_read_lock"()
  %".742" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.mem_cgroup.N") %".727", i32 0, i32 0)
  %".743" = call i32 @"bpf_iter_css_new"(ptr %"ve.iter", ptr %".742", i32 2)
  br label %"ve.next.1"
if.join.38:
  %".796" = phi  i1 [%".794", %"ve.done.1"], [0, %"read.done.16"]
  %".797" = icmp ne ptr %".727", null
  br i1 %".797", label %"if.then.49", label %"if.join.40"
ve.next.1:
  %".745" = call ptr @"bpf_iter_css_next"(ptr %"ve.iter")
  %".746" = icmp ne ptr %".745", null
  br i1 %".746", label %"ve.have.1", label %"ve.done.1"
ve.have.1:
  %".748" = call ptr @"bpf_get_mem_cgroup"(ptr %".745")
  %".749" = icmp ne ptr %".748", null
  br i1 %".749", label %"ve.item.1", label %"ve.next.1"
ve.item.1:
  %".751" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.mem_cgroup.N") %".748", i32 0, i32 0)
  %".752" = call i32 @"bpf_iter_css_task_new"(ptr %"ve.task_iter", ptr %".751", i32 1)
  br label %"ve.task.next.1"
ve.done.1:
  call void @"bpf_iter_css_destroy"(ptr %"ve.iter")
  call void @"bpf_rcu_read_unlock"()
  %".793" = load i32, ptr %"victim.found"
  %".794" = icmp ne i32 %".793", 0
  br label %"if.join.38"
ve.task.next.1:
  %".754" = call ptr @"bpf_iter_css_task_next"(ptr %"ve.task_iter")
  %".755" = icmp ne ptr %".754", null
  br i1 %".755", label %"ve.task.have.1", label %"ve.task.done.1"
ve.task.have.1:
  %".757" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.task_struct.N") %".754", i32 135, i32 135)
  %".758" = load ptr, ptr %".757"
  %".759" = icmp ne ptr %".758", null
  br i1 %".759", label %"read.ok.16", label %"read.done.17"
ve.task.hit.1:
  store i32 1, ptr %"victim.found"
  br label %"ve.task.done.1"
ve.task.done.1:
  call void @"bpf_iter_css_task_destroy"(ptr %"ve.task_iter")
  call void @"bpf_put_mem_cgroup"(ptr %".748")
  %".788" = load i32, ptr %"victim.found"
  %".789" = icmp ne i32 %".788", 0
  br i1 %".789", label %"ve.done.1", label %"ve.next.1"
read.done.17:
  %".765" = phi  ptr [null, %"ve.task.have.1"], [%".763", %"read.ok.16"]
  %".766" = icmp ne ptr %".765", null
  br i1 %".766", label %"if.then.48", label %"if.join.39"
read.ok.16:
  %".761" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.signal_struct.N") %".758", i32 64, i32 64)
  %".762" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.signal_struct.N") %".758", i32 64, i32 64)
  %".763" = load ptr, ptr %".762"
  br label %"read.done.17"
if.then.48:
  %".768" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.mm_struct.N") %".765", i32 0, i32 0)
  %".769" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.anon.N") %".768", i32 55, i32 55)
  %".770" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.mm_struct.N") %".765", i32 0, i32 0)
  %".771" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.anon.N") %".770", i32 55, i32 55)
  %".772" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.anon.N") %".771", i32 0, i32 0)
  %".773" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.mm_struct.N") %".765", i32 0, i32 0)
  %".774" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.anon.N") %".773", i32 55, i32 55)
  %".775" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.anon.N") %".774", i32 0, i32 0)
  %".776" = load i64, ptr %".775"
  br label %"read.done.18"
if.join.39:
  %".782" = phi  i1 [%".780", %"read.done.18"], [0, %"read.done.17"]
  br i1 %".782", label %"ve.task.hit.1", label %"ve.task.next.1"
read.done.18:
  %".778" = phi  i64 [%".776", %"if.then.48"]
  %".779" = and i64 %".778", 2097152
  %".780" = icmp eq i64 %".779", 0
  br label %"if.join.39"
if.then.49:
  call void @"bpf_put_mem_cgroup"(ptr %".727")
  br label %"if.join.40"
if.join.40:
  %".801" = phi  ptr [null, %"if.then.49"], [null, %"if.join.38"]
  %".802" = zext i1 %".796" to i64
  store i32 10, ptr %"map.key.12"
  store i64 %".802", ptr %"map.value.12"
  %".805" = call i64 inttoptr (i64 2 to ptr)(ptr @"seen", ptr %"map.key.12", ptr %"map.value.12", i64 0)
  %".806" = load i32, ptr %"verdict"
  %".807" = load ptr, ptr %"mine"
  %".808" = icmp ne ptr %".807", null
  br i1 %".808", label %"if.then.50", label %"if.join.41"
if.then.50:
  call void @"bpf_put_mem_cgroup"(ptr %".807")
  br label %"if.join.41"
if.join.41:
  %".812" = phi  ptr [null, %"if.then.50"], [null, %"if.join.40"]
  store ptr null, ptr %"mine"
  %".814" = load ptr, ptr %"above"
  %".815" = icmp ne ptr %".814", null
  br i1 %".815", label %"if.then.51", label %"if.join.42"
if.then.51:
  call void @"bpf_put_mem_cgroup"(ptr %".814")
  br label %"if.join.42"
if.join.42:
  %".819" = phi  ptr [null, %"if.then.51"], [null, %"if.join.41"]
  store ptr null, ptr %"above"
  %".821" = load ptr, ptr %"memcg"
  %".822" = icmp ne ptr %".821", null
  br i1 %".822", label %"if.then.52", label %"if.join.43"
if.then.52:
  call void @"bpf_put_mem_cgroup"(ptr %".821")
  br label %"if.join.43"
if.join.43:
  %".826" = phi  ptr [null, %"if.then.52"], [null, %"if.join.42"]
  store ptr null, ptr %"memcg"
  %".828" = load ptr, ptr %"big"
  %".829" = icmp ne ptr %".828", null
  br i1 %".829", label %"if.then.53", label %"if.join.44"
if.then.53:
  call void @"bpf_put_mem_cgroup"(ptr %".828")
  br label %"if.join.44"
if.join.44:
  %".833" = phi  ptr [null, %"if.then.53"], [null, %"if.join.43"]
  store ptr null, ptr %"big"
  %".835" = load ptr, ptr %"top"
  %".836" = icmp ne ptr %".835", null
  br i1 %".836", label %"if.then.54", label %"if.join.45"
if.then.54:
  call void @"bpf_put_mem_cgroup"(ptr %".835")
  br label %"if.join.45"
if.join.45:
  %".840" = phi  ptr [null, %"if.then.54"], [null, %"if.join.44"]
  store ptr null, ptr %"top"
  %".842" = load ptr, ptr %"up"
  %".843" = icmp ne ptr %".842", null
  br i1 %".843", label %"if.then.55", label %"if.join.46"
if.then.55:
  call void @"bpf_put_mem_cgroup"(ptr %".842")
  br label %"if.join.46"
if.join.46:
  %".847" = phi  ptr [null, %"if.then.55"], [null, %"if.join.45"]
  store ptr null, ptr %"up"
  %".849" = load ptr, ptr %"scope"
  %".850" = icmp ne ptr %".849", null
  br i1 %".850", label %"if.then.56", label %"if.join.47"
if.then.56:
  call void @"bpf_put_mem_cgroup"(ptr %".849")
  br label %"if.join.47"
if.join.47:
  %".854" = phi  ptr [null, %"if.then.56"], [null, %"if.join.46"]
  store ptr null, ptr %"scope"
  ret i32 %".806"
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
  %"memcg.1" = alloca ptr
  store ptr %"memcg", ptr %"memcg.1"
  %"up" = alloca ptr
  store ptr null, ptr %"up"
  %"n" = alloca i64
  store i64 0, ptr %"n"
  %".6" = load ptr, ptr %"memcg.1"
  %".7" = icmp ne ptr %".6", null
  %"up.memcg" = alloca ptr
  %"up.iter" = alloca [3 x i64]
  %"range.k" = alloca i64
  %"_" = alloca i64
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
  %".45" = mul i64 %".42", 1
  %".46" = add i64 0, %".45"
  store i64 %".46", ptr %"_"
  %".48" = load ptr, ptr %"up"
  %".49" = icmp ne ptr %".48", null
  %".50" = xor i1 %".49", 1
  br i1 %".50", label %"if.then.2", label %"if.end"
for.inc:
  %".85" = load i64, ptr %"range.k"
  %".86" = add i64 %".85", 1
  store i64 %".86", ptr %"range.k"
  br label %"for.cond"
for.end:
  br label %"for.after"
for.after:
  %".90" = load i64, ptr %"n"
  %".91" = load ptr, ptr %"up"
  %".92" = icmp ne ptr %".91", null
  br i1 %".92", label %"if.then.5", label %"if.join.4"
if.then.2:
  br label %"for.after"
if.end:
  %".53" = load i64, ptr %"n"
  %".54" = add i64 %".53", 1
  store i64 %".54", ptr %"n"
  %".56" = load ptr, ptr %"up"
  %".57" = icmp ne ptr %".56", null
  br i1 %".57", label %"if.then.3", label %"if.join.2"
if.then.3:
  call void @"bpf_rcu_read_lock"()
  %".60" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.mem_cgroup.N") %".56", i32 0, i32 0)
  store ptr null, ptr %"up.memcg"
  %".62" = call i32 @"bpf_iter_css_new"(ptr %"up.iter", ptr %".60", i32 4)
  %".63" = call ptr @"bpf_iter_css_next"(ptr %"up.iter")
  br label %"up.next.1"
if.join.2:
  %".75" = phi  ptr [%".72", %"up.done.1"], [null, %"if.end"]
  %".76" = load ptr, ptr %"up"
  %".77" = icmp ne ptr %".76", null
  br i1 %".77", label %"if.then.4", label %"if.join.3"
up.next.1:
  %".65" = call ptr @"bpf_iter_css_next"(ptr %"up.iter")
  %".66" = icmp ne ptr %".65", null
  br i1 %".66", label %"up.have.1", label %"up.done.1"
up.have.1:
  %".68" = call ptr @"bpf_get_mem_cgroup"(ptr %".65")
  store ptr %".68", ptr %"up.memcg"
  br label %"up.done.1"
up.done.1:
  call void @"bpf_iter_css_destroy"(ptr %"up.iter")
  %".72" = load ptr, ptr %"up.memcg"
  call void @"bpf_rcu_read_unlock"()
  br label %"if.join.2"
if.then.4:
  call void @"bpf_put_mem_cgroup"(ptr %".76")
  br label %"if.join.3"
if.join.3:
  %".81" = phi  ptr [null, %"if.then.4"], [null, %"if.join.2"]
  store ptr null, ptr %"up"
  store ptr %".75", ptr %"up"
  br label %"for.inc"
if.then.5:
  call void @"bpf_put_mem_cgroup"(ptr %".91")
  br label %"if.join.4"
if.join.4:
  %".96" = phi  ptr [null, %"if.then.5"], [null, %"for.after"]
  store ptr null, ptr %"up"
  ret i64 %".90"
}

define internal i64 @"name_bits"(ptr %"memcg")
{
entry:
  %"memcg.1" = alloca ptr
  store ptr %"memcg", ptr %"memcg.1"
  %"bits" = alloca i64
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
  %".14" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.cgroup.N") %".11", i32 12, i32 12)
  %".15" = load ptr, ptr %".14"
  %".16" = icmp ne ptr %".15", null
  br i1 %".16", label %"read.ok.1", label %"read.done"
read.ok.1:
  %".18" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.kernfs_node.N") %".15", i32 3, i32 3)
  %".19" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.kernfs_node.N") %".15", i32 3, i32 3)
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
  %".41" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.cgroup.N") %".38", i32 12, i32 12)
  %".42" = load ptr, ptr %".41"
  %".43" = icmp ne ptr %".42", null
  br i1 %".43", label %"read.ok.3", label %"read.done.1"
read.ok.3:
  %".45" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.kernfs_node.N") %".42", i32 3, i32 3)
  %".46" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.kernfs_node.N") %".42", i32 3, i32 3)
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
  %".68" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.cgroup.N") %".65", i32 12, i32 12)
  %".69" = load ptr, ptr %".68"
  %".70" = icmp ne ptr %".69", null
  br i1 %".70", label %"read.ok.5", label %"read.done.2"
read.ok.5:
  %".72" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.kernfs_node.N") %".69", i32 3, i32 3)
  %".73" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.kernfs_node.N") %".69", i32 3, i32 3)
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
  %".95" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.cgroup.N") %".92", i32 12, i32 12)
  %".96" = load ptr, ptr %".95"
  %".97" = icmp ne ptr %".96", null
  br i1 %".97", label %"read.ok.7", label %"read.done.3"
read.ok.7:
  %".99" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.kernfs_node.N") %".96", i32 3, i32 3)
  %".100" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.kernfs_node.N") %".96", i32 3, i32 3)
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
  %".122" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.cgroup.N") %".119", i32 12, i32 12)
  %".123" = load ptr, ptr %".122"
  %".124" = icmp ne ptr %".123", null
  br i1 %".124", label %"read.ok.9", label %"read.done.4"
read.ok.9:
  %".126" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.kernfs_node.N") %".123", i32 3, i32 3)
  %".127" = call ptr @"llvm.preserve.struct.access.index.p0.p0"(ptr elementtype(%"struct.kernfs_node.N") %".123", i32 3, i32 3)
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
@"llvm.compiler.used" = appending global [3 x ptr] [ptr @"_license", ptr @"queries", ptr @"seen"], section "llvm.metadata"
