"""Functions outside the language subset.  Each marks its error with `# E: <token> | <message part>`:
the error must point at that line, at the column where <token> starts, and contain <message part>."""

import textwrap

from pyoombpf.dsl.kernel import kfuncs, ktypes
from pyoombpf.dsl.maps import HashMap, RingBuf, config
from pyoombpf.dsl.scalars import i32, i64, u8, u32, u64

NAME = "not an int"
TABLE = (10, 20, 30)
NAMES = ("a", "b")
m = HashMap(u64, u64, max_entries=8)
rb = RingBuf()


def list_comp(n: u32) -> u32:
    xs = [i for i in range(3)]  # E: [i | list comprehensions are not supported
    return n


def floats(n: u32) -> u32:
    return n + 1.5  # E: 1.5 | floats are not supported


def strings(n: u32) -> u32:
    return n + "x"  # E: "x" | strings are not supported


def dicts(n: u32) -> u32:
    d = {1: 2}  # E: {1 | dict literals are not supported
    return n


def try_except(n: u32) -> u32:
    try:  # E: try | try/except is not supported
        n += 1
    except ValueError:
        pass
    return n


def unknown_name(n: u32) -> u32:
    return n + undefined_thing  # E: undefined_thing | name 'undefined_thing' is not defined  # noqa: F821


def global_string(n: u32) -> u32:
    return n + NAME  # E: NAME | cannot be used as a value


def true_div(a: u32, b: u32) -> u32:
    return a / b  # E: a / b | true division


def mixed_sign(a: i64, b: u64) -> u64:
    return a + b  # E: a + b | cannot mix i64 and u64


def narrowing(a: u64) -> u32:
    return a  # E: a  # | the return value needs u32, got u64


def too_big_literal(a: u8) -> u8:
    return a + 300  # E: a + 300 | the constant 300 does not fit in u8


def unassigned(a: u32) -> u32:
    if a:
        x = 1
    return x  # E: x  # | might be used before it is assigned


def missing_return(a: u32) -> u32:  # E: def | can reach its end without returning
    if a:
        return 1


def no_annotation(a) -> u32:  # E: a) | needs a type annotation  # noqa: ANN001
    return 1


def recursive(a: u32) -> u32:
    return recursive(a)  # E: recursive(a) | recursive call


def bad_call_args(a: u32) -> u32:
    return helper_two(a)  # E: helper_two(a) | takes 2 argument(s), 1 given


def helper_two(a: u32, b: u32) -> u32:
    return a + b


def loop_else(a: u32) -> u32:
    for i in range(3):
        a += 1
    else:
        a = 0  # E: a = 0 | `else` on loops is not supported
    return a


def lambda_use(a: u32) -> u32:
    f = lambda x: x  # E: lambda | lambda is not supported  # noqa: E731
    return a


def bad_member(t: ktypes.task_struct) -> i64:
    return t.pidd  # E: t.pidd | has no member 'pidd'


def bad_kfunc(a: u32) -> u32:
    kfuncs.bpf_no_such_kfunc(a)  # E: kfuncs.bpf_no_such_kfunc | unknown kfunc bpf_no_such_kfunc
    return a


def kfunc_arg_type(a: u32) -> u32:
    t = kfuncs.bpf_task_from_pid(a)  # E: a) | needs i32, got u32
    return 0


def hash_subscript(a: u64) -> u64:
    return m[a]  # E: m[a] | use m.get(key, default)


def ringbuf_method(a: u64) -> u64:
    rb.push(a)  # E: rb.push | has only .output(record)
    return a


def chained_assign(a: u64) -> u64:
    b = m[1] = a  # E: b = m[1] | chained assignment `a = b = c` works on plain names only
    return b


def chained_assign_pointer(t: ktypes.task_struct) -> u64:
    a = b = t  # E: a = b | chained assignment `a = b = c` works on integers and bool only, not task_struct*
    return 0


def int_annotation(a: int) -> u64:  # E: int) | `int` has no fixed width
    return 0


def star_args(*a: u32) -> u32:  # E: a: u32) | *args are not supported
    return 0


