# mypy: ignore-errors
"""Programs with loop-carried locals (tests/compiler/test_carried.py): what the verifier refused before the
compiler made such locals unknown to it (issue 19), and shapes for the carried-locals analysis."""

from pyoombpf import i64, u32, u64


def collatz_steps(n: u64) -> u64:
    steps: u64 = 0
    while n != 1 and steps < 1000:
        if n % 2 == 0:
            n = n // 2
        else:
            n = 3 * n + 1
        steps += 1
    return steps


def collatz_of_small(a: u32) -> u64:
    """The known issue of docs/language.md: ``n`` starts within 1..2**32, a range the verifier tracks exactly, so
    it was refused as too large ("Processed 1000001 insn") before."""
    return collatz_steps(u64(a) + 1)


def nested_counts(n: u32) -> u64:
    """A while loop in each iteration of a for loop: ``w`` restarts in every outer iteration, ``total`` runs
    through both loops."""
    total: u64 = 0
    for i in range(7):
        w: u32 = 0
        while w < 20 and w != n:
            w += 1
            if (w ^ n) & 3 == 0:
                total += w
            elif w == 13:
                total += 2
        total += i
    return total


def flag_and_count(limit: u32) -> u32:
    """A flag and a counter set inside a run-time-bound loop and tested after it (refused as too complex before)."""
    seen_big = False
    count: u32 = 0
    for i in range(0, limit):
        if i > 40:
            seen_big = True
        else:
            count += 1
    if seen_big:
        return count + 1000
    return count


def last_written(limit: u32) -> u32:
    """``last`` is only written in the loop (read after it); ``tmp`` is recomputed every iteration."""
    last: u32 = 0
    i: u32 = 0
    while i < limit:
        tmp = i * 2
        last = tmp
        i += 1
    return last


def straight(a: u32) -> u32:
    b = a + 1
    if b > 3:
        b = b * 2
    return b


def constant_range(a: u32) -> u32:
    s = a
    for i in range(5):
        s += i
    return s


def long_constant_range(a: u32) -> u64:
    """300,000 iterations with a branch each: walked by the verifier, it gave up at 8,192 pending branches; now
    the iterator drives it (more than WALKED_TRIPS iterations)."""
    total: u64 = 0
    for i in range(300000):
        if (i ^ a) & 7 == 0:
            total += i
    return total


def first_multiples(n: u32, k: u32) -> u64:
    total: u64 = 0
    for i in range(0, n):
        if i % k == 0:
            total += i
    return total


def known_bound_after_inlining(k: u32) -> u64:
    """LLVM inlines the helper and the run-time bound becomes the constant 50,000: the verifier knows it, and
    used to walk every iteration of the trip counter."""
    return first_multiples(50000, k)


def checklist(n: u32) -> u32:
    """A score built by a sequence of ``if``s in each iteration: 2**8 exact values of ``score`` per iteration
    unless the compiler merges it after each ``if``."""
    best: u32 = 0
    i: u32 = 0
    while i < n:
        score: u32 = 0
        if i & 1:
            score += 1
        if i & 2:
            score += 2
        if i & 4:
            score += 4
        if i & 8:
            score += 8
        if i & 16:
            score += 16
        if i & 32:
            score += 32
        score += 64 if i & 64 else 0
        score += 128 if i & 128 else 0
        if score > best:
            best = score
        i += 1
    return best


def too_long_constant_loop(a: u32) -> u64:
    """More iterations than the iterator's budget: stays a counted loop the verifier must walk, and cannot."""
    total: u64 = 0
    for i in range(9000000):
        if (i ^ a) & 7 == 0:
            total += 1
    return total


def exact_count(n: u32) -> u32:
    """The counter of each row compared with the best so far: what the verifier could not converge on before
    the compiler hid loop-carried locals from it (with PYOOMBPF_KEEP_CARRIED=1 it still cannot)."""
    best: u32 = 0
    for j in range(0, n):
        c: u32 = 0
        for i in range(0, n):
            if (i ^ j) & 1:
                c += 1
        if c > best:
            best = c
    return best


def elif_chain(n: u32) -> u32:
    """One ``if``/``elif`` chain assigning ``rank`` in every arm, then a second ``if`` on another local: no local is
    assigned by two statements in a row, so nothing is merged (an elif chain has as many values as arms)."""
    best: u32 = 0
    i: u32 = 0
    while i < n:
        if i & 3 == 0:
            rank: u32 = 3
        elif i & 3 == 1:
            rank = 1
        else:
            rank = 2
        if rank > best:
            best = rank
        i += 1
    return best


def fibonacci(n: u32) -> u64:
    """``a`` and ``b`` are computed from each other: a recurrence through two locals."""
    a: u64 = 0
    b: u64 = 1
    i: u32 = 0
    while i < n:
        a, b = b, a + b
        i += 1
    return a


