"""prange in parallel=True functions: results equal to CPython's and to the serial run.

Every kernel runs three ways: under CPython (prange is range), compiled without
parallel=True (prange is range), and compiled with parallel=True on the thread pool.
Sums are compared within the tolerance of reassociation; everything else exactly. The
parallel runs repeat (REPEAT times) to catch races.
"""
import math

import numpy as np
import pytest

import numjit
from numjit import njit, prange
from numjit.errors import TypingError

REPEAT = 50


def check(fn, *args, rtol=1e-9, repeat=REPEAT):
    def copies():
        return [a.copy() if isinstance(a, np.ndarray) else a for a in args]

    py_args, ser_args = copies(), copies()
    expected = fn(*py_args)
    serial = njit(fn)(*ser_args)
    par = njit(parallel=True)(fn)
    for _ in range(repeat):
        par_args = copies()
        got = par(*par_args)
        for want in (expected, serial):
            _same(got, want, rtol)
        for pa, sa in zip(par_args, py_args):
            if isinstance(pa, np.ndarray):
                np.testing.assert_allclose(pa, sa, rtol=rtol)
    return got


def _same(got, want, rtol):
    if isinstance(want, tuple):
        assert isinstance(got, tuple) and len(got) == len(want)
        for g, w in zip(got, want):
            _same(g, w, rtol)
    elif isinstance(want, np.ndarray):
        np.testing.assert_allclose(got, want, rtol=rtol)
    elif isinstance(want, (float, np.floating)):
        assert isinstance(got, float), (got, want)
        assert math.isclose(got, want, rel_tol=rtol, abs_tol=1e-12) or (math.isnan(got) and math.isnan(want)), (got, want)
    else:
        assert got == want and isinstance(got, (bool, np.bool_)) == isinstance(want, (bool, np.bool_)), (got, want)


A = np.random.default_rng(1).random(10007)
IA = np.random.default_rng(2).integers(-1000, 1000, 10007)


def red_add(a):
    s = 0.0
    for i in prange(a.shape[0]):
        s += a[i]
    return s


def red_sub(a):
    s = 10.0
    for i in prange(len(a)):
        s -= a[i] * 2.0
    return s


def red_mul(a):
    p = 1.0
    for i in prange(len(a)):
        p *= 1.0 + a[i] * 1e-4
    return p


def red_int_ops(a):
    s = 0
    x = 0
    o = 0
    n = -1
    for i in prange(len(a)):
        s += a[i]
        x ^= a[i]
        o |= a[i] & 255
        n &= a[i] | 1
    return s, x, o, n


def red_minmax(a):
    lo = a[0]
    hi = a[0]
    for i in prange(len(a)):
        lo = min(lo, a[i])
        hi = max(a[i], hi)
    return lo, hi


def red_binop_form(a):
    s = 0.0
    c = 0
    for i in prange(len(a)):
        s = s + a[i]
        if a[i] > 0.5:
            c += 1
    return s, c


def red_bool(a):
    anyneg = False
    allpos = True
    for i in prange(len(a)):
        anyneg |= a[i] < 0
        allpos &= a[i] > 0
    return anyneg, allpos


def red_int_to_float(a):
    s = 0
    for i in prange(len(a)):
        s += a[i] * 0.5
    return s


@pytest.mark.parametrize("fn,arg", [
    (red_add, A), (red_sub, A), (red_mul, A), (red_int_ops, IA), (red_minmax, A), (red_minmax, IA),
    (red_binop_form, A), (red_bool, A - 0.5), (red_bool, A + 0.5), (red_int_to_float, IA),
])
def test_reductions(fn, arg):
    check(fn, arg)


def elementwise(a, out):
    for i in prange(a.shape[0]):
        t = a[i] * 2.0          # private to the iteration
        u = t + 1.0
        out[i] = math.sqrt(u) + t
    return out


def test_private_variables():
    check(elementwise, A, np.zeros_like(A))


def ranges(n):
    out = np.zeros(n + 20, dtype=np.int64)
    for i in prange(3, n, 2):
        out[i] += i
    for i in prange(n, 0, -3):
        out[i] += 100 * i
    for i in prange(0):
        out[i] = 1
    return out


def test_range_forms():
    for n in (0, 1, 2, 5, 17, 1000):
        check(ranges, n, repeat=5)


def literal_ranges(a):
    # literal starts and steps (the chunk computes the loop variable from the literals):
    # negative literal starts and steps give negative indices, which must still wrap
    n = a.shape[0]
    out = np.zeros(n, dtype=np.int64)
    s = 0.0
    for i in prange(-n, 0):
        out[i] += 1
    for i in prange(n - 1, -1, -1):
        out[i] += 10 * i
    for i in prange(-1, -n - 1, -2):
        out[i] += 1000
    for i in prange(0, n, 3):
        s += a[i]
    for i in prange(2, n):
        s += a[-i]
    return out, s


