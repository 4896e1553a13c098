"""Functions exercising each construct of the language; compiled by the differential tests."""

from pyoombpf.dsl.scalars import i8, i16, i32, i64, u8, u16, u32, u64

SCALE = 3
MASK = 0xFF


def add_u8(a: u8, b: u8) -> u8:
    return a + b


def sub_u16(a: u16, b: u16) -> u16:
    return a - b


def mul_i32(a: i32, b: i32) -> i32:
    return a * b


def mul_u64(a: u64, b: u64) -> u64:
    return a * b


def floordiv_i64(a: i64, b: i64) -> i64:
    return a // b


def mod_i64(a: i64, b: i64) -> i64:
    return a % b


def floordiv_i8(a: i8, b: i8) -> i8:
    return a // b


def mod_i16(a: i16, b: i16) -> i16:
    return a % b


def floordiv_u32(a: u32, b: u32) -> u32:
    return a // b


def mod_u64(a: u64, b: u64) -> u64:
    return a % b


def shl_u32(a: u32, n: u32) -> u32:
    return a << n


def shr_i32(a: i32, n: u8) -> i32:
    return a >> n


def shr_u64(a: u64, n: i64) -> u64:
    return a >> n


def shl_i64(a: i64, n: u64) -> i64:
    return a << n


def bitops(a: u32, b: u32) -> u32:
    return (a & b) ^ (a | MASK) ^ ~b


def neg_u16(a: u16) -> u16:
    return -a


def neg_i8(a: i8) -> i8:
    return -a


def mixed_widen(a: u32, b: i64) -> i64:
    return a + b


def compare_mixed(a: i64, b: u64) -> i64:
    r = 0
    if a < b:
        r |= 1
    if a <= b:
        r |= 2
    if a == b:
        r |= 4
    if a != b:
        r |= 8
    if a > b:
        r |= 16
    if a >= b:
        r |= 32
    return r


def compare_literals(a: u8, b: i8) -> i64:
    r = 0
    if a < 300:
        r |= 1
    if b > -200:
        r |= 2
    if a == -1:
        r |= 4
    if a > -1:
        r |= 8
    if b >= 127:
        r |= 16
    return r


def chained(a: i64, b: i64, c: i64) -> bool:
    return a < b <= c != a


def boolops(a: i64, b: i64) -> i64:
    return (a and b) or (a - b)


def logic(a: i64, b: i64) -> bool:
    return not (a > 0 and b > 0) or (a == b and not b)


def ifexp(a: i32, b: i32) -> i32:
    return a if a > b else b - a


def branches(x: i64) -> i64:
    if x < -100:
        return -1
    elif x < 0:
        y = x * 2
    elif x == 0:
        y = 42
    else:
        y = x // SCALE
    return y + 1


def swap(a: u32, b: u32) -> u32:
    a, b = b, a
    a, b = a * 2, a + b
    return a - b


def augassign(a: u8, b: u8) -> u8:
    a += b
    a *= 3
    a -= 1
    a //= 2
    a <<= 1
    a |= 1
    a ^= b
    return a


def for_range(n: u8) -> u64:
    total: u64 = 0
    for i in range(10):
        if i == n:
            continue
        total += i * SCALE
        if total > 100:
            break
    return total


def for_range_step(a: i64) -> i64:
    acc = 0
    for i in range(20, -20, -3):
        acc = acc * 3 + i + a
    return acc


def for_dynamic(n: u32, step_from: u32) -> u64:
    total: u64 = 0
    for i in range(step_from, n):
        total += i
        if total > 5000:
            break
    return total


def while_loop(n: u64) -> u64:
    steps: u64 = 0
    while n != 1 and steps < 1000:
        if n % 2 == 0:
            n = n // 2
        else:
            n = 3 * n + 1
        steps += 1
    return steps


def while_true(a: u32) -> u32:
    i = 0
    while True:
        i += 1
        if i * i > a:
            break
    return i


def gcd(a: u64, b: u64) -> u64:
    while b:
        a, b = b, a % b
    return a


