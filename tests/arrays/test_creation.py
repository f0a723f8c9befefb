"""Array creation, copies and whole-array reductions, differentially against NumPy."""
import numpy as np
import pytest

from numjit.testing import assert_same


def zeros2(n, m):
    return np.zeros((n, m))


def creators(n):
    return (np.empty(n).shape, np.zeros(n), np.ones((n, 2), dtype=np.int32), np.full(n, 2.5),
            np.full((2, n), 3), np.zeros(n, np.complex128), np.ones(n, dtype=bool))


def likes(a):
    return np.zeros_like(a), np.ones_like(a), np.full_like(a, 7), np.empty_like(a).shape, np.zeros_like(a, dtype=np.float32)


def ranges(n):
    return np.arange(n), np.arange(2, n), np.arange(n, 0, -2), np.arange(0.0, 1.0, 0.25), np.arange(1, 2.0, 0.1)


def spaces(n):
    return np.linspace(0, 1, n), np.linspace(-2.0, 3, 7), np.linspace(1, 2, num=n), np.linspace(0, 1)


def copies(a):
    b = a.copy()
    b[0, 0] = -1
    return b, np.copy(a), a.astype(np.int64), a.astype(np.float32), a.flatten(), a.T, a.transpose()


def fill(a, v):
    a.fill(v)
    return a


def reductions(a):
    return (np.sum(a), a.sum(), a.prod(), a.min(), a.max(), np.mean(a), a.std(), a.var(),
            a.argmin(), a.argmax(), np.amin(a), np.amax(a), a.any(), a.all())


def test_creation():
    assert_same(zeros2, 2, 3)
    assert_same(creators, 4)
    assert_same(creators, 0)
    assert_same(ranges, 7)
    assert_same(ranges, 0)
    assert_same(spaces, 5)
    assert_same(spaces, 1)


def test_negative_dimension():
    assert_same(zeros2, -1, 3)


@pytest.mark.parametrize("a", [np.arange(6.0).reshape(2, 3), np.arange(6).reshape(2, 3).T, np.arange(12.0).reshape(3, 4)[:, ::2]])
def test_likes_copies(a):
    assert_same(likes, a)
    assert_same(copies, a)
    assert_same(fill, a, 3.0)


@pytest.mark.parametrize("a", [np.array([[3.0, -1.5, 2.0], [0.5, 9.0, -7.25]]), np.array([[4, 1, 9], [2, 7, 3]]),
                               np.array([[4, 1, 9], [2, 7, 3]], dtype=np.int32).T, np.array([[1, 0], [1, 1]], dtype=np.uint8),
                               np.array([[1.5, np.nan], [0.0, 2.0]])])
def test_reductions(a):
    assert_same(reductions, a)


def test_empty_reductions_raise():
    def mn(a):
        return a.min()

    def am(a):
        return a.argmax()

    assert_same(mn, np.zeros(0))
    assert_same(am, np.zeros(0))
