"""The differential helper of tests/conftest.py checks what it claims to check."""
import math

import numpy as np
import pytest

from numjit.testing import assert_same, copy_arg, same_value
from numjit import _fastpath, njit, types


def test_same_value_rules():
    assert same_value(1, 1) is None
    assert same_value(1, 1.0) is not None            # int vs float is a difference
    assert same_value(1, 1.0, check_type=False) is None
    assert same_value(True, 1) is not None            # bool vs int too
    assert same_value(float("nan"), float("nan")) is None
    assert same_value(float("inf"), float("-inf")) is not None
    assert same_value(0.1 + 0.2, 0.3) is None
    assert same_value(1.0, 1.0 + 1e-9) is not None
    assert same_value(1j, complex(0, 1)) is None
    assert same_value((1, 2.0), (1, 2.0)) is None
    assert same_value((1, 2.0), (1, 2.5)) is not None
    assert same_value(np.arange(3.0), np.arange(3.0)) is None
    assert same_value(np.arange(3.0), np.arange(3)) is not None  # dtype
    assert same_value(np.zeros(3), np.zeros((3, 1))) is not None  # shape
    assert same_value(np.array([np.nan]), np.array([np.nan])) is None
    assert same_value(np.float32(1.5), 1.5) is None


def test_copy_keeps_layout_and_flags():
    a = np.arange(24.0).reshape(4, 6)[::2, 1::2]
    c = copy_arg(a)
    assert c.strides == a.strides and not np.shares_memory(a, c) and np.array_equal(a, c)
    assert types.typeof(c) is types.typeof(a)
    f = np.asfortranarray(np.arange(6.0).reshape(2, 3))
    assert types.typeof(copy_arg(f)) is types.typeof(f)
    r = np.arange(3)
    r.flags.writeable = False
    assert not copy_arg(r).flags.writeable
    n = np.arange(10.0)[::-2]
    assert np.array_equal(copy_arg(n), n) and copy_arg(n).strides == n.strides
    t = copy_arg((a, 1))
    assert t[1] == 1 and t[0] is not a


def test_assert_same_passes_and_fails(fake_compiler):
    def add(x, y):
        return x + y

    assert assert_same(add, 1.0, 2.5) == 3.5
    assert assert_same(njit(add), 1.0, 2.5) == 3.5

    def add_wrong(x, y):
        return x - y

    # the fake compiler compiles any add* as x + y, so compare against a Python x - y
    d2 = njit(add_wrong)
    with pytest.raises(pytest.fail.Exception, match="expected -1.5, got 3.5"):
        assert_same(_with_py(d2, lambda x, y: x - y), 1.0, 2.5)


def _with_py(d, pyfunc):
    class Pair:
        py_func = staticmethod(pyfunc)

        def __call__(self, *a):
            return d(*a)

    return Pair()


def test_assert_same_compares_exceptions(fake_compiler):
    def add_raise(x, y):
        raise ZeroDivisionError("no")

    with pytest.raises(pytest.fail.Exception, match="CPython raised ZeroDivisionError"):
        assert_same(_with_py(njit(add_raise), add_raise), 1.0, 2.0)
