"""Global NumPy arrays are frozen as read-only constants at compile time, as in Numba."""
import numpy as np
import pytest

from numjit import njit
from numjit.testing import assert_same

TABLE = np.array([1.5, -2.0, 4.25, 8.0])
GRID = np.arange(12, dtype=np.int32).reshape(3, 4)
FLAGS = np.array([True, False, True])


def lookup(i):
    return TABLE[i] + TABLE.sum() + GRID[1, 2] + GRID.shape[1]


def expr(x):
    return x * TABLE + 1.0


def ret_table():
    return TABLE


def bools():
    return FLAGS.sum(), FLAGS[1]


def write():
    TABLE[0] = 3.0


def test_global_arrays():
    assert_same(lookup, 2)
    assert_same(lookup, -1)
    assert_same(expr, np.ones(4))
    assert_same(bools)
    r = njit(ret_table)()
    assert np.array_equal(r, TABLE) and not r.flags.writeable


def test_global_array_is_read_only():
    from numjit.testing import assert_compile_error

    assert_compile_error(write, match="read-only")
