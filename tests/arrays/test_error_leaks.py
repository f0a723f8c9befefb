"""A NumPy error raised part-way through an expression or a library call releases the
arrays already allocated for it: live allocations balance over many failing calls."""
import gc

import numpy as np
import pytest

from numjit import njit, _nrt


def helper_raises(x):
    if x > 0:
        raise ValueError("boom")
    return x


jhelper = njit(helper_raises)


def expr_then_call(n, x):
    return np.empty(n) + jhelper(x)


def temp_then_broadcast(a, b):
    return (a + 1) * 2 + b


def take_oob(a, idx):
    return a[idx] * 2


def mask_mismatch(a, m):
    return a[m] + 1


def concat_mismatch(a, b):
    return np.concatenate((a * 2, b))


def sort_bad_axis(a, ax):
    return np.sort(a * 2, axis=ax)


def argsort_bad_axis(a, ax):
    return np.argsort(a, axis=ax)


def dot_mismatch(a, b):
    return np.dot(a * 2, b)


def reshape_bad(a, n):
    return (a * 2).reshape(n, 3)


def sum_bad_axis(a, ax):
    return (a * 2).sum(axis=ax)


def stack_bad(a, b, ax):
    return np.stack((a * 2, b), axis=ax)


def list_concat_bad(a, b):
    return np.concatenate([a * 2, b])


def mask_set_bad(a, v):
    a[a > 0] = v * 2
    return a


CASES = [
    (expr_then_call, (3, 1.0), ValueError),
    (temp_then_broadcast, (np.ones(3), np.ones(4)), ValueError),
    (take_oob, (np.arange(5.0), np.array([1, 9])), IndexError),
    (mask_mismatch, (np.arange(5.0), np.array([True, False])), IndexError),
    (concat_mismatch, (np.ones((2, 2)), np.ones((2, 3))), ValueError),
    (sort_bad_axis, (np.ones((2, 2)), 3), ValueError),
    (argsort_bad_axis, (np.ones((2, 2)), -3), ValueError),
    (dot_mismatch, (np.ones((2, 3)), np.ones((2, 3))), ValueError),
    (reshape_bad, (np.ones(6), 4), ValueError),
    (sum_bad_axis, (np.ones((2, 2)), 2), ValueError),
    (stack_bad, (np.ones(3), np.ones(4), 1), ValueError),
    (list_concat_bad, (np.ones((2, 2)), np.ones((2, 3))), ValueError),
    (mask_set_bad, (np.array([1.0, -1.0, 2.0]), np.ones(3)), ValueError),
]


@pytest.mark.parametrize("fn,args,exc", CASES, ids=[c[0].__name__ for c in CASES])
def test_failing_calls_release_their_arrays(fn, args, exc):
    jf = njit(fn)
    with pytest.raises(exc):
        fn(*[a.copy() if isinstance(a, np.ndarray) else a for a in args])
    with pytest.raises(exc):
        jf(*args)
    gc.collect()
    before = _nrt.live_allocations()
    for _ in range(20):
        with pytest.raises(exc):
            jf(*[a.copy() if isinstance(a, np.ndarray) else a for a in args])
    gc.collect()
    assert _nrt.live_allocations() == before


def max_axis_empty(a):
    return (a * 2).max(axis=0)


def argmax_axis_empty(a):
    return (a * 2).argmax(axis=0)


def cumsum_bad_axis(a, ax):
    return np.cumsum(a * 2, axis=ax)


def where_mismatch(c, a):
    return np.where(c, a * 2, a[:1] * 0)


def matmul_mismatch(a, b):
    return (a * 2) @ b


def searchsorted_bad_side(a, v, side):
    return np.searchsorted(a * 1, v * 1, side=side)


def transpose_bad(a, axes):
    return (a * 2).transpose(axes)


def mean_empty_axis(a):
    return (a * 2).min(axis=1)


MORE = [
    (max_axis_empty, (np.zeros((0, 3)),), ValueError),
    (argmax_axis_empty, (np.zeros((0, 3)),), ValueError),
    (cumsum_bad_axis, (np.ones((2, 2)), 2), ValueError),
    (where_mismatch, (np.ones((2, 3)) > 0, np.ones((3, 3))), ValueError),
    (matmul_mismatch, (np.ones((2, 3)), np.ones((2, 3))), ValueError),
    (searchsorted_bad_side, (np.arange(3.0), np.ones(2), "middle"), ValueError),
    (transpose_bad, (np.ones((2, 3)), (0, 0)), ValueError),
    (mean_empty_axis, (np.zeros((3, 0)),), ValueError),
]


@pytest.mark.parametrize("fn,args,exc", MORE, ids=[c[0].__name__ for c in MORE])
def test_failing_library_calls_release_their_arrays(fn, args, exc):
    test_failing_calls_release_their_arrays(fn, args, exc)