def assert_stmt(a: u32) -> u32:
    assert a  # E: assert | assert is not supported
    return a


def is_with_int(a: u32) -> bool:
    return a is None  # E: a is None | only kernel pointers can be None


def power(a: u32) -> u32:
    return a**2  # E: a | `**` needs compile-time integer constants on both sides


def slice_use(t: ktypes.task_struct) -> u32:
    return t.comm[1:2]  # E: 1:2 | slices are not supported


def break_outside(a: u32) -> u32:
    return a


def walrus(a: u32) -> u32:
    if b := a:  # E: b := a | walrus
        return b
    return 0


def float_literal_in_range(a: u32) -> u32:
    for i in range(a, 2.0):  # E: 2.0 | floats are not supported
        pass
    return a


def iterate_list(a: u32) -> u32:
    for i in a:  # E: a: | for loops iterate over range
        pass
    return a


def keyword_call(a: u32) -> u32:
    return helper_two(a, b=a)  # E: b=a | takes no keyword arguments


def i32_shift_type(a: i32) -> u8:
    return a >> 1  # E: a >> 1 | the return value needs u8, got i32


def while_true_maybe_unassigned(a: u32) -> u32:
    while True:
        if a == 7:
            x = 1
            break
    return x  # E: x  # | might be used before it is assigned


COUNT = 5


def module_constant_rebound(a: u64) -> u64:
    COUNT = COUNT + a  # E: COUNT + | cannot access local variable 'COUNT' where it is not associated with a value
    return COUNT


def local_read_before_its_binding(a: u64) -> u64:
    b = c + a  # E: c + | cannot access local variable 'c' where it is not associated with a value  # noqa: F821
    c = b
    return c


def max_of_one(a: u64) -> u64:
    return max(a)  # E: max(a) | max() takes two or more integers in BPF code


def print_builtin(a: u64) -> u64:
    print(a)  # E: print | print() cannot be called in BPF code


def min_of_a_call_under_a_condition(a: u32, b: u32) -> u32:
    return a and min(helper_two(a, b), b)  # E: helper_two(a, b) | this argument of min() needs a variable here


def max_of_a_pointer(pid: i32) -> u64:
    task = kfuncs.bpf_task_from_pid(pid)
    n = max(1, task)  # E: task) | max() compares integers, not
    if task is not None:
        kfuncs.bpf_task_release(task)
    return n


def unpack_a_call(a: u32) -> u32:
    x, y = helper_two(a, a)  # E: x, y | a call returns one value, which cannot be unpacked into several names
    return x + y


def tuple_result(a: u32) -> tuple[u32, u32]:  # E: tuple[ | there are no tuple values in BPF code
    return a, a


FLOATS = (1.5, 2)


def loop_over_floats(a: u32) -> u32:
    for f in FLOATS:  # E: FLOATS | a loop over a tuple takes str, int and bool constants, not float 1.5
        a += 1
    return a


def loop_over_a_value(a: u32) -> u32:
    for f in (1, a):  # E: a) | a loop over a tuple takes constants (literals, module constants and sums of them)
        a += f
    return a


def loop_constant_assigned(a: u32) -> u32:
    for f in (1, 2):
        f = 3  # E: f = | 'f' walks a tuple of constants: it cannot be assigned in the loop
        a += f
    return a


def any_of_a_value(a: u32) -> bool:
    return any(a)  # E: any(a) | any() takes a generator over a tuple of constants in BPF code


def kernel_object_into_map(t: ktypes.task_struct) -> u64:
    m[1] = t  # E: m[1] = t | a value of map 'm' needs u64, got task_struct*
    return 0


def range_shadowed_by_local(a: u64) -> u64:
    range = a  # noqa: A001
    for _ in range(3):  # E: range(3) | `range` here is the local variable 'range', not the builtin range()
        a += 1
    return a


def pyoombpf_api_in_bpf(a: u64) -> u64:
    x = config(u8, 3)  # E: config | config() is part of pyoombpf's Python API (pyoombpf.dsl.maps)
    return a + x