def break_and_continue(n: u32) -> u32:
    """``found`` reaches the code after the loop through ``break``; ``skipped`` the next iteration through
    ``continue``."""
    found: u32 = 0
    skipped: u32 = 0
    i: u32 = 0
    while i < n:
        i += 1
        if i == 7:
            found = i
            break
        if i % 2 == 0:
            skipped += 1
            continue
    return found


# --- counted while loops (hir/counted.py): a constant start, a constant bound, one increment per iteration


def counted_while(seed: u64) -> u64:
    """The peer program's loop (benchmarks/peers/): 32 iterations, a sum no condition reads."""
    total: u64 = 0
    i: u64 = 0
    while i < 32:
        if (seed + i) % 3 == 0:
            total = total + i * 7
        else:
            total = total + 1
        i = i + 1
    return total


def counted_remainders_and_products(n: i64) -> i64:
    """A counted loop with signed remainders compared with non-zero constants and carried products and xors:
    codegen/shape.py keeps the remainders and commutes the carried operations; the result must not change."""
    prod: i64 = 1
    mix: i64 = 0
    i: i64 = 0
    while i < 24:
        if (n - i * 5) % 7 == 3:
            prod = (i + 2) * prod
        elif (n + i) % 4 != 1:
            mix = (i * 3) ^ mix
        else:
            mix = (n & 255) + mix
        i = i + 1
    return prod + mix


def counted_while_with_break(n: u32) -> u32:
    """Steps of 2 up to and including 40 (20 iterations at most); ``break`` ends it earlier."""
    found: u32 = 0
    k: u32 = 2
    while k <= 40:
        if n % k == 0:
            found = k
            break
        k += 2
    return found


def counted_shape_tested_sum(n: u32) -> u32:
    """The counted shape, but ``score`` (which the branches make differ on every path) decides a branch: it keeps
    the iterator, which hides ``score`` from the verifier."""
    score: u32 = 0
    i: u32 = 0
    while i < 64:
        if (n >> (i % 32)) & 1 == 1:
            score += i
        if score > 300:
            break
        i += 1
    return score


def counted_shape_with_continue(n: u32) -> u32:
    """A ``continue`` could skip the increment: keeps the iterator."""
    odd: u32 = 0
    i: u32 = 0
    while i < 16:
        i += 1
        if (n + i) % 2 == 0:
            continue
        odd += 1
    return odd


def counted_shape_start_unknown(n: u32) -> u32:
    """The start is a parameter: keeps the iterator."""
    total: u32 = 0
    while n < 16:
        total += n
        n += 1
    return total


def counted_shape_nested(n: u32) -> u32:
    """A loop in the body: keeps the iterator (the inner range is walked as before)."""
    total: u32 = 0
    i: u32 = 0
    while i < 8:
        for j in range(4):
            total += (n ^ j) & i
        i += 1
    return total


def counted_shape_too_long(n: u64) -> u64:
    """65 iterations: more than the verifier should walk; keeps the iterator."""
    total: u64 = 0
    i: u64 = 0
    while i <= 64:
        total += n & i
        i += 1
    return total


def range_tested_sum(n: u32) -> u32:
    """A short constant range whose branches add 5 or 1 to a sum tested after it: walked step by step, the verifier
    may meet another exact sum on each of 2**16 paths; it is iterator-driven, with the sum hidden."""
    score: u32 = 0
    for i in range(16):
        if (n >> i) & 1 == 1:
            score = score + 5
        else:
            score = score + 1
    if score > 40:
        return score
    return 0


def range_tested_sum_in_while(n: u32) -> u32:
    """The same range (with ``+=``) inside an iterator-driven ``while``, the sum compared with the best so far."""
    best: u32 = 0
    k: u32 = 0
    while k < n % 5:
        score: u32 = 0
        for i in range(16):
            if ((n + k) >> i) & 1 == 1:
                score += 5
            else:
                score += 1
        if score > best:
            best = score
        k += 1
    return best


def range_untested_sum(n: u32) -> u32:
    """The same sum, only returned: no condition reads it, so the verifier walks the range (no iterator)."""
    score: u32 = 0
    for i in range(16):
        if (n >> i) & 1 == 1:
            score = score + 5
        else:
            score = score + 1
    return score


def severe_score(score: u32) -> bool:
    return score > 40


def range_sum_to_a_helper(n: u32) -> u32:
    """The sum is compared in another function: the verifier needs it exactly all the same."""
    score: u32 = 0
    for i in range(16):
        if (n >> i) & 1 == 1:
            score = score + 5
        else:
            score = score + 1
    bad = severe_score(score)
    if bad:
        return 1
    return 0


def range_sum_scaled(n: u32) -> u32:
    """The sum is compared through a value computed from it."""
    score: u32 = 0
    for i in range(16):
        if (n >> i) & 1 == 1:
            score = score + 5
        else:
            score = score + 1
    scaled = score * 3
    if scaled > 120:
        return scaled
    return 0
