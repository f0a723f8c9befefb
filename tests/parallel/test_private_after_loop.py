"""Variables assigned in a prange body are private to each iteration: reading one after
(or outside) the loop is a TypingError pointing at the read, never a stale value; reusing
the name as another loop's own private or loop variable is fine and matches CPython."""
import numpy as np
import pytest

from numjit import njit, prange
from numjit.errors import TypingError


def reuse_names(a):
    s = 0.0
    t = 0.0
    for i in prange(a.shape[0]):
        t = a[i] * 2
        s += t
    for i in prange(a.shape[0]):
        t = a[i] + 1
        a[i] = t
    for i in range(3):
        s += i
    return s


def test_private_names_reused_by_other_loops():
    a = np.arange(50.0)
    want_a = a.copy()
    want = reuse_names(want_a)
    got_a = a.copy()
    assert njit(parallel=True)(reuse_names)(got_a) == want
    np.testing.assert_array_equal(got_a, want_a)


def private_read_after(a):
    t = 0.0
    for i in prange(a.shape[0]):
        t = a[i]
    return t


def loop_variable_read_after(a):
    for i in prange(a.shape[0]):
        a[i] = 1.0
    return i


@pytest.mark.parametrize("fn,name,line", [(private_read_after, "t", "return t"),
                                          (loop_variable_read_after, "i", "return i")])
def test_reading_a_private_after_the_loop_is_an_error(fn, name, line):
    with pytest.raises(TypingError) as info:
        njit(parallel=True)(fn)(np.arange(5.0))
    msg = str(info.value)
    assert f"'{name}' is assigned in a prange loop" in msg
    assert line in msg and "test_private_after_loop.py:" in msg


def test_without_parallel_prange_is_range_and_matches_cpython():
    a = np.arange(5.0)
    assert njit(private_read_after)(a) == private_read_after(a) == 4.0
