"""Basic slicing (views), None/np.newaxis, slice assignment with broadcasting and
overlapping source and destination, differentially against NumPy."""
import numpy as np
import pytest

from numjit import njit
from numjit.testing import assert_same


def views(a):
    return a[1:-1], a[::2], a[::-1], a[-3:], a[:2], a[5:1:-2], a[10:], a[-100:100], a[1:-1:3]


def views2(a, j):
    return a[:, j], a[1], a[1:, ::2], a[::-1, 1:3], a[0, 1:], a[None, :].shape, a[:, None].shape, a[:, :, None].shape


def stencil(u):
    out = np.zeros_like(u)
    out[1:-1] = u[2:] - 2.0 * u[1:-1] + u[:-2]
    return out


def assign(a, v):
    a[1:3] = v
    a[::2] = a[::2] * 2
    return a


def assign2(a, row):
    a[0] = row
    a[:, 1] = -1.0
    a[1:, :2] = 7
    return a


def overlap(a):
    a[1:] = a[:-1]
    return a


def overlap_expr(a):
    a[1:] += a[:-1] * 2.0
    return a


def zero_step(a, s):
    return a[::s]


def sum_view(a):
    s = 0.0
    for x in a[1:-1]:
        s += x
    return s + a[::3].sum()


@pytest.mark.parametrize("a", [np.arange(10.0), np.arange(20.0)[::2]])
def test_views_1d(a):
    assert_same(views, a)
    assert_same(stencil, a)
    assert_same(sum_view, a)
    assert_same(assign, a, 5.0)
    assert_same(overlap, a)
    assert_same(overlap_expr, a)
    assert_same(zero_step, a, 0)
    assert_same(zero_step, a, -3)


@pytest.mark.parametrize("a", [np.arange(12.0).reshape(3, 4), np.asfortranarray(np.arange(12.0).reshape(3, 4))])
def test_views_2d(a):
    assert_same(views2, a, 2)
    assert_same(views2, a, -1)
    assert_same(assign2, a, np.arange(4.0))


def test_view_is_view_of_argument():
    a = np.arange(10.0)
    v = njit(lambda_free_view)(a)
    v[0] = 100.0
    assert a[1] == 100.0


def lambda_free_view(a):
    return a[1:-1]


def rebind(a, k):
    if k > 0:
        a = a[::k]
    s = 0.0
    for x in a:
        s += x
    return s, a


def test_layouts_unify_to_A():
    assert_same(rebind, np.arange(10.0), 3)
    assert_same(rebind, np.arange(10.0), 0)
