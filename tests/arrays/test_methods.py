"""Reductions along an axis, scans, reshape/ravel, dtype/real/imag, np.where, products,
eye/identity, array/asarray, differentially against NumPy."""
import numpy as np
import pytest

from numjit import njit
from numjit.testing import assert_same


def axis_reductions(a, k):
    return (a.sum(axis=k), np.sum(a, axis=k), a.prod(k), a.min(axis=k), a.max(axis=k), np.mean(a, axis=k),
            a.any(axis=k), a.all(axis=k), np.sum(a, k))


def scans(a):
    return np.cumsum(a), a.cumprod(), a.cumsum()


def reshapes(a):
    return a.reshape(3, 4), a.reshape((2, -1)), np.reshape(a, (4, 3)), a.ravel(), np.ravel(a), a.reshape(-1)


def dtypes(a):
    return np.zeros(3, dtype=a.dtype), np.ones_like(a, dtype=a.dtype), a.astype(a.dtype)


def parts(z):
    return z.real, z.imag, z.real + z.imag


def where(c, x, y):
    return np.where(c, x, y), np.where(x > 1, x, 0.0)


def products(a, b, m):
    return np.dot(a, b), a @ b, m @ a[:4], np.dot(m, m.T), m.T @ m, np.outer(a, b), a.dot(b)


def eyes(n):
    return np.eye(n), np.identity(n), np.eye(n, n + 1), np.eye(n, dtype=np.int64)


def arrays(a):
    b = np.array(a)
    b[0] = 99
    return b, np.asarray(a)


@pytest.mark.parametrize("a", [np.arange(24.0).reshape(2, 3, 4) - 5, np.asfortranarray(np.arange(24).reshape(2, 3, 4) % 5),
                               np.arange(24.0).reshape(4, 6)[:, ::2]])
def test_axis_reductions(a):
    for k in range(a.ndim):
        assert_same(axis_reductions, a, k)
    assert_same(axis_reductions, a, -1)


def test_axis_1d_and_errors():
    a = np.arange(5.0)
    assert_same(axis_reductions, a, 0)
    with pytest.raises(ValueError, match="axis"):  # NumPy: AxisError, a ValueError
        njit(axis_reductions)(np.ones((2, 2)), 2)


@pytest.mark.parametrize("a", [np.arange(1, 7), np.arange(1.0, 7.0).reshape(2, 3), np.asfortranarray(np.arange(1.0, 7.0).reshape(2, 3))])
def test_scans(a):
    assert_same(scans, a)


def test_reshape():
    assert_same(reshapes, np.arange(12.0))
    assert_same(reshapes, np.arange(24.0)[::2])
    assert_same(reshapes, np.arange(11.0))  # ValueError


def test_dtype_real_imag():
    assert_same(dtypes, np.arange(3, dtype=np.int32))
    assert_same(dtypes, np.arange(3.0, dtype=np.float32))
    assert_same(parts, np.arange(4.0) + 1j * np.arange(4.0, 0, -1))
    assert_same(parts, np.arange(4.0))


def test_where():
    x = np.arange(6.0)
    assert_same(where, x % 2 == 0, x, -x)
    assert_same(where, (x % 2 == 0).reshape(2, 3), x.reshape(2, 3), 7)


def test_products():
    a = np.arange(4.0)
    b = np.arange(4.0, 8.0)
    m = np.arange(12.0).reshape(3, 4)
    assert_same(products, a, b, m)
    assert_same(products, np.arange(4), np.arange(4, 8), np.arange(12).reshape(3, 4))


def test_eye_and_array():
    assert_same(eyes, 3)
    assert_same(arrays, np.arange(3.0))


def arg_axis(a, k):
    return a.argmax(axis=k), a.argmin(axis=k), np.argmax(a, k), np.argmin(a, axis=k)


@pytest.mark.parametrize("a", [np.array([[3.0, 1.0, 4.0], [1.0, 5.0, 9.0], [2.0, 6.0, 5.0]]),
                               np.asfortranarray(np.arange(24).reshape(2, 3, 4) % 7),
                               np.array([[1.0, np.nan, 3.0], [np.nan, 0.0, 7.0]])])
def test_arg_axis(a):
    for k in range(a.ndim):
        assert_same(arg_axis, a, k)


def test_row_sums_bit_identical():
    def rows(a):
        return a.sum(axis=1), a.mean(axis=-1), a.sum(axis=0)

    a = np.random.default_rng(3).random((7, 1001))
    got = njit(rows)(a)
    assert np.array_equal(got[0], a.sum(axis=1)) and np.array_equal(got[1], a.mean(axis=-1))
    assert np.allclose(got[2], a.sum(axis=0), rtol=1e-13)


def from_tuples(x):
    return np.array((1.0, x, 3.0)), np.array((1, 2, 3)), np.array(((1, 2), (3, 4))), np.array((True, False)), np.array((1, 2.5))


def test_array_from_tuples():
    assert_same(from_tuples, 2.0)


def scans_axis(a, k):
    return np.cumsum(a, axis=k), a.cumprod(k), np.cumsum(a, k)


@pytest.mark.parametrize("a", [np.arange(1.0, 13.0).reshape(3, 4), np.asfortranarray(np.arange(24).reshape(2, 3, 4) % 5 + 1),
                               np.arange(1.0, 25.0).reshape(4, 6)[:, ::2]])
def test_scans_axis(a):
    for k in range(-1, a.ndim):
        assert_same(scans_axis, a, k)


def var_axis(a, k):
    return a.var(axis=k), a.std(axis=k), np.std(a, k), np.var(a, axis=k)


@pytest.mark.parametrize("a", [np.arange(1.0, 13.0).reshape(3, 4) ** 1.5, np.asfortranarray(np.arange(24).reshape(2, 3, 4) % 5),
                               np.arange(24.0, dtype=np.float32).reshape(4, 6)[:, ::2]])
def test_var_axis(a):
    for k in range(-1, a.ndim):
        assert_same(var_axis, a, k, rtol=1e-5 if a.dtype == np.float32 else 1e-12)


def mm(a, b):
    return a @ b


@pytest.mark.parametrize("k", range(4))
def test_matmul_layouts(k):
    rng = np.random.default_rng(k)
    a = rng.random((5, 7))
    b = rng.random((7, 3))
    pairs = [(a, b), (np.asfortranarray(a), b), (a.T.copy().T, np.asfortranarray(b)), (rng.random((5, 14))[:, ::2], b)]
    x, y = pairs[k]
    assert_same(mm, x, y, rtol=1e-10)
    assert_same(mm, x.astype(np.float32), y.astype(np.float32), rtol=1e-5)
    assert_same(mm, x, y[:6])  # ValueError: mismatched core dimension
