"""Arguments of every scalar type, NumPy scalars included, and what comes back."""
import numpy as np
import pytest

from numjit import njit
from tests.conftest import assert_same


@pytest.mark.parametrize("v", [np.int8(3), np.int16(-300), np.int32(-5), np.int64(7), np.uint8(200), np.uint16(7),
                               np.uint32(4000000000), np.float32(1.5), np.float64(2.5), np.complex64(1 + 2j),
                               np.complex128(3 - 1j), np.bool_(True)])
def test_numpy_scalar_arguments(v):
    def f(x):
        return x
    got = njit(f)(v)
    assert got == v


def test_narrow_int_arithmetic_promotes_to_int64():
    def f(a, b):
        return a + b, a * b
    got = njit(f)(np.int8(100), np.int8(100))
    assert got == (200, 10000)


def test_float32_stays_float32_precision():
    def f(a):
        return a + a
    got = njit(f)(np.float32(0.1))
    assert got == float(np.float32(0.1) + np.float32(0.1))


def test_none_argument():
    def f(x):
        return x is None
    assert_same(f, None)


def test_optional_argument_both_ways():
    def f(x, flag):
        y = None
        if flag:
            y = x
        return y
    assert_same(f, 3, True)
    assert_same(f, 3, False)


def test_wrong_argument_count_is_typeerror():
    g = njit(lambda_free_add)
    with pytest.raises(TypeError):
        g(1.0)


def lambda_free_add(a, b):
    return a + b


def test_bool_result_is_python_bool():
    def f(a, b):
        return a < b
    assert_same(f, 1, 2)
