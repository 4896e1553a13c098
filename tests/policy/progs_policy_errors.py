"""Misused policies; each marks its error with `# E: <token> | <message part>` (see tests/compiler/test_errors.py)."""

from pyoombpf import PASS, MemCgroup, OomControl, Verdict, kfuncs, oom_handler, u64


@oom_handler()
def returns_int(oc: OomControl) -> Verdict:
    return 1  # E: 1 | the return value needs Verdict


@oom_handler()
def kill_while_walking(oc: OomControl) -> Verdict:
    for memcg in oc.memcg.descendants():
        for task in memcg.tasks():
            return oc.kill(task, "x")  # E: oc.kill | killing sleeps
    return PASS


@oom_handler()
def task_escapes(oc: OomControl) -> Verdict:
    scope = oc.memcg
    if scope is None:
        return PASS
    keep = None
    for task in scope.tasks():
        keep = task  # E: task  # | valid only inside that loop
    return PASS


@oom_handler()
def reason_not_literal(oc: OomControl) -> Verdict:
    scope = oc.memcg
    if scope is None:
        return PASS
    for task in scope.tasks():
        return oc.kill(task, scope)  # E: scope) | must be a string literal
    return PASS


@oom_handler()
def unknown_stat(oc: OomControl) -> Verdict:
    scope = oc.memcg
    if scope is None:
        return PASS
    n: u64 = scope.page_state("NR_NO_SUCH_THING")  # E: "NR_NO_SUCH_THING" | unknown kernel enum value
    return PASS


@oom_handler()
def bad_oc_attribute(oc: OomControl) -> Verdict:
    if oc.victim:  # E: oc.victim | OomControl has no attribute 'victim'
        return PASS
    return PASS


@oom_handler()
def none_without_type(oc: OomControl) -> Verdict:
    best = None  # E: best | cannot tell the type of 'best'
    return PASS


def plain_helper(m: MemCgroup) -> u64:
    return m.usage


@oom_handler()
def wrong_parameter(oc: MemCgroup) -> Verdict:  # E: def | takes one parameter, `oc: OomControl`
    return PASS


@oom_handler()
def declares_oom_inside(oc: OomControl) -> Verdict:
    kfuncs.bpf_out_of_memory(oc.memcg, 0, 1)  # E: kfuncs.bpf_out_of_memory | cannot be called here
    return PASS


@oom_handler()
def wrong_stat_family(oc: OomControl) -> Verdict:
    scope = oc.memcg
    if scope is None:
        return PASS
    n: u64 = scope.vm_events("NR_FILE_PAGES")  # E: "NR_FILE_PAGES" | read it with memcg.page_state
    return PASS


def returns_memcg(m: MemCgroup) -> MemCgroup:
    best = m
    return best  # E: best  # | cannot be returned yet


def reassigns_param(m: MemCgroup, oc: OomControl) -> u64:
    m = oc.memcg  # E: m = | cannot be reassigned
    return 0


@oom_handler()
def memcg_path_string(oc: OomControl) -> Verdict:
    scope = oc.memcg
    if scope is None or scope.path == 0:  # E: scope.path | a MemCgroup has no path
        return PASS
    return PASS


@oom_handler()
def name_not_literal(oc: OomControl) -> Verdict:
    scope = oc.memcg
    if scope is None or scope.name_is(scope):  # E: scope) | compares with a string literal
        return PASS
    return PASS


@oom_handler()
def name_with_slash(oc: OomControl) -> Verdict:
    scope = oc.memcg
    if scope is None or scope.name_is("a/b"):  # E: "a/b" | without NUL or '/'
        return PASS
    return PASS


@oom_handler()
def empty_prefix(oc: OomControl) -> Verdict:
    scope = oc.memcg
    if scope is None or scope.name_startswith(""):  # E: "" | needs a non-empty prefix
        return PASS
    return PASS


@oom_handler()
def xattr_not_user(oc: OomControl) -> Verdict:
    scope = oc.memcg
    if scope is None or scope.xattr_flag("trusted.oomd_omit"):  # E: "trusted | must be named user.*
        return PASS
    return PASS


