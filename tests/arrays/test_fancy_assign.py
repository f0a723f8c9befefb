"""Assignment through boolean masks and integer arrays (`a[mask] = v`, `a[mask] += v`,
`a[idx] = v`), and masks over leading dimensions, differentially against NumPy."""
import numpy as np
import pytest

from numjit import njit, _nrt
from numjit.testing import assert_same


def mask_scalar(a):
    a[a > 2] = 0
    return a


def mask_array(a, v):
    a[a > 2] = v
    return a


def mask_iadd(a):
    a[a > 2] += 1
    a[a < 1] *= 3
    return a


def mask_isub_array(a, v):
    a[a > 2] -= v
    return a


def mask_from(a, m, v):
    a[m] = v
    return a


def mask_get(a, m):
    return a[m]


def mask_self(a):
    # the value overlaps the destination: NumPy reads the old elements
    a[a > 0] = a[::-1][:3]
    return a


def take_set(a, idx, v):
    a[idx] = v
    return a


def take_iadd(a, idx):
    a[idx] += 10
    return a


def layouts(a):
    """C, F and a non-contiguous view of the same values."""
    out = [a]
    if a.ndim >= 2:
        out.append(np.asfortranarray(a))
    big = np.repeat(a, 2, axis=-1) if a.ndim >= 1 else a
    out.append(big[..., ::2])
    return out


DTYPES = [np.float64, np.int64, np.int32, np.float32, np.uint8]


@pytest.mark.parametrize("dt", DTYPES)
def test_mask_scalar_and_inplace(dt):
    base = np.array([[3, -1, 5, 0], [2, 7, 1, 4], [9, 0, 3, 2]]).astype(dt)
    for a in layouts(base) + layouts(base[0]):
        assert_same(mask_scalar, a)
        assert_same(mask_iadd, a)


@pytest.mark.parametrize("dt", DTYPES)
def test_mask_array_value(dt):
    base = np.array([[3, 1, 5, 0], [2, 7, 1, 4], [9, 0, 3, 2]]).astype(dt)
    for a in layouts(base):
        k = int((base > 2).sum())
        assert_same(mask_array, a, np.arange(k).astype(dt) * 2)
        assert_same(mask_array, a, np.arange(k, dtype=np.float64)[::-1] + 0.5)   # converted to a's dtype
        assert_same(mask_array, a, np.array([7]).astype(dt))                      # one value broadcast
        assert_same(mask_array, a, np.arange(2 * k)[::2].astype(dt))              # strided value
        assert_same(mask_array, a, np.arange(k + 1).astype(dt))                   # ValueError
        assert_same(mask_array, a, np.arange(2).astype(dt))                       # ValueError
        assert_same(mask_array, a, np.ones((1, k), dtype=dt))                     # TypeError (2-D value)
        assert_same(mask_isub_array, a, np.arange(k).astype(dt))


def test_mask_array_value_1d_and_empty():
    a = np.array([3.0, -1.0, 5.0, 2.5, 7.0])
    assert_same(mask_array, a, np.array([10.0, 20.0, 30.0]))
    assert_same(mask_array, a, np.array(4.0))                    # 0-d value
    assert_same(mask_array, np.zeros(4), np.zeros(0))            # nothing selected, empty value
    assert_same(mask_array, np.zeros(4), np.array([1.0]))        # nothing selected, one value
    assert_same(mask_array, np.zeros(0), np.zeros(0))
    assert_same(mask_self, np.array([1.0, -2.0, 3.0, 4.0, -5.0]))
    assert_same(mask_array, np.array([True, False, True]), np.array([False, False]))


