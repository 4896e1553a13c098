"""The hostile parts the fuzz generator mixes into a program (see hostile.py).  Each part adds something to
the generator's state: lines at the top level of the entry's body (``p0`` is an integer there), module-level
declarations or helpers, the entry's decorators or name, or what the module hands to compile()."""

from __future__ import annotations

from collections.abc import Callable

from hypothesis import strategies as st

from tests.compiler.hostile import INT_TYPES, Generator, bounds

Part = Callable[[Generator], None]

#: statements from outside the language (and misuses of it); each is valid Python syntax inside a function
SNIPPETS = [
    "xs = [i for i in range(3)]",
    "xs = {i for i in range(3)}",
    "xs = {i: i for i in range(3)}",
    "xs = sum(i for i in range(3))",
    "d = {1: 2}",
    "s = {1, 2}",
    "xs = [1, 2]",
    "f = lambda x: x",
    'msg = f"{p0}"',
    "try:\n    p0 += 1\nexcept Exception:\n    pass",
    "with open('x') as fh:\n    pass",
    "raise ValueError('no')",
    "assert p0",
    "import os",
    "from os import path",
    "class Local:\n    pass",
    "def inner() -> u64:\n    return 1",
    "if (walrus := p0):\n    pass",
    "t = (p0, p0)",
    "x = p0 ** 2",
    "x = p0 / 2",
    "x = p0 @ p0",
    "x = 1.5",
    'x = "text"',
    'x = b"bytes"',
    "x = ...",
    "x = 1j",
    "del p0",
    "a = b = p0",
    "a, b = p0",
    "a, b = p0, p0, p0",
    "p0.attr = 1",
    "x = len(p0)",
    "print(p0)",
    "x = max(p0, 1)",
    "x = int(p0)",
    "x = abs(p0)",
    "x = undefined_name + p0",
    "x = p0 is p0",
    "x = p0 in p0",
    "x = p0[1:2]",
    "x = p0[0]",
    "x = p0.real",
    "x = p0.bit_length()",
    "match p0:\n    case 1:\n        pass",
    "for a, b in range(3):\n    pass",
    "for i in (1, 2):\n    pass",
    "for i in range(3):\n    pass\nelse:\n    pass",
    "while p0 > 100:\n    p0 -= 1\nelse:\n    pass",
    "for i in range(p0, 2.0):\n    pass",
    "for i in range(0, 10, p0):\n    pass",
    "for i in range(0, 10, 0):\n    pass",
    "for i in range():\n    pass",
    "x = range(3)",
    "global G_VALUE\nG_VALUE = 1",
    "x = None",
    "x = p0 if p0 else None",
    "x: int = 1",
    "x: str = 1",
    "x: 'u32 +' = 1",
    "x: 'u8' = 1",
    "x = u32(p0, p0)",
    "x = u32()",
    "x = bool()",
    "x = u32(x=p0)",
    "x = u8(p0) + 300",
    "x = 1 << 1000",
    "x = 1 // 0",
    "x = 1 % 0",
    "x = 1 << -1",
    "x = PASS",
    "yield p0",
    "x = print",
    "x = functools",
    "x = HashMap",
    "x = p0 < 'a'",
    "x = p0 == None",
    "x = p0 is not None",
    "x = oc",
    "x = u64(p0) + i64(p0)",
    "x: u8 = 1\nx: u16 = 2",
    "x = p0\nx = None",
    "p0 += 1.5",
    "x = [p0][0]",
    "x = -True",
    "x = ~False + p0",
    "x = not u64(p0)",
    "x = u8(p0) < 256 < u64(p0)",
    "x = 18446744073709551616 + p0",
    "x = -9223372036854775809 < p0",
    "x = p0 and None",
    "x = (u64(p0) if p0 else i64(p0))",
    "if p0:\n    return",
    "return None",
    "return 1.5",
    "return p0, p0",
    "x = u32(*(p0,))",
    "x = prog(*(p0,))",
    "x = config(u8, 3)",
    "x = HashMap(u64, u64, max_entries=4)",
    "x = record(p0)",
    "x = functools.update_wrapper(p0, p0)",
    "range = p0\nfor i in range(3):\n    pass",
]


