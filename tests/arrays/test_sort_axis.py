"""np.sort / a.sort() / np.argsort along an axis of n-D arrays, axis=None, and
np.searchsorted(side=...), differentially against NumPy."""
import numpy as np
import pytest

from numjit.testing import assert_same, assert_compile_error
from numjit import TypingError, njit


def sort_default(a):
    return np.sort(a), np.argsort(a), a.argsort()


def sort_axis(a, ax):
    return np.sort(a, axis=ax), np.sort(a, ax), np.argsort(a, axis=ax), a.argsort(ax)


def sort_none(a):
    return np.sort(a, axis=None), np.argsort(a, axis=None)


def sort_inplace(a, ax):
    a.sort(axis=ax)
    return a


def sort_inplace_default(a):
    a.sort()
    return a


def sort_stable(a):
    return np.argsort(a, kind="stable"), np.sort(a, kind="mergesort"), np.argsort(a, 0, "stable")


def layouts(a):
    out = [a, np.asfortranarray(a)]
    big = np.repeat(a, 2, axis=-1)
    out.append(big[..., ::2])
    out.append(a[::-1])
    return out


RNG = np.random.default_rng(7)
DTYPES = [np.float64, np.float32, np.int32, np.uint16]


@pytest.mark.parametrize("dt", DTYPES)
def test_sort_2d_3d(dt):
    # distinct values: NumPy's default argsort orders ties in an unspecified way
    a2 = (RNG.permutation(35).reshape(5, 7) * 3 - (30 if np.dtype(dt).kind != "u" else 0)).astype(dt)
    a3 = RNG.permutation(72).reshape(3, 4, 6).astype(dt)
    for base in (a2, a3):
        for a in (layouts(base) if base.ndim == 2 else [base, base[:, ::-2]]):
            assert_same(sort_default, a)
            assert_same(sort_none, a)
            assert_same(sort_inplace_default, a)
            for ax in range(-base.ndim, base.ndim):
                assert_same(sort_axis, a, ax)
                assert_same(sort_inplace, a, ax)


def test_sort_nan_and_bool():
    a = np.array([[3.0, np.nan, 1.0], [np.nan, -2.0, 0.5], [7.0, 7.0, np.nan]])
    for x in layouts(a):
        assert_same(sort_axis, x, 0)
        assert_same(sort_axis, x, 1)
        assert_same(sort_none, x)
        assert_same(sort_inplace, x, 0)
    b = np.array([[True, False, True], [False, False, True]])
    assert_same(sort_axis, b, 0)
    assert_same(sort_axis, b, 1)
    assert_same(sort_none, b)


def test_sort_1d_axis_and_empty():
    v = np.array([5.0, -1.0, 3.0, 2.0])
    assert_same(sort_axis, v, 0)
    assert_same(sort_axis, v, -1)
    assert_same(sort_none, v)
    assert_same(sort_axis, np.zeros((0, 3)), 0)
    assert_same(sort_axis, np.zeros((2, 0)), 1)
    assert_same(sort_none, np.zeros((0, 3)))


def test_sort_stable_ties():
    a = RNG.integers(0, 4, 100)
    assert_same(sort_stable, a)
    assert_same(sort_stable, a.reshape(10, 10))


def test_sort_axis_errors():
    a = np.arange(6.0).reshape(2, 3)
    # NumPy raises AxisError, a ValueError (and IndexError) subclass; numjit ValueError
    for fn, ax in ((sort_axis, 2), (sort_axis, -3), (sort_inplace, 5)):
        with pytest.raises(ValueError):
            fn(a.copy(), ax)
        with pytest.raises(ValueError, match="axis is out of bounds for array of dimension 2"):
            njit(fn)(a.copy(), ax)
    assert_compile_error(sort_inplace, a, None, exc=TypingError, match="axis=None")
    assert_compile_error(sort_axis, a, 1.5, exc=TypingError, match="axis must be an integer")
    # complex arrays sort and search (tests/arrays/test_complex_sort.py); complex values in a real array do not
    assert_compile_error(search_sides, np.zeros(3), 1j, exc=TypingError, match="complex")


def search_sides(a, v):
    return np.searchsorted(a, v), np.searchsorted(a, v, side="left"), np.searchsorted(a, v, side="right"), np.searchsorted(a, v, "right")


def search_runtime_side(a, v, side):
    return np.searchsorted(a, v, side=side)


@pytest.mark.parametrize("dt", [np.float64, np.int64, np.int32, np.float32])
def test_searchsorted_sides(dt):
    a = np.array([1, 2, 2, 2, 5, 9, 9]).astype(dt)
    for v in (2, 0, 9, 100, 3):
        assert_same(search_sides, a, dt(v))
        assert_same(search_sides, a, v)
    assert_same(search_sides, a, np.array([0, 2, 3, 9, 10]).astype(dt))
    assert_same(search_sides, a, np.array([[2, 9], [1, 5]]).astype(dt))
    assert_same(search_sides, a, np.asfortranarray(np.array([[2, 9], [1, 5]]).astype(dt)))
    assert_same(search_sides, a[::2], np.array([2, 5]).astype(dt))
    assert_same(search_sides, a, np.zeros(0, dtype=dt))


def test_searchsorted_nan_and_runtime_side():
    a = np.array([1.0, 2.0, np.nan, np.nan])
    assert_same(search_sides, a, np.array([np.nan, 2.0, 5.0]))
    b = np.array([1.0, 2.0, 2.0, 3.0])
    assert_same(search_runtime_side, b, 2.0, "left")
    assert_same(search_runtime_side, b, 2.0, "right")
    assert_same(search_runtime_side, b, np.array([2.0, 3.0]), "right")
    assert_same(search_runtime_side, b, 2.0, "middle")      # ValueError


def search_bad(a):
    return np.searchsorted(a, 1.0, side="middle")


def test_searchsorted_bad_literal():
    assert_compile_error(search_bad, np.arange(3.0), exc=TypingError, match="side must be 'left' or 'right'")
