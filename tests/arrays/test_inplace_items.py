"""Augmented assignment to an indexed array (`a[1:3] += x`, `a[i] *= x`, `a[mask] += x`,
`lst[i] += x`) runs in place as Python's `__iadd__` does: views and list items are
updated where they are, other names of the same array see it, differentially against NumPy."""
import numpy as np
import pytest

from numjit import TypingError
from numjit.testing import assert_same, assert_compile_error


def views(a, b):
    a[1:3] += b[:2]
    a[0] *= 2
    a[::2] -= 1
    a[-1] //= 2
    return a


def rows(m, v):
    m[0] += v
    m[1:, :] *= 2
    m[:, 0] -= m[:, 1]
    return m


def list_items(a, b):
    lst = [a, b]
    lst[0] += 1
    lst[1] *= lst[0]
    return a, b, lst


def masks(a):
    a[a > 2] += 10
    a[np.array([0, 0, 1])] -= 1
    return a


def scalar_items(a):
    a[0] += 1.5     # an element: a number, stored back with truncation as NumPy
    return a


def int_view_float(a):
    a[1:3] += 1.5
    return a


@pytest.mark.parametrize("dt", [np.float64, np.int64, np.int32])
def test_inplace_items(dt):
    a = np.arange(6).astype(dt)
    assert_same(views, a, np.ones(4, dtype=dt))
    assert_same(views, a[::-1], np.ones(4, dtype=dt))
    m = np.arange(12).reshape(3, 4).astype(dt)
    assert_same(rows, m, np.arange(4).astype(dt))
    assert_same(rows, np.asfortranarray(m), np.arange(4).astype(dt))
    assert_same(list_items, np.arange(3).astype(dt), np.ones(3, dtype=dt))
    assert_same(masks, np.arange(6).astype(dt))
    assert_same(scalar_items, np.arange(3).astype(dt))


def test_same_kind_rule():
    # NumPy raises its same_kind casting TypeError at run time; numjit refuses to compile
    assert_compile_error(int_view_float, np.arange(5), exc=TypingError, match="same_kind")