@oom_handler()
def xattr_not_literal(oc: OomControl) -> Verdict:
    scope = oc.memcg
    if scope is None or scope.xattr_flag(scope):  # E: scope) | reads an xattr named by a string literal
        return PASS
    return PASS


@oom_handler()
def xattr_two_names(oc: OomControl) -> Verdict:
    scope = oc.memcg
    if scope is None or scope.xattr_flag("user.a", "user.b"):  # E: scope.xattr_flag( | takes one string literal
        return PASS
    return PASS


@oom_handler()
def victim_exiting_called(oc: OomControl) -> Verdict:
    if oc.victim_exiting():  # E: oc.victim_exiting( | OomControl has no method 'victim_exiting'
        return PASS
    return PASS


@oom_handler()
def loop_name_reused_inside(oc: OomControl) -> Verdict:
    scope = oc.memcg
    if scope is None:
        return PASS
    for memcg in scope.descendants():
        for memcg in memcg.descendants():  # E: memcg in | must be a new name
            pass
    return PASS


@oom_handler()
def loop_name_of_a_local(oc: OomControl) -> Verdict:
    memcg = oc.memcg
    if memcg is None:
        return PASS
    for memcg in memcg.descendants():  # E: memcg in | must be a new name
        pass
    return PASS


@oom_handler()
def handler_without_annotation(oc) -> Verdict:  # E: oc) | needs a type annotation, e.g. `oc: OomControl`  # noqa: ANN001
    return PASS


@oom_handler()
def comm_too_long(oc: OomControl) -> Verdict:
    scope = oc.memcg
    if scope is None:
        return PASS
    for task in scope.tasks():
        if task.comm_is("a-name-longer-than-15"):  # E: "a-name | must be at most 15 bytes, without NUL
            return PASS
    return PASS


@oom_handler()
def comm_empty_prefix(oc: OomControl) -> Verdict:
    scope = oc.memcg
    if scope is None:
        return PASS
    for task in scope.tasks():
        if task.comm_startswith(""):  # E: "" | comm_startswith() needs a non-empty prefix
            return PASS
    return PASS


@oom_handler()
def comm_as_string(oc: OomControl) -> Verdict:
    scope = oc.memcg
    if scope is None:
        return PASS
    for task in scope.tasks():
        if task.comm.startswith("ssh"):  # E: task.comm.startswith | has no method 'startswith'
            return PASS
    return PASS


@oom_handler()
def task_unknown_method(oc: OomControl) -> Verdict:
    scope = oc.memcg
    if scope is None:
        return PASS
    for task in scope.tasks():
        if task.name_is("sshd"):  # E: task.name_is | a value of type Task has no method 'name_is'
            return PASS
    return PASS


@oom_handler()
def drop_files_in_struct_ops(oc: OomControl) -> Verdict:
    return oc.drop_files("cache")  # E: oc.drop_files | oc.drop_files() is bridge-only


@oom_handler()
def freeze_in_struct_ops(oc: OomControl) -> Verdict:
    scope = oc.memcg
    if scope is None:
        return PASS
    return oc.freeze(scope, seconds=5)  # E: oc.freeze | oc.freeze() is bridge-only


@oom_handler()
def reclaim_without_experimental(oc: OomControl) -> Verdict:
    scope = oc.memcg
    if scope is None:
        return PASS
    return oc.reclaim(scope, 1 << 20)  # E: oc.reclaim | needs @oom_handler(experimental=True)


@oom_handler(experimental=True)
def reclaim_while_walking(oc: OomControl) -> Verdict:
    for memcg in oc.memcg.descendants():
        return oc.reclaim(memcg, 1 << 20)  # E: oc.reclaim | oc.reclaim() sleeps, so it cannot happen
    return PASS


@oom_handler(experimental=True)
def reclaim_a_task(oc: OomControl) -> Verdict:
    for task in oc.memcg.tasks():
        return oc.reclaim(task, 1 << 20)  # E: task | oc.reclaim() needs a MemCgroup
    return PASS


@oom_handler
def any_walk_under_a_condition(oc: OomControl) -> Verdict:
    m = oc.memcg
    if m and any(t.pid == 1 for t in m.tasks()):  # E: any( | this any() over a kernel walk needs a variable
        return PASS
    return PASS
