"""np.sort / a.sort() / np.argsort / a.argsort() of complex64 and complex128 arrays,
differentially against NumPy: lexicographic order (real part, then imaginary part), NaNs
last in NumPy's classes (R + Rj, R + nanj, nan + Rj, nan + nanj), along any axis and
flattened; argsort ties in index order, as NumPy's stable sort."""
import numpy as np
import pytest

from numjit.testing import assert_same


def sort_all(a):
    return np.sort(a), np.argsort(a), a.argsort()


def sort_axis(a, ax):
    return np.sort(a, axis=ax), np.argsort(a, axis=ax), a.argsort(ax)


def sort_none(a):
    return np.sort(a, axis=None), np.argsort(a, axis=None, kind="stable")


def sort_inplace(a, ax):
    a.sort(axis=ax)
    return a


def sort_inplace_default(a):
    a.sort()
    return a


def argsort_stable(a):
    return np.argsort(a, kind="stable"), a.argsort(kind="stable")


RNG = np.random.default_rng(11)
CDTYPES = [np.complex128, np.complex64]
nan, inf = np.nan, np.inf


def distinct(n, dt):
    # small integer parts so that real parts repeat (imaginary parts then decide)
    re = RNG.integers(-3, 4, n).astype(float)
    im = RNG.permutation(n).astype(float) - n // 2
    return (re + 1j * im).astype(dt)


@pytest.mark.parametrize("dt", CDTYPES)
def test_sort_1d(dt):
    a = distinct(40, dt)
    assert_same(sort_all, a)
    assert_same(sort_all, a[::-3])
    assert_same(sort_inplace_default, a.copy())
    assert_same(sort_none, a)
    assert_same(sort_all, np.zeros(0, dtype=dt))
    assert_same(sort_all, np.array([2 - 1j], dtype=dt))


@pytest.mark.parametrize("dt", CDTYPES)
def test_sort_nan_classes(dt):
    # every NaN placement, with ties inside each class broken by the non-NaN part
    vals = [1 + 2j, complex(nan, 5), complex(3, nan), complex(nan, nan), -1 + 0j, complex(nan, -2),
            complex(-4, nan), 1 + 1j, complex(inf, 0), complex(-inf, nan), complex(0, -inf), complex(nan, inf),
            2 + 0j, complex(nan, 7), complex(5, nan)]
    # NumPy's default argsort orders equal values in an unspecified way: distinct values
    # (no two equal, nan + nanj once) for it, repeats for the sort and the stable argsort
    a = np.array(vals, dtype=dt)
    dup = np.array(vals + [1 + 2j, complex(3, nan), complex(nan, nan), 0j, -0.0 + 0j, complex(nan, 5)], dtype=dt)
    for x in (a, a[::-1], a[::2]):
        assert_same(sort_all, x)
    for x in (dup, dup[::-1], dup[1::2]):
        assert_same(sort_none, x)
        assert_same(sort_inplace_default, x.copy())
        assert_same(argsort_stable, x)


@pytest.mark.parametrize("dt", CDTYPES)
def test_sort_ties_stable(dt):
    a = (RNG.integers(0, 3, 60) + 1j * RNG.integers(0, 2, 60)).astype(dt)
    assert_same(argsort_stable, a)
    assert_same(sort_none, a)
    assert_same(sort_inplace_default, a.copy())
    assert_same(argsort_stable, a.reshape(6, 10))


@pytest.mark.parametrize("dt", CDTYPES)
def test_sort_axes(dt):
    a2 = distinct(35, dt).reshape(5, 7)
    a3 = distinct(60, dt).reshape(3, 4, 5)
    a3[1, 2, 3] = complex(nan, 1)
    a3[0, 0, 0] = complex(2, nan)
    for base in (a2, a3):
        for a in (base, np.asfortranarray(base), base[::-1]):
            assert_same(sort_all, a)
            assert_same(sort_none, a)
            for ax in range(-base.ndim, base.ndim):
                assert_same(sort_axis, a, ax)
                assert_same(sort_inplace, a.copy(), ax)


def sort_and_stable_argsort(x):
    y = x.copy()
    y.sort()
    return np.sort(x), np.argsort(x, kind="stable"), y


def patterns(n):
    yield RNG.random(n)
    yield RNG.integers(0, 3, n).astype(float)                 # many ties
    yield np.arange(n, dtype=float)                           # sorted
    yield np.arange(n, dtype=float)[::-1].copy()              # reversed
    yield np.concatenate([np.arange(n // 2), np.arange(n - n // 2)[::-1]]).astype(float)  # organ pipe
    x = RNG.random(n)
    x[RNG.random(n) < 0.2] = nan
    yield x
    yield RNG.integers(-5, 5, n)
    yield (RNG.integers(0, 3, n) + 1j * RNG.integers(0, 2, n)).astype(np.complex64)
    z = RNG.random(n) + 1j * RNG.random(n)
    z[RNG.random(n) < 0.2] = complex(nan, 1)
    z[RNG.random(n) < 0.1] = complex(1, nan)
    yield z


@pytest.mark.parametrize("n", [0, 1, 2, 15, 16, 17, 18, 33, 100, 1000, 5001])
def test_sort_sizes_and_patterns(n):
    # the introsort's insertion-sort threshold (16), partitions and recursion, against
    # NumPy's sort and stable argsort
    for x in patterns(n):
        assert_same(sort_and_stable_argsort, x)


def search_sides(a, v):
    return np.searchsorted(a, v), np.searchsorted(a, v, side="right")


@pytest.mark.parametrize("dt", CDTYPES)
def test_searchsorted_complex(dt):
    a = np.sort(np.array([1 + 2j, complex(nan, 5), complex(3, nan), -1 + 0j, 1 + 1j, 1 + 2j, 0j, complex(nan, nan), 2 - 1j], dtype=dt))
    vals = np.array([1 + 2j, 1 + 1.5j, complex(3, nan), complex(nan, 0), complex(nan, nan), -5 + 0j, 2 - 1j, 9 + 9j], dtype=dt)
    assert_same(search_sides, a, vals)
    assert_same(search_sides, a, vals.reshape(2, 4))
    for v in vals:
        assert_same(search_sides, a, v)
    assert_same(search_sides, a, 1.0)                  # a real value in a complex array
    assert_same(search_sides, np.zeros(0, dtype=dt), vals)