def test_literal_range_forms():
    for n in (0, 1, 2, 5, 17, 3000):
        check(literal_ranges, np.arange(n, dtype=np.float64) * 0.5 + 1.0, repeat=5)


def nested(a):
    n = a.shape[0]
    out = np.zeros((n, n))
    total = 0.0
    for i in prange(n):
        for j in prange(n):  # nested: serial inside each outer iteration
            out[i, j] = a[i] * a[j]
        total += out[i, 0]
    return out, total


def test_nested_prange():
    check(nested, A[:50].copy())


def captured(a, k, scale):
    out = np.empty_like(a)
    off = scale * 3.0
    for i in prange(a.shape[0]):
        out[i] = a[i] * off + k
    return out


def test_captured_values():
    check(captured, A, 7, 0.5)


def two_loops(a):
    s = 0.0
    for i in prange(a.shape[0]):
        s += a[i]
    m = s / a.shape[0]
    v = 0.0
    for i in prange(a.shape[0]):
        v += (a[i] - m) ** 2
    return m, v


def test_two_regions():
    check(two_loops, A)


def matmul_rows(a, b):
    n, k = a.shape
    m = b.shape[1]
    c = np.zeros((n, m))
    for i in prange(n):
        for j in range(m):
            acc = 0.0
            for t in range(k):
                acc += a[i, t] * b[t, j]
            c[i, j] = acc
    return c


def test_rows_in_parallel():
    rng = np.random.default_rng(3)
    check(matmul_rows, rng.random((37, 11)), rng.random((11, 13)), repeat=10)


def raises(a):
    s = 0
    for i in prange(a.shape[0]):
        s += 10 // a[i]
    return s


def test_exception_in_body():
    f = njit(parallel=True)(raises)
    assert f(np.array([1, 2, 5])) == raises(np.array([1, 2, 5]))
    for _ in range(10):
        with pytest.raises(ZeroDivisionError):
            f(np.array([1, 2, 0, 4, 5, 6, 7, 8]))


def test_small_and_empty_loops():
    for n in (0, 1, 2, 3):
        check(red_add, A[:n].copy(), repeat=3)


def test_prange_is_range_outside_parallel():
    def f(n):
        s = 0
        for i in prange(n):
            s += i
        return s
    assert njit(f)(100) == 4950
    assert njit(parallel=True)(f)(100) == 4950


def test_thread_ids_inside():
    @njit(parallel=True)
    def ids(n):
        out = np.zeros(n, dtype=np.int64)
        for i in prange(n):
            out[i] = numjit.get_thread_id()
        return out, numjit.get_num_threads()

    numjit.set_num_threads(numjit.config.NUMBA_NUM_THREADS)
    got, nt = ids(10000)
    assert nt == numjit.get_num_threads()
    assert got.min() >= 0 and got.max() < nt


# -- errors -------------------------------------------------------------------------------

def brk(a):
    s = 0.0
    for i in prange(len(a)):
        if a[i] > 0.5:
            break
        s += a[i]
    return s


def read_reduction(a, out):
    s = 0.0
    for i in prange(len(a)):
        s += a[i]
        out[i] = s
    return s


def ret_in_body(a):
    for i in prange(len(a)):
        if a[i] > 0.5:
            return i
    return -1


def print_in_body(a):
    for i in prange(len(a)):
        print(a[i])


def array_mul_reduction(a):
    acc = np.ones(3)
    for i in prange(len(a)):
        acc *= a[i]
    return acc


@pytest.mark.parametrize("fn,args,match", [
    (brk, (A,), "break"),
    (read_reduction, (A, np.zeros_like(A)), "reduction variable"),
    (ret_in_body, (A,), "return"),
    (print_in_body, (A,), "print"),
    (array_mul_reduction, (A,), "whole-array reductions"),
])
def test_unsupported_bodies(fn, args, match):
    with pytest.raises(TypingError, match=match):
        njit(parallel=True)(fn)(*args)


def array_reduction(a):
    acc = np.zeros(4)
    for i in prange(len(a)):
        acc += a[i] * np.arange(4.0)
    return acc


def array_reduction_2d(a):
    acc = np.ones((3, 2))
    total = 0.0
    for i in prange(len(a)):
        acc -= a[i]
        total += a[i]
    return acc, total


def test_whole_array_reductions():
    from numjit import _nrt

    check(array_reduction, A[:2001].copy())
    check(array_reduction_2d, A[:999].copy())
    f = njit(parallel=True)(array_reduction)
    numjit.set_num_threads(1)  # the allocation counters are not atomic: count serially
    try:
        before = _nrt.live_allocations()
        for _ in range(20):
            f(A[:100].copy())
        assert _nrt.live_allocations() == before
    finally:
        numjit.set_num_threads(numjit.config.NUMBA_NUM_THREADS)


