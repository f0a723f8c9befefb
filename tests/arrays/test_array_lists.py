"""Lists of arrays: displays, append/insert/pop/extend/setitem/slices/+/*, iteration, len,
np.concatenate/stack/vstack/hstack of lists, boxing to a Python list of ndarrays,
reflected list arguments, and reference counts (no leaks), differentially against NumPy."""
import gc

import numpy as np
import pytest

from numjit import njit, _nrt, TypingError
from numjit.testing import assert_same, assert_compile_error


def build(a, b):
    lst = [a, b * 2]
    s = 0.0
    for x in lst:
        s += x.sum()
    return lst, len(lst), s, lst[1], lst[-1][0]


def mutate(a, b):
    lst = [a]
    lst.append(b)
    lst.insert(0, a + b)
    lst[1] = lst[2] * 10
    x = lst.pop()
    y = lst.pop(0)
    lst.extend([x, y])
    more = lst + [a] * 2
    return lst, more, lst[1:], lst[::-1], x, y


def grow(n):
    out = []
    for i in range(n):
        out.append(np.arange(i) * 1.5)
    return out


def joins(a, b):
    lst = [a, b, a]
    return np.concatenate(lst), np.stack(lst), np.vstack(lst), np.hstack(lst), np.stack(lst, axis=1)


def joins_2d(a, b):
    lst = [a, b]
    return np.concatenate(lst, axis=1), np.concatenate(lst), np.vstack(lst), np.hstack(lst), np.stack(lst, -1)


def join_empty(n):
    lst = [np.zeros(3)]
    lst.clear()
    for i in range(n):
        lst.append(np.ones(3) * i)
    return np.concatenate(lst)


def arg_list(lst):
    lst.append(lst[0] * 2)
    lst[0] = lst[1]
    return len(lst), lst[0].sum()


def rows(a):
    return [r for r in a], [a[i] * i for i in range(a.shape[0])]


@pytest.mark.parametrize("dt", [np.float64, np.int32, np.complex128])
def test_lists_of_arrays(dt):
    a = np.arange(3).astype(dt)
    b = np.ones(3, dtype=dt)
    assert_same(build, a, b)
    assert_same(mutate, a, b)
    assert_same(joins, a, b)
    assert_same(joins_2d, np.arange(6).reshape(2, 3).astype(dt), np.ones((2, 3), dtype=dt))
    assert_same(rows, np.arange(6).reshape(3, 2).astype(dt))
    assert_same(rows, np.asfortranarray(np.arange(6).reshape(3, 2).astype(dt)))


def test_grow_and_errors():
    assert_same(grow, 5)
    assert_same(grow, 0)
    assert_same(join_empty, 3)
    assert_same(join_empty, 0)                                           # ValueError: empty list
    assert_same(joins_2d, np.zeros((2, 3)), np.zeros((3, 3)))             # ValueError: shapes
    r = njit(grow)(3)
    assert isinstance(r, list) and all(isinstance(x, np.ndarray) for x in r)


def test_reflected_list_argument():
    a, b = np.arange(3.0), np.ones(3)
    assert_same(arg_list, [a, b])
    lst = [a, b]
    njit(arg_list)(lst)
    assert lst[0] is b and lst[1] is b and len(lst) == 3


def test_no_leaks():
    fns = [njit(f) for f in (build, mutate, joins, grow, join_empty, arg_list)]
    a, b = np.arange(3.0), np.ones(3)

    def run():
        fns[0](a, b)
        fns[1](a, b)
        fns[2](a, b)
        fns[3](4)
        fns[4](2)
        fns[5]([a, b])
        try:
            fns[4](0)
        except ValueError:
            pass

    run()
    gc.collect()
    before = _nrt.live_allocations()
    for _ in range(30):
        run()
    gc.collect()
    assert _nrt.live_allocations() == before


def contains(lst, x):
    return x in lst


def test_unsupported():
    assert_compile_error(contains, [np.zeros(2)], np.zeros(2), match="not supported")


def array_of_list(a, b):
    return np.array([a, b]), np.asarray([b, a, b])


def test_np_array_of_list_of_arrays():
    assert_same(array_of_list, np.arange(3.0), np.ones(3))
    assert_same(array_of_list, np.arange(6).reshape(2, 3), np.ones((2, 3), dtype=np.int64))
    assert_same(array_of_list, np.arange(3.0), np.ones(4))      # ValueError: ragged
