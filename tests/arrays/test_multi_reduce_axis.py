"""Axis reductions of C arrays along axis 0 (arrays/methods.ts: several rows per pass over
the output), differentially against NumPy: row counts around the unrolling (eight rows per pass),
dtypes, 3-D arrays, NaN, and equality to the bit for float sums."""
import numpy as np
import pytest

import numjit
from numjit.testing import assert_same


def col_reductions(x):
    return (np.sum(x, axis=0), x.prod(axis=0), x.mean(axis=0), x.any(axis=0), x.all(axis=0),
            x.min(axis=0), x.max(axis=0))


def col_sums(x):
    return np.sum(x, axis=0)


@pytest.mark.parametrize("rows", [1, 2, 3, 4, 5, 7, 8, 9, 15, 16, 17, 23])
def test_row_counts(rows):
    rng = np.random.default_rng(rows)
    x = rng.standard_normal((rows, 13))
    assert_same(col_reductions, x)
    # the same additions in the same order as NumPy: equal to the bit
    assert np.array_equal(numjit.njit(col_sums)(x), np.sum(x, axis=0))


@pytest.mark.parametrize("dtype", [np.float32, np.int64, np.int32, np.uint8, np.int8, np.bool_])
def test_dtypes(dtype):
    rng = np.random.default_rng(5)
    x = (rng.random((11, 7)) * 50).astype(dtype)
    kw = {"rtol": 1e-6} if dtype == np.float32 else {}
    assert_same(col_reductions, x, **kw)


def test_3d_and_nan():
    x = np.arange(2 * 7 * 5, dtype=np.float64).reshape(7, 2, 5) * 0.3 - 4.0
    x[3, 1, 2] = np.nan
    assert_same(col_reductions, x)
    assert_same(col_reductions, np.zeros((0, 4)))
    assert_same(col_sums, np.zeros((6, 0)))
    big = np.random.default_rng(7).random((101, 333))
    assert np.array_equal(numjit.njit(col_sums)(big), np.sum(big, axis=0))
