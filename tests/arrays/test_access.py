"""Array arguments, attributes, integer indexing, iteration and returning arrays,
differentially against CPython running the same NumPy code (numjit.testing.assert_same)."""
import numpy as np
import pytest

from numjit import njit
from numjit.testing import assert_same

DTYPES = [np.bool_, np.int8, np.int16, np.int32, np.int64, np.uint8, np.uint16, np.uint32, np.uint64,
          np.float32, np.float64, np.complex64, np.complex128]


def layouts(a):
    """The same values as C, F and non-contiguous (A) arrays."""
    big = np.zeros(tuple(2 * n for n in a.shape), a.dtype)
    view = big[tuple(slice(None, None, 2) for _ in a.shape)]
    view[...] = a
    return [np.ascontiguousarray(a), np.asfortranarray(a), view]


def first_last(a):
    return a[0], a[-1], a[len(a) - 1]


def attrs(a):
    return a.shape, a.ndim, a.size, len(a), a.itemsize, a.nbytes


def get2(a, i, j):
    return a[i, j] + a[-1, -1]


def set2(a, i, j, v):
    a[i, j] = v
    a[-1, -1] += v
    return a[i, j]


def iter_sum(a):
    s = 0
    for x in a:
        s += x
    return s


def row_sums(a):
    t = 0.0
    for row in a:
        for x in row:
            t += x
    return t


def sum_squared(x):
    total = 0.0
    for i in range(x.shape[0]):
        total += x[i] * x[i]
    return total


def ident(a):
    return a


def row(a, i):
    return a[i]


def strides_T(a):
    return a.strides, a.T.shape, a.T.strides


@pytest.mark.parametrize("dt", DTYPES)
def test_dtypes_1d(dt):
    a = (np.arange(7) % 3).astype(dt)
    assert_same(first_last, a)
    assert_same(attrs, a)
    if dt not in (np.bool_, np.uint64):  # int64 + uint64 scalars: Numba gives float64, NumPy 2 uint64
        assert_same(iter_sum, a)


@pytest.mark.parametrize("k", range(3))
def test_layouts_2d(k):
    a = layouts(np.arange(12.0).reshape(3, 4))[k]
    assert_same(attrs, a)
    assert_same(get2, a, 1, 2)
    assert_same(get2, a, -2, -3)
    assert_same(row_sums, a)
    assert_same(strides_T, a)
    assert_same(set2, a, 0, 1, 7.5)
    assert_same(row, a, 1)
    assert_same(row, a, -1)


def test_3d():
    a = np.arange(24).reshape(2, 3, 4)

    def f(a):
        return a[1, 2, 3] + a[0, -1, -2] + a[1][2][0] + a.shape[2]

    assert_same(f, a)
    assert_same(f, np.asfortranarray(a))


def test_seed_examples():
    x = np.random.default_rng(0).random(1000)
    assert_same(sum_squared, x)
    assert_same(iter_sum, np.arange(1000))
    assert_same(sum_squared, x[::3])


def test_return_argument_is_same_object():
    a = np.arange(5.0)
    assert njit(ident)(a) is a
    r = njit(row)(np.arange(6.0).reshape(2, 3), 1)
    assert r.base is not None and not r.flags.owndata


def test_readonly():
    a = np.arange(4.0)
    a.flags.writeable = False
    assert_same(first_last, a)
    out = njit(ident)(a)
    assert out is a


def test_wrong_array_type_falls_back_to_new_signature():
    f = njit(first_last)
    assert f(np.arange(3)) == (0, 2, 2)
    assert f(np.arange(3.0)) == (0.0, 2.0, 2.0)
    assert len(f.signatures) == 2


def test_boundscheck():
    def g(a, i):
        return a[i]

    jg = njit(boundscheck=True)(g)
    with pytest.raises(IndexError, match="index 5 is out of bounds for axis 0 with size 3"):
        jg(np.arange(3.0), 5)
    with pytest.raises(IndexError, match="index -4 is out of bounds for axis 0 with size 3"):
        jg(np.arange(3.0), -4)
    assert jg(np.arange(3.0), -3) == 0.0


def test_fastmath_vectorises():
    f = njit(fastmath=True)(sum_squared)
    f(np.arange(10.0))
    asm = f.inspect_asm(f.signatures[0])
    assert any(op in asm for op in ("vfmadd", "vmulpd", "vaddpd", "mulpd")), "no vector instructions"
