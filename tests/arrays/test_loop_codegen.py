"""Loop kernels whose code generation was tuned for speed, differentially against CPython.

An integer index wraps once when negative (`a[-1]`); numjit writes that wrap as a branch
expected not taken (compiler/src/arrays/access.ts, wrapIndex) so that an element's address
depends on the index alone. These tests pin down the semantics around it: indices taken
from data (non-negative, negative, mixed signs, repeated), `int(float)` as an index
(histogram), read-modify-write of one element (`a[b] += 1`), several dimensions,
boundscheck, and loops whose input and output are the same array or overlapping views
(where an optimiser that assumed no aliasing would give a different answer).
"""
import numpy as np
import pytest

from numjit import njit
from numjit.testing import assert_same


def histogram(x, nbins):
    counts = np.zeros(nbins, dtype=np.int64)
    for i in range(x.shape[0]):
        b = int(x[i] * nbins)
        counts[b] += 1
    return counts


def gather(a, idx):
    out = np.empty(idx.shape[0])
    for i in range(idx.shape[0]):
        out[i] = a[idx[i]]
    return out


def scatter_add(a, idx, w):
    for i in range(idx.shape[0]):
        a[idx[i]] += w[i]
    return a


def scatter_set(a, idx):
    for i in range(idx.shape[0]):
        a[idx[i]] = i
    return a


def gather2(a, ii, jj):
    s = 0.0
    for k in range(ii.shape[0]):
        s += a[ii[k], jj[k]] * (k + 1)
        a[ii[k], -1 - jj[k]] += 1.0
    return s


def shifted(a, k):
    out = np.zeros(a.shape[0])
    for i in range(k, a.shape[0]):
        out[i] = a[i - k] + a[i - k - 1]
    return out


def wrap_left(a):
    # i - 1 is -1 at i = 0: the last element, as in Python
    out = np.empty(a.shape[0])
    for i in range(a.shape[0]):
        out[i] = a[i - 1] - a[i]
    return out


def stencil1d(u, v, steps):
    n = u.shape[0]
    for s in range(steps):
        for i in range(1, n - 1):
            v[i] = u[i] + 0.25 * (u[i - 1] - 2.0 * u[i] + u[i + 1])
        u, v = v, u
    return u


def stencil2d(u, v, steps):
    n = u.shape[0]
    m = u.shape[1]
    for s in range(steps):
        for i in range(1, n - 1):
            for j in range(1, m - 1):
                v[i, j] = 0.25 * (u[i - 1, j] + u[i + 1, j] + u[i, j - 1] + u[i, j + 1])
        u, v = v, u
    return u


RNG = np.random.default_rng(7)


@pytest.mark.parametrize("nbins", [1, 7, 64])
def test_histogram(nbins):
    assert_same(histogram, RNG.random(1000), nbins)


def test_histogram_negative_values_wrap():
    # int() truncates toward zero, then a negative bin wraps: -0.5 * 8 -> -4 -> bin 4
    x = np.concatenate([RNG.uniform(-0.99, 0.99, 500), [0.0, -0.0, -0.124, 0.999]])
    assert_same(histogram, x, 8)


def test_histogram_out_of_range_raises_under_boundscheck():
    assert_same(histogram, np.array([0.5, 3.0]), 2, jit_kwargs={"boundscheck": True})
    assert_same(histogram, np.array([0.5, -3.0]), 2, jit_kwargs={"boundscheck": True})


@pytest.mark.parametrize("lo,hi", [(0, 50), (-50, 0), (-50, 50)])
def test_gather_signs(lo, hi):
    a = RNG.random(50)
    idx = RNG.integers(lo, hi, 400)
    assert_same(gather, a, idx)
    assert_same(gather, a, idx.astype(np.int32))


@pytest.mark.parametrize("lo,hi", [(0, 20), (-20, 0), (-20, 20)])
def test_scatter_add_repeated(lo, hi):
    idx = RNG.integers(lo, hi, 300)
    assert_same(scatter_add, np.zeros(20), idx, RNG.random(300))
    # a negative and a non-negative index naming the same element
    assert_same(scatter_add, np.zeros(5), np.array([1, -4, 1, -4, 4, -1]), np.arange(6.0))


def test_scatter_set_last_write_wins():
    assert_same(scatter_set, np.zeros(6, dtype=np.int64), np.array([0, -6, 5, -1, 2, -4, 2]))


def test_two_dimensions():
    a = RNG.random((6, 5))
    ii = RNG.integers(-6, 6, 200)
    jj = RNG.integers(-5, 5, 200)
    assert_same(gather2, a, ii, jj)
    assert_same(gather2, np.asfortranarray(a), ii, jj)
    assert_same(gather2, np.zeros((12, 10))[::2, ::2] + a, ii, jj)


@pytest.mark.parametrize("k", [1, 2, 5, 40])
def test_shifted_window(k):
    assert_same(shifted, RNG.random(40), k)


def test_wrap_left():
    assert_same(wrap_left, RNG.random(17))
    assert_same(wrap_left, RNG.random(34)[::2])


@pytest.mark.parametrize("n", [3, 4, 17, 1000])
def test_stencil1d(n):
    u = RNG.random(n)
    assert_same(stencil1d, u, u.copy(), 5)


def test_stencil2d():
    u = RNG.random((33, 21))
    assert_same(stencil2d, u, u.copy(), 4)
    assert_same(stencil2d, np.asfortranarray(u), np.asfortranarray(u), 3)


# -- aliasing: the same array (or overlapping views of it) passed as input and output.
# assert_same copies each argument on its own, so these call both sides on one buffer.

def _both(fn, make, *rest):
    """fn(*make(buf), *rest) under CPython and numjit, each on its own copy of one buffer;
    the results and the buffers must agree."""
    base = RNG.random(64)
    py_buf, jit_buf = base.copy(), base.copy()
    expected = fn(*make(py_buf), *rest)
    got = njit(fn)(*make(jit_buf), *rest)
    np.testing.assert_allclose(got, expected, rtol=1e-13, atol=0)
    np.testing.assert_allclose(jit_buf, py_buf, rtol=1e-13, atol=0)


def test_stencil1d_same_array():
    # u and v are one array: an in-place (Gauss-Seidel-like) sweep, each i reads the new u[i-1]
    _both(stencil1d, lambda b: (b, b), 3)


@pytest.mark.parametrize("shift", [1, 2, 3, 7, -1, -2, -8])
def test_stencil1d_overlapping_views(shift):
    # v is u moved by `shift` elements: writes land on elements u reads later (or earlier)
    _both(stencil1d, lambda b: (b[8:56], b[8 + shift:56 + shift]), 2)
    _both(stencil1d, lambda b: (b[8:56:2], b[8 + shift:56 + shift:2]), 3)


def test_stencil1d_reversed_view():
    _both(stencil1d, lambda b: (b, b[::-1]), 2)


def test_stencil2d_same_array():
    _both(stencil2d, lambda b: (b.reshape(8, 8), b.reshape(8, 8)), 2)
    _both(stencil2d, lambda b: (b.reshape(8, 8), b.reshape(8, 8).T), 2)


def test_scatter_into_own_index_source():
    # the index array is a view of the target: a write may change an index read later
    base = np.array([3, -1, 0, -7, 5, 2, 6, 1], dtype=np.int64)
    py, jb = base.copy(), base.copy()
    expected = scatter_set(py, py[:6])
    got = njit(scatter_set)(jb, jb[:6])
    np.testing.assert_array_equal(got, expected)
    np.testing.assert_array_equal(jb, py)