def clamp(x: i64, lo: i64, hi: i64) -> i64:
    return lo if x < lo else hi if x > hi else x


def use_helper(a: i64, b: i64) -> i64:
    return clamp(a * b, -1000, 1000) + i64(gcd(u64(a & 0xFFFF), u64(b & 0xFFFF)))


def casts(a: u64) -> i64:
    return i64(u8(a)) + i64(i8(a)) + i64(u16(a)) + i64(i16(a)) + i64(u32(a)) + i64(i32(a))


def bool_arith(a: bool, b: i64) -> i64:
    return a + b + (a & (b > 0))


def literal_local(x: u32) -> u32:
    total = 0
    total += x
    return total


def nested_loops(n: u8) -> u32:
    count: u32 = 0
    for i in range(8):
        for j in range(8):
            if j > i:
                break
            if (i + j) % 3 == n % 3:
                continue
            count += 1
    return count


LIMITS = (10, 200, 3000)


def min_max_abs(a: i32, b: u16, c: i8) -> i64:
    """min/max/abs: promotion as for operators, each argument once (docpol: `max(score, 0)` was refused)."""
    lo = min(a, b, 7)
    hi = max(i64(a) * 3, b, -5)
    return lo + hi + abs(i16(c)) + abs(i64(a)) // 2


def tier_of_constants(x: u32) -> u32:
    """A loop over a module tuple of constants, with break and continue, as Python runs it."""
    n: u32 = 0
    for limit in LIMITS:
        if x < limit:
            break
        n += 1
    for k in (1, 3, 5):
        if k == 3:
            continue
        n += k
    return n


def any_all_of_constants(x: u32) -> u32:
    """any()/all() of a generator over constants: an or/and of one test per element."""
    r: u32 = 0
    if any(x % k == 0 for k in LIMITS):
        r += 1
    if all(x > k for k in (1, 2, 3) if k != 2):
        r += 10
    if all(x // k for k in LIMITS):
        r += 100
    return r


MIB = 2**20
CODES = (3, 7, 11, 200)


def power_constants(a: u64) -> u64:
    big: u64 = 256 * 2**20
    return a % big + 2**SCALE * MIB // 2**10 + ((-2) ** 3 + 16)


def len_sum_of_tuples(a: u32) -> u64:
    total: u64 = 0
    for i in range(len(CODES)):
        total += a * i
    return total + sum(CODES) + len((1, 2)) + max(CODES) - min(CODES) + CODES[1] + CODES[-1]


def in_constant_tuple(a: u8, b: i32) -> u32:
    r: u32 = 0
    if a in CODES:
        r |= 1
    if b not in (-1, 0, 300):
        r |= 2
    if a + 1 in (4, 8, 256):  # a + 1 is u8 arithmetic: 255 + 1 wraps to 0, never 256
        r |= 4
    if a in ():
        r |= 8
    return r


def tuple_index_by_loop(a: u64, b: i8) -> u64:
    total: u64 = 0
    for i in range(len(CODES)):
        if a > CODES[i]:
            total += CODES[i] * 2**4
    for j in range(-1, -len(CODES) - 1, -1):
        total = total * 3 + CODES[j]
    x = CODES[0]  # a literal local: u64 below
    y = 2 if b > 3 else 1  # i64 until a use needs u64: the sum below
    return total + x + y


def enumerate_zip_constants(a: u64) -> u64:
    total: u64 = 0
    for i, code in enumerate(CODES):
        if a > code:
            total += i * code
    for n, code in enumerate(CODES, 1):
        if a == code:
            total += n
    for code, w in zip(CODES, (1, 2, 4), strict=False):  # stops at the shorter tuple, as in Python
        if a % 2 == code % 2:
            total += w
    return total


def chained_assignment(a: u32, b: u64) -> u64:
    x = y = 0  # each name types like a literal: u64 below
    x += b
    lo = hi = a  # u32
    lo = lo // 2
    hi, y = hi + 1, y + 3
    b = p = b // 3 + 1  # evaluated once, b first
    return x + y + lo + hi + b + p