def snippet(g: Generator) -> None:
    g.hostile("snippet")
    g.hostile_lines += g.pick(SNIPPETS).split("\n")


def two_snippets(g: Generator) -> None:
    snippet(g)
    snippet(g)


# ------------------------------------------------------------------------------------------------ nesting


def deep_add(g: Generator) -> None:
    n = g.draw(st.sampled_from([50, 200, 320, 400, 600]))
    g.hostile(f"deep_add_{n}")
    g.hostile_lines.append("x_deep = " + " + ".join(["p0"] * n))


def deep_unary(g: Generator) -> None:
    n = g.draw(st.sampled_from([40, 150, 320, 500]))
    g.hostile(f"deep_unary_{n}")
    g.hostile_lines.append("x_deep = " + "".join(g.pick(["-", "~"]) for _ in range(n)) + "i64(p0)")


def deep_ifexp(g: Generator) -> None:
    n = g.draw(st.sampled_from([30, 150, 300, 450]))
    g.hostile(f"deep_ifexp_{n}")
    chain = " ".join(f"{i * 7} if p0 == {i} else" for i in range(n))
    g.hostile_lines.append(f"x_deep: u64 = {chain} 5")


def deep_boolop(g: Generator) -> None:
    n = g.draw(st.sampled_from([30, 300, 800]))
    g.hostile(f"deep_boolop_{n}")
    g.hostile_lines.append("x_deep = " + " or ".join(f"p0 == {i}" for i in range(n)))


def deep_elif(g: Generator) -> None:
    n = g.draw(st.sampled_from([20, 150, 330, 500]))
    g.hostile(f"deep_elif_{n}")
    g.hostile_lines += ["x_deep: u64 = 0", "if p0 == 0:", "    x_deep = 1"]
    for i in range(1, n):
        g.hostile_lines += [f"elif p0 == {i}:", f"    x_deep = {i * 3}"]


def deep_blocks(g: Generator) -> None:
    n = g.draw(st.sampled_from([10, 40, 90]))
    g.hostile(f"deep_blocks_{n}")
    g.hostile_lines.append("x_deep: u64 = 0")
    for i in range(n):
        g.hostile_lines.append("    " * i + f"if u64(p0) > {i}:")
    g.hostile_lines.append("    " * n + "x_deep += 1")


def deep_calls(g: Generator) -> None:
    n = g.draw(st.sampled_from([10, 60, 120, 160]))
    g.hostile(f"deep_calls_{n}")
    stem = g.fresh("chain")
    for i in range(n):
        body = f"{stem}_{i + 1}(a + 1)" if i < n - 1 else "a"
        g.helpers.append(f"def {stem}_{i}(a: u64) -> u64:\n    return {body}\n")
    g.hostile_lines.append(f"x_deep = {stem}_0(u64(p0))")


def long_line(g: Generator) -> None:
    g.hostile("long_line")
    g.hostile_lines.append("x_long = (" + " " * 70_000 + "u64(p0) + 1)")


def many_statements(g: Generator) -> None:
    n = g.draw(st.sampled_from([100, 400]))
    g.hostile(f"many_statements_{n}")
    g.hostile_lines.append("acc: u64 = 0")
    g.hostile_lines += [f"acc = acc * 3 + u64(p0) + {i}" for i in range(n)]


# ------------------------------------------------------------------------------------------------ constants


def int_subclass_constant(g: Generator) -> None:
    """Module constants, a config default and a map size that are IntEnum members (int subclasses)."""
    g.hostile("int_subclass_constant")
    enum, conf, m = g.fresh("Lvl"), g.fresh("conf"), g.fresh("menum")
    g.head.append(f"import enum\n\n\nclass {enum}(enum.IntEnum):\n    LOW = 1\n    HIGH = 200\n")
    g.head.append(f"{enum}_HIGH = {enum}.HIGH")
    g.head.append(f"{conf} = config(u8, {enum}.HIGH)")
    g.head.append(f"{m} = HashMap(u64, u64, max_entries={enum}.HIGH)")
    g.hostile_lines += [f"{m}[u64(p0)] = {enum}_HIGH", f"x_enum = u64(p0) + {enum}_HIGH + {conf} + {m}.get(u64(p0), 0)"]


