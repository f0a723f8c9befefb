"""Typed lists in compiled code: literals, [] typed by append, methods, indexing with
wraparound, slicing, iteration, `in`, builtins, returning lists, np.array of lists, and
list comprehensions / generator expressions. Each test runs the same function under
CPython and numjit (assert_same); the leak test counts runtime allocations."""
import numpy as np
import pytest

from numjit import _nrt, njit
from tests.conftest import assert_same, assert_compile_error


def test_literal_index_len_return():
    def f(i):
        lst = [3, 1, 4, 1, 5]
        return lst[i], lst[-1], len(lst), lst
    assert_same(f, 2)
    assert_same(f, -5)


def test_index_out_of_range():
    def f(i):
        lst = [1.0, 2.0]
        return lst[i]
    assert_same(f, 2)
    assert_same(f, -3)


def test_mixed_numbers_unify():
    def f(x):
        return [1, x, True]
    # one item type for the list: float64, as in Numba
    assert_same(f, 2.5, check_type=False)


def test_empty_then_append():
    def f(n):
        out = []
        for i in range(n):
            out.append(i * 0.5)
        return out
    assert_same(f, 0)
    assert_same(f, 10)


def test_append_pop_insert_extend():
    def f(n):
        a = [1, 2, 3]
        for i in range(n):
            a.append(i)
        x = a.pop()
        y = a.pop(0)
        z = a.pop(-2)
        a.insert(0, 100)
        a.insert(-1, 200)
        a.insert(1000, 300)
        a.insert(-1000, 400)
        b = [7, 8]
        a.extend(b)
        a.extend(a)
        return a, x, y, z, len(a)
    assert_same(f, 5)


def test_pop_empty():
    def f(n):
        a = [1]
        for i in range(n):
            a.pop()
        return len(a)
    assert_same(f, 1)
    assert_same(f, 2)


def test_setitem_wraparound():
    def f(i, v):
        a = [0.0, 1.0, 2.0]
        a[i] = v
        a[-1] += 10
        return a
    assert_same(f, 1, 9.5)
    assert_same(f, -3, 9.5)
    assert_same(f, 3, 9.5)


def test_slicing_copies():
    def f(lo, hi):
        a = [0, 1, 2, 3, 4, 5, 6]
        b = a[lo:hi]
        b.append(99)
        return a, b, a[::2], a[::-1], a[hi:lo:-2], a[:], a[lo:]
    assert_same(f, 1, 5)
    assert_same(f, -3, 100)
    assert_same(f, 5, 1)


def test_iteration_in_sum_min_max():
    def f(x):
        a = [2.5, -1.0, 7.0, 3.0]
        s = 0.0
        for v in a:
            s += v * v
        return s, x in a, x not in a, sum(a), min(a), max(a), sum([1, 2, 3]), any(a), all(a)
    assert_same(f, 7.0)
    assert_same(f, 4.0)


def test_iteration_sees_appends():
    def f(n):
        a = [1]
        for v in a:
            if v < n:
                a.append(v * 2)
        return a
    assert_same(f, 100)


def test_truth_and_methods():
    def f(n):
        a = []
        for i in range(n):
            a.append(i)
        b = a.copy()
        b.reverse()
        c = list(a)
        c.clear()
        return bool(a) if a else False, b, len(c), a
    assert_same(f, 0)
    assert_same(f, 5)


def test_enumerate_zip_over_lists():
    def f(n):
        a = [i * 2 for i in range(n)]
        b = [1.5, 2.5, 3.5]
        s = 0.0
        for i, v in enumerate(a):
            s += i * v
        for x, y in zip(a, b):
            s += x * y
        return s
    assert_same(f, 5)


def test_list_of_tuples():
    def f(n):
        a = [(i, i * 0.5) for i in range(n)]
        a.append((100, 1.0))
        s = 0.0
        for i, x in a:
            s += i + x
        return s, a[-1], a
    assert_same(f, 4)


def test_np_array_of_list():
    def f(x):
        a = np.array([1.0, x, 3.0])
        b = np.array([[1, 2, 3], [4, 5, 6]])
        c = np.array([i * i for i in range(5)])
        return a, b, c
    assert_same(f, 2.0)


def test_np_concatenate_stack_list_args():
    def f(n):
        a = np.arange(n)
        b = np.ones(n, dtype=np.int64)
        return np.concatenate([a, b]), np.stack([a, b]), np.vstack([a, b])
    assert_same(f, 4)


def test_list_comprehensions():
    def f(n):
        a = [i * i for i in range(n) if i % 2 == 0]
        b = [x + 1.0 for x in a]
        c = [x * y for x in range(3) for y in range(x)]
        arr = np.arange(5.0)
        d = [v * 2 for v in arr if v > 1]
        i = -7  # the comprehension's i is its own
        e = [i for i in range(3)]
        return a, b, c, d, e, i
    assert_same(f, 10)


def test_generator_expressions_in_reductions():
    def f(n):
        arr = np.arange(n) * 1.5
        return (sum(i * i for i in range(n)), min(x for x in arr), max(abs(x - 3) for x in arr),
                any(x > 5 for x in arr), all(x >= 0 for x in arr), sum(x for x in arr if x > 2))
    assert_same(f, 6)


