"""A MemoryError part-way through a library call that allocates more than once releases
what the call had already allocated. `_nrt.fail_allocation(k)` makes the k-th
allocation from then on fail (as malloc returning null would); for every k up to the
call's allocation count the call must raise MemoryError and leave the live allocation
count where it was, and then succeed with NumPy's answer."""
import gc

import numpy as np
import pytest

from numjit import _nrt, njit


def sort_axis0(a):
    return np.sort(a, axis=0)


def sort_flat(a):
    return np.sort(a, axis=None)


def sort_inplace(a):
    b = a.copy()
    b.sort(axis=0)
    return b


def argsort_axis0(a):
    return np.argsort(a, axis=0)


def argsort_flat(a):
    return np.argsort(a, axis=None)


def argmax_axis(a):
    return np.argmax(a, axis=0), a.argmin(axis=1)


def std_axis(a):
    return a.std(axis=0)


def cumsum_strided(a):
    return np.cumsum(a[:, ::2])


def outer_strided(a):
    return np.outer(a[:, 0], a[0, ::2])


def fancy_axis(a):
    b = a.copy()
    b[:, np.array([0, 2])] = a[:, :2] * 2
    return b[1:, np.array([3, -1])]


def mask_set(a):
    b = a.copy()
    b[b > 0.5] = a[a > 0.5] * 2
    return b


def alias_index_set(a):
    b = (a * 10).astype(np.int64) % 5
    b[0, b[0]] = b[1] * 2          # the index array is a view of b: copied before writing
    b[b[1, :3]] = 1                  # rows picked by a row of b, which they may overwrite
    return b


CALLS = [sort_axis0, sort_flat, sort_inplace, argsort_axis0, argsort_flat, argmax_axis, std_axis,
         cumsum_strided, outer_strided, fancy_axis, mask_set, alias_index_set]


def _check(expected, got):
    for e, g in zip(expected if isinstance(expected, tuple) else (expected,),
                    got if isinstance(got, tuple) else (got,)):
        np.testing.assert_array_equal(g, e)


@pytest.fixture(autouse=True)
def _disarm():
    yield
    _nrt.fail_allocation(0)


@pytest.mark.parametrize("fn", CALLS, ids=lambda f: f.__name__)
def test_memory_error_releases_earlier_allocations(fn):
    a = np.random.default_rng(3).random((5, 6))
    j = njit(fn)
    expected = fn(a)
    j(a)  # compiled (and its first-call allocations done) before counting
    failed = 0
    for k in range(1, 40):
        gc.collect()
        start = _nrt.live_allocations()
        _nrt.fail_allocation(k)
        try:
            got = j(a)
        except MemoryError:
            got = None
            failed += 1
        _nrt.fail_allocation(0)
        if got is not None:
            # every allocation of the call has been made to fail once: done
            _check(expected, got)
            del got
            gc.collect()
            assert _nrt.live_allocations() == start
            break
        gc.collect()
        assert _nrt.live_allocations() == start, f"allocation {k} failing leaked"
    assert failed >= 2, "the call should allocate more than once"


def test_fail_allocation_disarms():
    f = njit(lambda_free_empty)
    _nrt.fail_allocation(1)
    with pytest.raises(MemoryError):
        f(3)
    assert f(3).shape == (3,)
    _nrt.fail_allocation(2)
    _nrt.fail_allocation(0)
    assert f(3).shape == (3,) and f(4).shape == (4,)


def lambda_free_empty(n):
    return np.empty(n)