def huge_constant(g: Generator) -> None:
    digits = g.draw(st.sampled_from([19, 20, 40, 5000]))
    g.hostile(f"huge_constant_{digits}")
    name = g.fresh("BIG")
    g.head.append(f"{name} = {g.pick(['', '-'])}10 ** {digits}")
    use = g.pick(
        [
            f"x_big = u64(p0) < {name}",
            f"x_big = u64(p0) == {name}",
            f"x_big = {name} > i64(p0) >= -{name}",
            f"x_big = u64(p0) + {name}",
            f"x_big = {name} - {name} + u64(p0)",
            f"x_big = {name}",
            f"x_big: u64 = {name} // {name}",
            f"x_big = u8(p0) if u64(p0) != {name} else u8(1)",
        ]
    )
    g.hostile_lines.append(use)


def hex_constant(g: Generator) -> None:
    n = g.draw(st.sampled_from([16, 17, 2000]))
    g.hostile(f"hex_constant_{n}")
    g.hostile_lines.append(f"x_big = u64(p0) != 0x{'f' * n}")


def range_edges(g: Generator) -> None:
    """Ranges reaching the ends of their type, with a run-time or constant bound and a short walk."""
    t = g.pick(INT_TYPES)
    lo, hi = bounds(t)
    step = g.pick(["1", "3", "-1", "-2", "200"]) if t[0] == "i" else g.pick(["1", "3", "200"])
    s = int(step)
    if not lo <= s <= hi:
        step, s = "1", 1
    start, stop = (f"{t}(p0)", str(hi)) if s > 0 else (f"{t}(p0)", str(lo))
    if g.chance(0.4):  # constant bounds at the edge
        start, stop = (str(hi - 5 * abs(s)), str(hi)) if s > 0 else (str(lo + 5 * abs(s)), str(lo))
    if g.chance(0.2):
        start, stop = (str(lo), str(hi)) if s > 0 else (str(hi), str(lo))
    g.hostile(f"range_edge_{t}")
    k = g.fresh("edge")
    g.hostile_lines += [
        f"n_{k}: u64 = 0",
        f"{k}: {t} = 0",
        f"for {k} in range({start}, {stop}, {step}):",
        f"    n_{k} += 1",
        f"    if n_{k} > 4:",
        "        break",
        f"x_edge = n_{k} + u64({k})",
    ]


# ------------------------------------------------------------------------------------------------ flow and calls


def unassigned(g: Generator) -> None:
    g.hostile("unassigned")
    g.hostile_lines += g.pick(
        [
            "if p0 > 3:\n    y_un = 1\nx_un = y_un + p0",
            "for i in range(3):\n    y_un = i\nx_un = y_un",
            "while p0 > 3:\n    y_un = 1\n    break\nx_un = y_un",
            "x_un = y_un\ny_un = 1",
        ]
    ).split("\n")


def closure_without_value(g: Generator) -> None:
    g.hostile("closure_without_value")
    g.target_params = ["u64"]
    g.tail = [
        "def make():\n    def prog(p0: u64) -> u64:\n        return p0 + z_cell\n\n    return prog\n    z_cell = 1\n",
        "TARGET = make()",
    ]


def closure_with_value(g: Generator) -> None:
    g.hostile("closure_with_value")
    g.target_params = ["u64"]
    g.tail = [
        "def make():\n    z_cell = 7\n\n    def prog(p0: u64) -> u64:\n        return p0 + z_cell\n\n    return prog\n",
        "TARGET = make()",
    ]


def wrong_calls(g: Generator) -> None:
    g.hostile("wrong_calls")
    name = g.fresh("h")
    g.helpers.append(f"def {name}(a: u64, b: u64) -> u64:\n    return a + b\n")
    g.hostile_lines.append(
        g.pick(
            [
                f"x_call = {name}(u64(p0))",
                f"x_call = {name}(a=u64(p0), b=1)",
                f"x_call = {name}(u64(p0), 1, 2)",
                f"x_call = {name}(*[1, 2])",
                f"x_call = {name}(u64(p0), 1.5)",
                f"x_call = {name}",
                f"x_call = {name}(u64(p0), -1)",
            ]
        )
    )


