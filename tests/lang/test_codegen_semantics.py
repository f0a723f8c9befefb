"""Semantics the code generator's fast paths must keep: unit-step range loops (which test
`i < stop` rather than counting), near the int64 limits and in every loop shape."""
import pytest

from tests.conftest import assert_same

BIG = 2**63 - 1


@pytest.mark.parametrize("a,b", [(0, 5), (5, 0), (3, 3), (-4, 4), (BIG - 3, BIG), (-BIG - 1, -BIG + 2)])
def test_unit_step_range_up(a, b):
    def f(a, b):
        n = 0
        last = 7
        for i in range(a, b):
            n += 1
            last = i
        for i in range(a, b, 1):
            n += 1
        return n, last
    assert_same(f, a, b)


@pytest.mark.parametrize("a,b", [(5, 0), (0, 5), (3, 3), (4, -4), (-BIG + 2, -BIG - 1), (BIG, BIG - 3)])
def test_unit_step_range_down(a, b):
    def f(a, b):
        n = 0
        last = 7
        for i in range(a, b, -1):
            n += 1
            last = i
        return n, last
    assert_same(f, a, b)


def test_unit_step_range_shapes():
    def f(n):
        r = range(n)
        s = 0
        for i in r:          # one range object iterated twice, nested
            for j in r:
                if j > i:
                    break
                s += i * 10 + j
            else:
                s -= 1
        for k in range(n - 1, -1, -1):
            s = s * 3 + k
            if k == 2:
                continue
        for i in range(n):   # a loop variable reassigned in the body does not steer the loop
            i = i * 2
            s += i
        return s, [x * x for x in range(n, 0, -1)], sum([x for x in range(-n, n)])
    assert_same(f, 6)
    assert_same(f, 0)


def test_unit_step_range_reassigned_step():
    def f(n, up):
        step = 1
        if not up:
            step = -1        # two assignments: not a known constant step
        s = 0
        for i in range(0 if up else n, n if up else 0, step):
            s = s * 2 + i
        return s
    assert_same(f, 5, True)
    assert_same(f, 5, False)


# -- floor division and modulo of ints (an unsigned fast path, a signed path, a special block) --

MIN = -2**63
DIVMOD = [(a, b) for a in (0, 1, 6, 7, -1, -6, -7, 2**40 + 3, -(2**40) - 3, BIG, MIN, MIN + 1)
          for b in (1, -1, 2, -2, 3, -3, 7, -7, 2**33 + 1, -(2**33) - 1, BIG, MIN)]


def _wrap(x):
    return (x + 2**63) % 2**64 - 2**63


@pytest.mark.parametrize("a,b", DIVMOD)
def test_int_floordiv_mod_signs(a, b):
    def f(a, b):
        q = a // b
        return q, a % b, q * b + a % b
    from numjit import njit
    got = njit(f)(a, b)
    q, r = a // b, a % b
    # INT_MIN // -1 wraps to INT_MIN in int64, as in Numba; every other case is Python's
    assert got == (_wrap(q), r, _wrap(_wrap(q) * b + r))