def stdlib_in_bpf(a: u64) -> u64:
    return textwrap.dedent(a)  # E: textwrap.dedent | dedent() is a function of Python's standard library (textwrap)


def map_declared_inside(a: u64) -> u64:
    local = HashMap(u64, u64, max_entries=8)  # E: HashMap | HashMap() cannot be called in BPF code
    return local.get(a, 0)


def power_augmented(a: u32) -> u32:
    a **= 2  # E: a **= 2 | `**` needs compile-time integer constants on both sides
    return a


def power_negative(a: u64) -> u64:
    return a * 2**-1  # E: 2**-1 | `**` with a negative exponent gives a float


def power_huge(a: u64) -> u64:
    return a + 2**100000  # E: 2**100000 | the constant 2**100000 does not fit in 64 bits


def power_too_large(a: u64) -> u64:
    return a + 2**64  # E: a + 2**64 | does not fit in u64 (the right operand)


def len_of_value(a: u64) -> u64:
    return len(a)  # E: len(a) | len() takes a tuple of constants in BPF code


def sum_of_value(a: u64) -> u64:
    return sum(a)  # E: sum(a) | sum() takes a tuple of constants in BPF code


def sum_of_strings(a: u64) -> u64:
    return a + sum(("a", "b"))  # E: ("a", "b") | sum() of a tuple takes integers; the tuple holds str 'a'


def max_of_empty(a: u64) -> u64:
    return a + max(())  # E: () | max() of an empty tuple has no value


def tuple_of_values(a: u64, b: u64) -> u64:
    return len((a, b))  # E: a, b | a tuple in BPF code holds constants


def tuple_index_runtime(a: u64) -> u64:
    return TABLE[a]  # E: a] | a tuple of constants is indexed only by a constant, or by the variable of a loop


def tuple_index_out_of_range(a: u64) -> u64:
    return a + TABLE[3]  # E: 3] | index 3 is out of range for a tuple of 3


def in_strings(a: u64) -> bool:
    return a in ("a", "b")  # E: ("a" | `in` over a tuple compares integers; the tuple holds str 'a'


def in_range(a: u64) -> bool:
    return a in range(3, 9)  # E: range(3, 9) | `x in range(...)` is not supported in BPF code; compare instead


def in_value(a: u64, b: u64) -> bool:
    return a in b  # E: a in b | `in` / `not in` are only supported as `key in map` and `x in (1, 2, …)`


def in_under_condition(a: u64, b: u64) -> bool:
    return a > 3 and a + b in (4, 5)  # E: a + b | the left operand of `in` needs a variable here


def divmod_call(a: u64) -> u64:
    q, r = divmod(a, 7)  # E: divmod | divmod() cannot be called in BPF code
    return q + r


def tuple_index_loop_assigned(a: u64) -> u64:
    for i in range(len(TABLE)):
        a += TABLE[i]  # E: i] | a tuple of constants is indexed only by a constant, or by the variable
        i = 0
    return a


def tuple_index_loop_too_long(a: u64) -> u64:
    for i in range(4):
        a += TABLE[i]  # E: i] | a tuple of constants is indexed only by a constant, or by the variable
    return a


def tuple_index_string(a: u64) -> u64:
    for i in range(2):
        if NAMES[i] == 3:  # E: NAMES[i] | an element picked at run time must be an integer, not str 'a'
            a += 1
    return a


def enumerate_of_value(a: u64) -> u64:
    for i, v in enumerate(a):  # E: i, v | the loop variable must be a plain name
        a += i
    return a


def enumerate_start_value(a: u64) -> u64:
    for i, v in enumerate(TABLE, a):  # E: a) | the start of enumerate() must be an integer constant
        a += i
    return a


def zip_unpack_count(a: u64) -> u64:
    for x, y, z in zip(TABLE, TABLE, strict=True):  # E: x, y, z | each element has 2 values to unpack, not 3
        a += x
    return a


def zip_strict_lengths(a: u64) -> u64:
    for x, y in zip(TABLE, (1, 2), strict=True):  # E: zip( | zip(..., strict=True) of tuples of different lengths
        a += x * y
    return a