def recursion(g: Generator) -> None:
    g.hostile("recursion")
    a, b = g.fresh("rec"), g.fresh("rec")
    if g.chance(0.5):
        g.helpers.append(f"def {a}(x: u64) -> u64:\n    if x == 0:\n        return 0\n    return {a}(x - 1) + 1\n")
    else:
        g.helpers.append(f"def {a}(x: u64) -> u64:\n    return {b}(x) + 1\n")
        g.helpers.append(f"def {b}(x: u64) -> u64:\n    if x == 0:\n        return 0\n    return {a}(x - 1)\n")
    g.hostile_lines.append(f"x_rec = {a}(u64(p0))")


def many_params(g: Generator) -> None:
    """A helper BPF cannot call (more than five arguments), big enough that LLVM would keep it out of line."""
    n = g.draw(st.sampled_from([6, 7, 9]))
    g.hostile(f"many_params_{n}")
    name = g.fresh("wide")
    params = ", ".join(f"a{i}: u64" for i in range(n))
    body = " ^ ".join(f"(a{i} * {i + 3})" for i in range(n))
    g.helpers.append(
        f"def {name}({params}) -> u64:\n    x: u64 = 0\n    for i in range(3):\n"
        f"        x = (x << 5) ^ ({body}) + u64(i)\n        x ^= x >> 7\n    return x\n"
    )
    calls = [f"{name}({', '.join(f'u64(p0) + {j}' for j in range(n))})" for _ in range(4)]
    g.hostile_lines.append("x_wide = " + " + ".join(calls))


def calls_entry_or_policy(g: Generator) -> None:
    g.hostile("call_policy")
    g.helpers.append(
        '@oom_handler(name="other_policy")\ndef other_policy(oc: OomControl) -> Verdict:\n    return PASS\n'
    )
    g.hostile_lines.append(g.pick(["x_pol = other_policy(p0)", "x_pol = other_policy"]))


# ------------------------------------------------------------------------------------------------ stack


def many_locals(g: Generator) -> None:
    n = g.draw(st.sampled_from([40, 120, 220]))
    g.hostile(f"many_locals_{n}")
    g.hostile_lines += [f"l{i} = u64(p0) * {i * 7 + 3} + (u64(p0) >> {i % 60})" for i in range(n)]
    g.hostile_lines.append("x_locals = " + " ^ ".join(f"l{i}" for i in range(n)))


def big_record(g: Generator) -> None:
    n = g.draw(st.sampled_from([30, 63, 64, 65, 100]))
    t = g.pick(["u64", "u8", "u32"])
    g.hostile(f"big_record_{n}_{t}")
    name, m = g.fresh("Big"), g.fresh("mbig")
    fields = "\n".join(f"    f{i}: {t}" for i in range(n))
    g.head.append(f"@record\nclass {name}:\n{fields}\n")
    g.head.append(f"{m} = HashMap(u64, {name}, max_entries=2)")
    values = ", ".join(f"f{i}={t}(p0) + {i % 7}" for i in range(n))
    g.hostile_lines.append(f"{m}[u64(p0)] = {name}({values})")
    g.hostile_lines.append(f"x_rec = u64({m}.get(u64(p0), {name}()).f{n - 1})")
    if g.chance(0.5):
        rb = g.fresh("rb")
        g.head.append(f"{rb} = RingBuf()")
        g.hostile_lines.append(f"{rb}.output({name}({values}))")


# ------------------------------------------------------------------------------------------------ names


BAD_NAMES = [
    '"a\\nb"',
    '"a\\x00b"',
    '"ünï"',
    '"9lives"',
    "5",
    "b'bytes'",
    '"x" * 80',
    '"pyo_kills"',
    '"pyo_env"',
    '"_license"',
    '"prog"',
    '""',
    '"a.b"',
    '"a-b"',
    '"ok_name"',
    '"TARGET"',
]


def bad_map_name(g: Generator) -> None:
    bad = g.pick(BAD_NAMES)
    g.hostile(f"bad_map_name {bad}")
    m = g.fresh("named")
    kind = g.pick(["hash", "array", "config"])
    if kind == "hash":
        g.head.append(f"{m} = HashMap(u64, u64, max_entries=4, name={bad})")
        g.hostile_lines.append(f"{m}[u64(p0)] = 1")
    elif kind == "array":
        g.head.append(f"{m} = ArrayMap(u64, max_entries=4, name={bad})")
        g.hostile_lines.append(f"{m}[0] += 1")
    else:
        g.head.append(f"{m} = config(u64, 3, name={bad})")
        g.hostile_lines.append(f"x_conf = {m} + u64(p0)")


