"""Boolean masks, integer-array indexing, sort/argsort/searchsorted, differentially against NumPy."""
import numpy as np
import pytest

from numjit.testing import assert_same


def mask(a):
    return a[a > 2], a[a < 0]


def mask_set(a):
    a[a > 2] = 0
    return a


def take(a, idx):
    return a[idx]


def sorts(a):
    b = a.copy()
    b.sort()
    return np.sort(a), b, np.argsort(a), a.argsort()


def inplace_sort(a):
    a.sort()
    return a


def search(a, v):
    return np.searchsorted(a, v)


@pytest.mark.parametrize("a", [np.array([3.0, -1.0, 5.0, 2.5, 7.0]), np.arange(12).reshape(3, 4) % 5,
                               np.asfortranarray(np.arange(12.0).reshape(3, 4))])
def test_masks(a):
    assert_same(mask, a)
    assert_same(mask_set, a)


def test_take():
    assert_same(take, np.arange(10.0) * 2, np.array([3, 0, -1, 3]))
    assert_same(take, np.arange(12).reshape(4, 3), np.array([2, 0]))
    assert_same(take, np.arange(5.0), np.array([7]))


@pytest.mark.parametrize("a", [np.array([3.0, -1.0, np.nan, 2.5, 7.0, 0.0]), np.array([5, 3, 9, -2, 0, 11], dtype=np.int32),
                               np.random.default_rng(1).random(257), np.array([True, False, True]), np.arange(20.0)[::-3],
                               np.zeros(0)])
def test_sort(a):
    assert_same(sorts, a)
    assert_same(inplace_sort, a)


def test_searchsorted():
    a = np.array([1.0, 2.0, 2.0, 5.0, 9.0])
    assert_same(search, a, 2.0)
    assert_same(search, a, 100.0)
    assert_same(search, a, np.array([0.0, 2.0, 3.0, 9.5]))


def joins(a, b):
    return (np.concatenate((a, b)), np.concatenate((a, b, a), axis=0), np.stack((a, b)), np.vstack((a, b)),
            np.hstack((a, b)))


def joins2(a, b):
    return np.concatenate((a, b), axis=1), np.concatenate((a, b), axis=-1), np.concatenate((a, a)), np.hstack((a, b)), np.vstack((a, a))


def test_joins():
    assert_same(joins, np.arange(3.0), np.arange(3, dtype=np.int32) * 2)
    assert_same(joins2, np.arange(6.0).reshape(2, 3), np.asfortranarray(np.arange(4.0).reshape(2, 2)))
    assert_same(joins2, np.arange(6.0).reshape(2, 3), np.arange(6.0).reshape(3, 2))  # ValueError