def test_break_in_inner_loop_is_fine():
    def f(a):
        out = np.zeros(len(a), dtype=np.int64)
        for i in prange(len(a)):
            for j in range(100):
                if j * a[i] > 3.0:
                    break
                out[i] += 1
        return out
    check(f, A, repeat=5)


def test_empty_body_starts_no_region():
    def f(n):
        for i in prange(n):
            pass
        return n
    check(f, 10, repeat=2)


def calls_jitted(a):
    s = 0.0
    for i in prange(a.shape[0]):
        s += helper(a[i])
    return s


@njit
def helper(x):
    return x * x + 1.0


def test_body_calls_jitted_function():
    assert abs(njit(parallel=True)(calls_jitted)(A) - float(np.sum(A * A + 1.0))) < 1e-8


def try_in_body(a):
    out = np.zeros(a.shape[0])
    for i in prange(a.shape[0]):
        try:
            out[i] = 1 // int(a[i] * 3)
        except Exception:
            out[i] = -1.0
    return out


def test_try_in_body():
    check(try_in_body, A[:500].copy(), repeat=10)


@njit(parallel=True)
def _par_sum_of_rows(a):
    out = np.zeros(a.shape[0])
    for i in prange(a.shape[0]):
        row = a[i]          # a view shared between threads (atomic reference counts)
        out[i] = row.sum()
    return out


def test_parallel_callee_of_serial_function():
    @njit
    def caller(a):
        return _par_sum_of_rows(a)

    a = np.random.default_rng(9).random((300, 7))
    for _ in range(20):
        np.testing.assert_allclose(caller(a), a.sum(axis=1), rtol=1e-12)


# -- parallel array expressions -------------------------------------------------------------

def ew_expr(a, b, k):
    return a * k + np.sqrt(b) - 1.0


def ew_int(a):
    return a * 3 + 1


def test_parallel_elementwise_expressions():
    rng = np.random.default_rng(11)
    for n in (10, 1000, 1 << 15, 100003):   # below and above the parallel threshold
        a, b = rng.random(n), rng.random(n)
        for _ in range(10):
            np.testing.assert_array_equal(njit(parallel=True)(ew_expr)(a, b, 2.5), ew_expr(a, b, 2.5))
        ia = rng.integers(-100, 100, n)
        np.testing.assert_array_equal(njit(parallel=True)(ew_int)(ia), ew_int(ia))
    m = rng.random((400, 300))
    np.testing.assert_array_equal(njit(parallel=True)(ew_expr)(m, m, 0.5), ew_expr(m, m, 0.5))


def array_reductions(a, b):
    return np.sum(a * b), a.mean(), a.max(), np.min(b), (a > 0.5).any(), (a >= 0).all(), np.prod(1.0 + a * 1e-7)


def int_reductions(x):
    return x.sum(), x.max(), x.min(), np.sum(x * 2 + 1)


def test_parallel_array_reductions():
    rng = np.random.default_rng(12)
    for n in (0 + 1, 1000, 1 << 15, 300007):   # below and above the parallel threshold
        a, b = rng.random(n), rng.random(n)
        f = njit(parallel=True)(array_reductions)
        for _ in range(10):
            for got, want in zip(f(a, b), array_reductions(a, b)):
                assert np.isclose(got, want, rtol=1e-12), (got, want)
        x = rng.integers(-1000, 1000, n)
        assert njit(parallel=True)(int_reductions)(x) == int_reductions(x)


def creation_and_fill(n, v):
    return np.full(n, v), np.ones(n), np.full((n // 100, 100), 3, dtype=np.int32), np.ones(n) * v + 1.0


def test_parallel_creation_and_fill():
    f = njit(parallel=True)(creation_and_fill)
    for n in (100, 1 << 15, 1_000_000):
        for _ in range(5):
            for got, want in zip(f(n, 2.5), creation_and_fill(n, 2.5)):
                assert got.dtype == want.dtype
                np.testing.assert_array_equal(got, want)


@pytest.mark.parametrize("fn,args", [
    (ew_expr, (np.ones(10), np.ones(10), 2.0)),
    (array_reductions, (np.ones(10), np.ones(10))),
    (creation_and_fill, (1000, 1.0)),
])
def test_array_code_goes_to_the_pool(fn, args):
    # the compiled code of a parallel=True function starts regions for its array loops
    f = njit(parallel=True)(fn)
    f(*args)
    ir = "".join(f.inspect_llvm().values())
    assert "nj_par_run" in ir
    g = njit(fn)
    g(*args)
    assert "nj_par_run" not in "".join(g.inspect_llvm().values())
