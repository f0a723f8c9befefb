"""np.stack along any axis, a.transpose(axes) / np.transpose(a, axes), differentially
against NumPy."""
import numpy as np
import pytest

from numjit import njit, TypingError
from numjit.testing import assert_same, assert_compile_error


def stack_axis(a, b, ax):
    return np.stack((a, b), axis=ax), np.stack((a, b, a), ax)


def stack_default(a, b):
    return np.stack((a, b)), np.stack((b, a), axis=0)


def layouts(a):
    return [a, np.asfortranarray(a), np.repeat(a, 2, axis=-1)[..., ::2], a[::-1]]


@pytest.mark.parametrize("dt", [np.float64, np.int32, np.float32, np.bool_])
def test_stack_axes(dt):
    a = (np.arange(12) % 5).reshape(3, 4).astype(dt)
    b = (np.arange(12) % 3).reshape(3, 4).astype(dt)
    for x in layouts(a):
        for ax in (0, 1, 2, -1, -2, -3):
            assert_same(stack_axis, x, b, ax)
        assert_same(stack_default, x, b)
    v, w = np.arange(4.0).astype(dt), np.arange(4.0, 8.0).astype(dt)
    for ax in (0, 1, -1, -2):
        assert_same(stack_axis, v, w, ax)
        assert_same(stack_axis, v[::-1], w, ax)


def test_stack_mixed_dtypes_and_errors():
    a = np.arange(6.0).reshape(2, 3)
    b = np.arange(6, dtype=np.int32).reshape(2, 3)
    assert_same(stack_axis, a, b, 1)
    assert_same(stack_axis, a, np.zeros((3, 2)), 1)          # ValueError: shapes differ
    for ax in (3, -4):
        with pytest.raises(ValueError):
            stack_axis(a, a, ax)
        with pytest.raises(ValueError, match="out of bounds"):
            njit(stack_axis)(a, a, ax)


def tr_tuple(a, axes):
    return a.transpose(axes), np.transpose(a, axes)


def tr_ints2(a, i, j):
    return a.transpose(i, j)


def tr_ints3(a, i, j, k):
    return a.transpose(i, j, k)


def tr_plain(a):
    return a.transpose(), np.transpose(a), np.transpose(a, None)


def tr_write(a):
    t = a.transpose((1, 0))
    t[0, 1] = -1
    return a, t.sum(axis=0), t.copy()


def tr_kw(a):
    return np.transpose(a, axes=(1, 0))


@pytest.mark.parametrize("dt", [np.float64, np.int64, np.uint8, np.complex128])
def test_transpose_axes(dt):
    a2 = np.arange(6).reshape(2, 3).astype(dt)
    a3 = np.arange(24).reshape(2, 3, 4).astype(dt)
    for x in layouts(a2):
        assert_same(tr_tuple, x, (1, 0))
        assert_same(tr_tuple, x, (0, 1))
        assert_same(tr_tuple, x, (-1, 0))
        assert_same(tr_ints2, x, 1, 0)
        assert_same(tr_plain, x)
        assert_same(tr_kw, x)
    for x in layouts(a3):
        for axes in ((0, 1, 2), (2, 0, 1), (1, 2, 0), (2, 1, 0), (0, 2, 1), (-1, -3, 1)):
            assert_same(tr_tuple, x, axes)
        assert_same(tr_ints3, x, 2, 0, 1)
        assert_same(tr_plain, x)


def test_transpose_views_and_errors():
    a = np.arange(6.0).reshape(2, 3)
    assert_same(tr_write, a)
    assert_same(tr_tuple, a, (0, 0))                          # ValueError: repeated axis
    for axes in ((0, 2), (-3, 0)):
        with pytest.raises(ValueError):
            tr_tuple(a, axes)
        with pytest.raises(ValueError, match="out of bounds"):
            njit(tr_tuple)(a, axes)
    assert_compile_error(tr_tuple, a, (1, 0, 2), exc=TypingError, match="axes don't match array")
    assert_compile_error(tr_tuple, a, (1.0, 0.0), exc=TypingError, match="integers")
