"""An axis out of range raises ValueError under numjit as under NumPy (whose AxisError is a
ValueError), for every function that takes a run-time axis; a negative axis wraps once."""
import numpy as np
import pytest

from numjit import njit


def sum_axis(a, ax):
    return a.sum(axis=ax)


def argmax_axis(a, ax):
    return np.argmax(a, axis=ax)


def cumsum_axis(a, ax):
    return np.cumsum(a, axis=ax)


def concat_axis(a, ax):
    return np.concatenate((a, a), axis=ax)


@pytest.mark.parametrize("fn", [sum_axis, argmax_axis, cumsum_axis, concat_axis])
@pytest.mark.parametrize("ax", [2, -3, 7])
def test_out_of_range_axis_raises_like_numpy(fn, ax):
    a = np.arange(6.0).reshape(2, 3)
    with pytest.raises(ValueError):
        fn(a, ax)
    with pytest.raises(ValueError, match="axis is out of bounds for array of dimension 2"):
        njit(fn)(a, ax)


@pytest.mark.parametrize("fn", [sum_axis, argmax_axis, cumsum_axis, concat_axis])
@pytest.mark.parametrize("ax", [0, 1, -1, -2])
def test_in_range_axis_matches_numpy(fn, ax):
    a = np.arange(6.0).reshape(2, 3)
    want, got = fn(a, ax), njit(fn)(a, ax)
    assert got.shape == want.shape and got.dtype == want.dtype
    np.testing.assert_array_equal(got, want)