def test_mask_leading_dims():
    a = np.arange(12.0).reshape(3, 4)
    rows = np.array([True, False, True])
    for x in layouts(a):
        assert_same(mask_get, x, rows)
        assert_same(mask_from, x, rows, 0.5)
        assert_same(mask_from, x, rows, np.array([1.0, 2.0, 3.0, 4.0]))              # broadcast over rows
        assert_same(mask_from, x, rows, np.arange(8.0).reshape(2, 4))
        assert_same(mask_from, x, rows, np.arange(3.0))                               # ValueError
        assert_same(mask_get, x, np.array([True, False]))                             # IndexError
    b = np.arange(24).reshape(2, 3, 4)
    assert_same(mask_get, b, b[:, :, 0] > 5)
    assert_same(mask_from, b, b[:, :, 0] > 5, np.array([-1, -2, -3, -4]))
    assert_same(mask_from, b, np.array([[True, False, True], [False, False, True]]), np.arange(12).reshape(3, 4))


@pytest.mark.parametrize("dt", DTYPES)
def test_take_set(dt):
    a = np.arange(10).astype(dt)
    for x in layouts(a):
        assert_same(take_set, x, np.array([3, 0, -1]), 7)
        assert_same(take_set, x, np.array([3, 0, -1]), np.array([1, 2, 3]).astype(dt))
        assert_same(take_set, x, np.array([3, 3, 3], dtype=np.int32), np.array([1, 2, 3]).astype(dt))  # last wins
        assert_same(take_set, x, np.array([1, 2]), np.array([5]).astype(dt))
        assert_same(take_set, x, np.array([1, 2]), np.array([5, 6, 7]).astype(dt))    # ValueError
        assert_same(take_set, x, np.array([1, 20]), 0)                                  # IndexError
        assert_same(take_set, x, np.array([1, -11]), 0)                                 # IndexError
        assert_same(take_iadd, x, np.array([0, 2, 2]))
    m = np.arange(12.0).reshape(4, 3)
    for x in layouts(m):
        assert_same(take_set, x, np.array([2, 0]), 1.5)
        assert_same(take_set, x, np.array([2, 0]), np.array([9.0, 8.0, 7.0]))
        assert_same(take_set, x, np.array([2, 0]), np.arange(6.0).reshape(2, 3))
        assert_same(take_set, x, np.array([2, 0]), np.arange(4.0).reshape(2, 2))       # ValueError
        assert_same(take_iadd, x, np.array([3, 1]))


def take_twice(a, i):
    return a[i] * 2


def test_no_leak_on_errors():
    f = njit(take_set)
    g = njit(mask_array)
    h = njit(mask_get)
    t = njit(take_twice)
    a = np.arange(5.0)
    f(a, np.array([1]), np.array([1.0]))
    g(a, np.array([1.0]))
    h(a, a > 1)
    t(a, np.array([1]))
    before = _nrt.live_allocations()
    for _ in range(20):
        for call in (lambda: f(a, np.array([1, 9]), np.array([1.0, 2.0])),
                     lambda: f(a, np.array([1, 2]), np.array([1.0, 2.0, 3.0])),
                     lambda: g(a, np.array([1.0, 2.0, 3.0, 4.0, 5.0, 6.0])),
                     lambda: h(a, np.array([True])),
                     lambda: t(a, np.array([0, 7]))):
            with pytest.raises((IndexError, ValueError)):
                call()
    assert _nrt.live_allocations() == before


def test_unsupported_forms():
    from numjit.testing import assert_compile_error
    from numjit import TypingError
    # an n-D integer index array assigns too (tests/arrays/test_fancy_axis.py has more)
    assert_same(take_set, np.zeros(3), np.array([[0, 2], [1, 2]]), 1.0)
    assert_compile_error(mask_from, np.zeros(3), np.zeros(3), 1.0, exc=TypingError, match="float64")


def take_nd(a, idx):
    return a[idx]


def test_take_nd_index():
    a = np.arange(12.0).reshape(4, 3)
    for x in layouts(a):
        assert_same(take_nd, x, np.array([[0, 3], [-1, 1], [2, 2]]))
        assert_same(take_nd, x, np.array([[0, 3], [4, 1]]))                 # IndexError
        assert_same(take_nd, x[:, 0], np.array([[0, 3], [1, 1]], dtype=np.int32))
    assert_same(take_nd, np.arange(5), np.zeros((2, 0), dtype=np.int64))