#: names an object needs for itself: pyoombpf's own globals, and kfuncs the object may declare
EXTERN_NAMES = [
    "_license",
    "pyo_kills",
    "pyo_env",
    "pyo_xattr",
    "pyo_actions",
    "bpf_task_from_pid",
    "bpf_oom_kill_process",
    "bpf_mem_cgroup_usage",
    "bpf_iter_num_new",
]


def extern_names(g: Generator) -> None:
    """A helper (or the entry) named like a global the object needs: helpers take another symbol, the entry's
    name must stay and is a located error when it clashes."""
    name = g.pick(EXTERN_NAMES)
    if g.chance(0.3):
        g.hostile(f"extern_entry_name {name}")
        g.entry_name = name  # the program's name (syscall), or the policy's
        g.policy_name = f'"{name}"'
        return
    g.hostile(f"extern_helper_name {name}")
    g.helpers.append(f"def {name}(x: u64) -> u64:\n    return x * 3 + 1\n")
    g.hostile_lines.append(f"x_ext = {name}(u64(p0))")


def clashing_map_names(g: Generator) -> None:
    g.hostile("clashing_map_names")
    a, b = g.fresh("dup"), g.fresh("dup")
    g.head += [f'{a} = HashMap(u64, u64, max_entries=4, name="dup")', f'{b} = ArrayMap(u64, max_entries=4, name="dup")']
    g.hostile_lines += [f"{a}[u64(p0)] = 1", f"{b}[0] = 2"]


def non_ascii_names(g: Generator) -> None:
    g.hostile("non_ascii_names")
    which = g.pick(["map_var", "helper", "entry", "record", "field", "local"])
    if which == "map_var":
        g.head.append("mäp = HashMap(u64, u64, max_entries=4)")
        g.hostile_lines.append("mäp[u64(p0)] = 1")
    elif which == "helper":
        g.helpers.append("def hélp(ä: u64) -> u64:\n    return ä + 1\n")
        g.hostile_lines.append("x_h = hélp(u64(p0))")
    elif which == "entry":
        g.entry_name = "prög"
    elif which == "record":
        g.head.append("@record\nclass Récord:\n    a: u64\n")
    elif which == "field":
        g.head.append(f"@record\nclass {g.fresh('R')}:\n    {g.pick(['fé', 'size', 'pack', '__x', 'unpack'])}: u64\n")
    else:
        g.hostile_lines += ["ünï = u64(p0)", "x_l = ünï + 1"]


def bad_declaration(g: Generator) -> None:
    g.hostile("bad_declaration")
    g.head.append(
        g.pick(
            [
                "bad_decl = HashMap(u64, u64, max_entries=0)",
                "bad_decl = HashMap(u64, u64, max_entries=-1)",
                "bad_decl = HashMap(u64, u64, max_entries=2 ** 40)",
                "bad_decl = HashMap(u64, u64, max_entries=True)",
                "bad_decl = HashMap(u64, str, max_entries=4)",
                "bad_decl = HashMap(u64, 5, max_entries=4)",
                "bad_decl = ArrayMap(float, max_entries=4)",
                "bad_decl = RingBuf(max_bytes=1000)",
                "bad_decl = RingBuf(max_bytes=2 ** 40)",
                "bad_decl = config(u8, 300)",
                "bad_decl = config(str, 1)",
                "bad_decl = config(u64, 'x')",
                "@record\nclass Empty:\n    pass\n",
                "@record\nclass Floaty:\n    a: float\n",
            ]
        )
    )


# ------------------------------------------------------------------------------------------------ targets