def test_list_passed_to_inner_function():
    def f(n):
        def total(a):
            s = 0
            for v in a:
                s += v
            a.append(s)
            return s
        a = [i for i in range(n)]
        t = total(a)
        return t, a
    assert_same(f, 5)


def test_no_leaks():
    def work(n):
        a = [i for i in range(n)]
        b = a[1:]
        b.extend(a)
        c = a
        for k in range(n):
            a.append(k)
            a = [k, k]
        return sum(b) + len(c)

    def ret(n):
        return [i * 0.5 for i in range(n)]

    def raises(n):
        a = [1, 2, 3]
        return a[n]
    jw, jr, jx = njit(work), njit(ret), njit(raises)
    jw(3); jr(3)
    start = _nrt.live_allocations()
    for n in range(20):
        assert jw(n) == work(n)
        assert jr(n) == ret(n)
        with pytest.raises(IndexError):
            jx(5)
    assert _nrt.live_allocations() == start


def test_errors():
    def mixed():
        return [1, (2, 3)]
    assert_compile_error(mixed, match="one type")

    def untyped():
        a = []
        return a[0]
    assert_compile_error(untyped, match="item type")

    def of_array_tuples(n):
        return [(np.zeros(n), 1)]   # lists of arrays work (tests/arrays/test_array_lists.py)
    assert_compile_error(of_array_tuples, 2, match="not supported")

    def setcomp(n):
        return {i for i in range(n)}
    assert_compile_error(setcomp, 2, match="set and dict comprehensions")


def test_reflected_list_arguments():
    def f(a, x):
        a.append(x)
        a[0] = -a[0]
        a.insert(1, 7)
        return sum(a), len(a), a

    for lst in ([1, 2, 3], [2.5], [1.5, 2.5]):
        # items stored in a list of float64 come back as floats (7 → 7.0), as in Numba
        assert_same(f, list(lst), lst[0], check_type=False)
    # the caller's list sees the mutations, as in Numba
    lst = [1, 2, 3]
    assert njit(f)(lst, 4) == (15, 5, [-1, 7, 2, 3, 4]) and lst == [-1, 7, 2, 3, 4]


def test_reflected_list_of_tuples_and_comprehension():
    def f(pairs):
        return [a * b for a, b in pairs], max([a for a, _ in pairs])
    assert_same(f, [(1, 2.0), (3, 4.0), (5, 0.5)])


def test_reflected_list_mutated_before_raise():
    def f(a, i):
        a.append(9)
        return a[i]
    lst = [1]
    with pytest.raises(IndexError):
        njit(f)(lst, 5)
    assert lst == [1, 9]


def test_reflected_list_no_leaks_and_bad_lists():
    def f(a):
        b = a[1:]
        a.extend(b)
        return len(a)
    jf = njit(f)
    jf([1, 2])
    start = _nrt.live_allocations()
    for n in range(1, 20):
        assert jf(list(range(n))) == f(list(range(n)))
    assert _nrt.live_allocations() == start
    with pytest.raises(TypeError, match="empty list"):
        jf([])
    with pytest.raises(TypeError, match="lists of numbers"):
        jf([(np.zeros(2), 1)])


def test_operators_sort_search():
    def f(n):
        a = [3, 1, 2]
        b = a + [n, 0]
        c = 2 * a
        d = a * 0
        alias = a
        a += [9]  # in place: the alias sees it
        s = sorted(b)
        b.sort()
        return (b, c, d, alias, s, a == [3, 1, 2, 9], a != alias, [1, 2] == [1.0, 2.0],
                b.index(n), b.count(1), a == b)
    assert_same(f, 5)
    assert_same(f, 1)


def test_index_missing_raises():
    def f(x):
        return [1.5, 2.5].index(x)
    assert_same(f, 2.5)
    assert_same(f, 7.0)


def test_print_list(capsys):
    def f(n):
        a = [i * 0.5 for i in range(n)]
        print(a, [1, 2], n)
        return 0
    f(3)
    expected = capsys.readouterr().out
    njit(f)(3)
    assert capsys.readouterr().out == expected


def test_list_of_iterables():
    def f(n):
        a = list(range(n))
        b = list(np.arange(3.0))
        c = list((1, 2, 3))
        d = list(a)
        d.append(100)
        e = list(zip(a, a))
        return a, b, c, d, e, list()
    assert_same(f, 4, check_type=False)


def test_lists_in_prange_bodies_no_leaks():
    from numjit import prange

    def f(n):
        lst = [1.0, 2.0, 3.0]
        out = np.zeros(n)
        for i in prange(n):
            s = 0.0
            for v in lst:
                s += v * i
            # (no allocation in the body: nj_rt_alloc's statistics counters are not atomic,
            # so live_allocations() is only exact when threads do not allocate)
            out[i] = s + lst[i % 3]
        return out
    jf = njit(parallel=True)(f)
    for _ in range(3):
        np.testing.assert_array_equal(jf(1000), f(1000))
    # steady state (the parallel runtime may hold blocks of its own): no growth per call
    start = _nrt.live_allocations()
    for _ in range(10):
        np.testing.assert_array_equal(jf(1000), f(1000))
    assert _nrt.live_allocations() <= start