@pytest.mark.parametrize("a", [0, 1, 7, -7, 2**40 + 5, -(2**40) - 5, BIG, MIN])
def test_int_floordiv_mod_by_constants(a):
    def f(a):
        return (a // 1, a % 1, a // 2, a % 2, a // -2, a % -2, a // 7, a % 7, a // -7, a % -7,
                a // 4096, a % 4096, a // -4096, a % -4096)
    assert_same(f, a)


def test_int_floordiv_mod_by_zero_and_minus_one():
    def f(a, b):
        return a // b

    def g(a, b):
        return a % b
    for fn in (f, g):
        assert_same(fn, 5, 0)
        assert_same(fn, -5, 0)
        assert_same(fn, 0, 0)
        assert_same(fn, 5, -1)
        assert_same(fn, -5, -1)
    from numjit import njit
    assert njit(f)(MIN, -1) == MIN and njit(g)(MIN, -1) == 0

    def both(a, b):
        return a // b, a % b
    h = njit(error_model="numpy")(both)
    assert h(7, 0) == (0, 0) and h(-7, 0) == (0, 0) and h(MIN, -1) == (MIN, 0) and h(-7, 2) == (-4, 1)


def test_int_mod_in_loops():
    def euclid(n):
        total = 0
        for i in range(-n, n):
            for j in range(-n, n):
                a = i
                b = j
                while b != 0:
                    t = a % b
                    a = b
                    b = t
                total += a * 3 + (i // (j if j != 0 else 1))
        return total
    assert_same(euclid, 9)


def test_int32_floordiv_mod():
    import numpy as np

    def f(x, y):
        out = np.empty(x.shape[0] * 2, dtype=np.int32)
        for i in range(x.shape[0]):
            out[2 * i] = x[i] // y[i]
            out[2 * i + 1] = x[i] % y[i]
        return out
    x = np.array([7, -7, 7, -7, 0, 2**31 - 1, -2**31 + 1], dtype=np.int32)
    y = np.array([3, 3, -3, -3, 5, 2, -2], dtype=np.int32)
    from numjit import njit
    got = njit(f)(x, y)
    assert list(got) == list(f(x, y))


# -- int(float): truncation toward zero in range, saturation outside (NaN gives 0) --

FLOATS_TO_INT = [0.0, -0.0, 2.9, -2.9, 0.5, -0.5, 1e15 + 0.5, -1e15 - 0.5, 2.0**62, -2.0**62,
                 2.0**63 - 1024, -2.0**63, 2.0**63, -2.0**63 - 2048, 1e300, -1e300,
                 float("inf"), float("-inf"), float("nan")]


def _sat(x, bits=64):
    lo, hi = -2**(bits - 1), 2**(bits - 1) - 1
    if x != x:
        return 0
    if x == float("inf") or x >= 2.0**(bits - 1):
        return hi
    if x == float("-inf") or x < -2.0**(bits - 1):
        return lo
    return int(x)


def test_int_of_float_edges():
    import numpy as np
    from numjit import njit

    def f(x):
        out = np.empty(x.shape[0], dtype=np.int64)
        for i in range(x.shape[0]):
            out[i] = int(x[i])
        return out

    def g(x):
        out = np.empty(x.shape[0], dtype=np.int32)
        for i in range(x.shape[0]):
            out[i] = x[i]
        return out
    x = np.array(FLOATS_TO_INT)
    assert list(njit(f)(x)) == [_sat(v) for v in FLOATS_TO_INT]
    with np.errstate(over="ignore"):
        x32 = x.astype(np.float32)
    assert list(njit(f)(x32)) == [_sat(float(v)) for v in x32]
    y = np.array([0.0, 2.9, -2.9, 2.0**31 - 1, 2.0**31, -2.0**31, -2.0**31 - 1, 3e9, -3e9, float("nan")])
    assert list(njit(g)(y)) == [_sat(v, 32) for v in y]


@pytest.mark.parametrize("x", [v for v in FLOATS_TO_INT if v == v and abs(v) != float("inf") and abs(v) < 2.0**63])
def test_int_of_float_scalar(x):
    def f(x):
        return int(x), int(x * 0.5), int(-x)
    assert_same(f, x)


# -- while loops whose test reads an array item are lowered test-at-bottom --------------

import numpy as np  # noqa: E402

def _while_item_loops(x, key, stop):
    a = x.copy()
    out = np.zeros(8, dtype=np.int64)
    j = a.shape[0] - 1
    while j >= 0 and a[j] > key:        # plain; exits on either test
        a[j] += 1
        j -= 1
    out[0] = j
    j = 0
    n = 0
    while j < a.shape[0] and a[j] != key:   # continue and break go through the test
        j += 1
        if a[j - 1] < 0:
            continue
        n += 1
        if n == stop:
            break
    else:
        out[1] = 100
    out[2] = j
    out[3] = n
    k = 0
    while a[k % a.shape[0]] > key:     # the test alone; else runs when it fails
        k += 1
        if k > 50:
            break
    else:
        out[4] = k
    out[5] = k
    i = 0
    while i < 0 and a[i] > key:        # never entered
        i += 1
    out[6] = i
    return out, a


@pytest.mark.parametrize("key,stop", [(0.5, 3), (-10.0, 2), (10.0, 100), (2.0, 1), (3.0, 0)])
def test_while_item_test(key, stop):
    import numpy as np
    x = np.array([1.0, -2.0, 3.0, 2.0, 0.5, 7.0, -1.0, 4.0])
    assert_same(_while_item_loops, x, key, stop)


def test_while_item_test_walks_back():
    def f(a, n):
        j = 0
        while a[j] < n:   # wraps around to a[-1] as j is decremented past 0
            j -= 1
        return j
    x = np.arange(5)
    assert_same(f, x, 3)
    assert_same(f, x, 4)
    assert_same(f, x, -1)


def test_runtime_arrays_are_64_byte_aligned():
    import gc
    import numpy as np
    from numjit import njit
    from numjit._nrt import live_allocations

    @njit
    def make(n):
        a = np.zeros(n)
        b = np.empty(n, dtype=np.int8)
        for i in range(n):
            b[i] = i % 100
        return a, b, a[1:]
    before = live_allocations()
    for n in (0, 1, 3, 17, 1000, 300000, 2000000, 2000000):
        a, b, c = make(n)
        assert a.ctypes.data % 64 == 0 and b.ctypes.data % 64 == 0
        assert a.base is not None and c.base is not None
        assert list(b[:5]) == [i % 100 for i in range(min(n, 5))] and not a.any()
        del a, b, c
    gc.collect()
    assert live_allocations() == before