def decorated_entry(g: Generator) -> None:
    which = g.pick(["lru_cache", "staticmethod", "wraps", "same", "cache"])
    g.hostile(f"decorated_{which}")
    if which == "wraps":
        g.helpers.append(
            "def deco(f):\n    @functools.wraps(f)\n    def wrapper(*a):\n        return f(*a)\n\n    return wrapper\n"
        )
        g.entry_decorators.append("@deco")
    elif which == "same":
        g.helpers.append("def same(f):\n    return f\n")
        g.entry_decorators.append("@same")
    elif which == "cache":
        g.entry_decorators.append("@functools.cache")
    else:
        g.entry_decorators.append(f"@{'functools.lru_cache' if which == 'lru_cache' else 'staticmethod'}")


def odd_target(g: Generator) -> None:
    which = g.pick(["partial", "none", "builtin", "object", "lambda", "method", "staticmethod", "class", "int"])
    g.hostile(f"target_{which}")
    g.tail = {
        "partial": ["TARGET = functools.partial(prog, 1)"],
        "none": ["TARGET = None"],
        "builtin": ["TARGET = len"],
        "object": [
            "class Callable:\n    def __call__(self, p0: u64) -> u64:\n        return p0\n",
            "TARGET = Callable()",
        ],
        "lambda": ["TARGET = lambda p0: p0"],
        "method": ["class Holder:\n    def run(self, p0: u64) -> u64:\n        return p0\n", "TARGET = Holder().run"],
        "staticmethod": ["TARGET = staticmethod(prog)"],
        "class": ["class Klass:\n    pass\n", "TARGET = Klass"],
        "int": ["TARGET = 5"],
    }[which]


PARTS: list[Part] = [
    snippet,
    snippet,
    snippet,
    two_snippets,
    deep_add,
    deep_unary,
    deep_ifexp,
    deep_boolop,
    deep_elif,
    deep_blocks,
    deep_calls,
    long_line,
    many_statements,
    huge_constant,
    hex_constant,
    range_edges,
    range_edges,
    unassigned,
    closure_without_value,
    closure_with_value,
    wrong_calls,
    recursion,
    many_params,
    calls_entry_or_policy,
    many_locals,
    big_record,
    bad_map_name,
    clashing_map_names,
    non_ascii_names,
    bad_declaration,
    decorated_entry,
    odd_target,
    extern_names,
    int_subclass_constant,
]


# ------------------------------------------------------------------------------------------------ policies


def bad_policy_name(g: Generator) -> None:
    bad = g.pick(['"p\\nq"', '"pölicy"', "5", '"x" * 70', '""', '"9p"', '"a b"', "None"])
    g.hostile(f"bad_policy_name {bad}")
    g.policy_name = bad


def many_kill_sites(g: Generator) -> None:
    n = g.draw(st.sampled_from([8, 31, 32, 64]))
    g.hostile(f"kill_sites_{n}")
    for i in range(n):
        g.hostile_lines += [f"if p0 == {i}:", f'    return oc.kill_memcg(scope, "site {i}")']


def verdict_misuse(g: Generator) -> None:
    g.hostile("verdict_misuse")
    g.hostile_lines += g.pick(
        [
            "v = PASS\nif v == PASS:\n    return PASS",
            "v = PASS\nif v < PASS:\n    return PASS",
            "return 1",
            "return p0",
            "for t in scope.tasks():\n    return oc.kill(t, 'first')",
            "for m in scope.descendants():\n    return oc.kill_memcg(m, 'in walk')",
            "for t in scope.tasks():\n    for u in scope.tasks():\n        if t == u:\n            p0 += 1",
            "for t in scope.tasks():\n    for u in scope.tasks():\n        if t < u:\n            p0 += 1",
            "reason = 'x'\nreturn oc.kill_memcg(scope, reason)",
            "return oc.kill_memcg(scope, 'x' * 200)",
            "return oc.kill_memcg(p0, 'x')",
            "scope = None",
            "oc = None",
            "x = oc.no_such_thing",
            "x = scope.no_such_member",
        ]
    ).split("\n")


POLICY_PARTS: list[Part] = [
    snippet,
    snippet,
    deep_add,
    deep_ifexp,
    huge_constant,
    range_edges,
    unassigned,
    many_params,
    many_locals,
    big_record,
    bad_map_name,
    non_ascii_names,
    bad_policy_name,
    bad_policy_name,
    many_kill_sites,
    many_kill_sites,
    verdict_misuse,
    verdict_misuse,
    decorated_entry,
    extern_names,
    extern_names,
    int_subclass_constant,
]
