"""Arithmetic with Python semantics: each function runs under CPython and numjit."""
import pytest

from numjit import njit
from tests.conftest import assert_same

INTS = [(7, 3), (-7, 3), (7, -3), (-7, -3), (0, 5), (6, 3), (2**40, 3), (-(2**40), 7)]
FLOATS = [(7.5, 2.0), (-7.5, 2.0), (7.5, -2.0), (-0.0, 3.0), (1e300, 1e-300), (3.0, 0.5), (5.0, 3.0), (-5.0, 3.0)]


def add(a, b): return a + b
def sub(a, b): return a - b
def mul(a, b): return a * b
def div(a, b): return a / b
def floordiv(a, b): return a // b
def mod(a, b): return a % b
def band(a, b): return a & b
def bor(a, b): return a | b
def bxor(a, b): return a ^ b


@pytest.mark.parametrize("fn", [add, sub, mul, div, floordiv, mod, band, bor, bxor])
@pytest.mark.parametrize("a,b", INTS)
def test_int_ops(fn, a, b):
    assert_same(fn, a, b)


@pytest.mark.parametrize("fn", [add, sub, mul, div, floordiv, mod])
@pytest.mark.parametrize("a,b", FLOATS)
def test_float_ops(fn, a, b):
    assert_same(fn, a, b)


@pytest.mark.parametrize("fn", [add, sub, mul, div, floordiv, mod])
@pytest.mark.parametrize("a,b", [(7, 2.5), (-3, 0.25), (2.5, 7), (0.1, -3)])
def test_mixed_int_float(fn, a, b):
    assert_same(fn, a, b)


@pytest.mark.parametrize("a,b", [(2, 10), (-3, 3), (7, 0), (0, 0), (3, 30), (-1, 5), (10, 1)])
def test_int_pow(a, b):
    def f(a, b):
        return a ** b
    assert_same(f, a, b)


@pytest.mark.parametrize("a,b", [(2.0, 0.5), (2.5, 3.0), (-2.0, 3.0), (0.0, 0.0), (9.0, -0.5), (2.0, 10)])
def test_float_pow(a, b):
    def f(a, b):
        return a ** b
    assert_same(f, a, b)


def test_int_wraparound():
    def f(a):
        return a * a + a
    big = 2**62
    # int64 arithmetic wraps, as in Numba (CPython has big ints, so compare by hand)
    got = njit(f)(big)
    expected = (big * big + big + 2**63) % 2**64 - 2**63
    assert got == expected


@pytest.mark.parametrize("fn", [floordiv, div])
def test_int_division_by_zero_raises(fn):
    assert_same(fn, 5, 0, check_message=True)


def test_int_modulo_by_zero_raises():
    assert_same(mod, 5, 0)


@pytest.mark.parametrize("fn", [floordiv, mod, div])
def test_float_division_by_zero_raises(fn):
    assert_same(fn, 5.0, 0.0)


def test_error_model_numpy_gives_inf_nan():
    def f(a, b):
        return a / b
    g = njit(error_model="numpy")(f)
    assert g(1.0, 0.0) == float("inf")
    assert g(-1.0, 0.0) == float("-inf")
    r = g(0.0, 0.0)
    assert r != r


def test_error_model_numpy_int_floordiv_by_zero_is_zero():
    def f(a, b):
        return a // b
    assert njit(error_model="numpy")(f)(7, 0) == 0


@pytest.mark.parametrize("a", [5, -5, 0, 2**40])
def test_shifts(a):
    def f(a):
        return (a << 3) + (a >> 2) + (a >> 70) + (a << 65)
    got = njit(f)(a)
    assert got == ((a << 3) + (a >> 2) + (-1 if a < 0 else 0)) 


@pytest.mark.parametrize("a", [5, -5, 0, 3.5, -2.25, True])
def test_unary(a):
    def f(a):
        return -a, +a, not a
    assert_same(f, a)


@pytest.mark.parametrize("a", [5, -6, 0])
def test_invert(a):
    def f(a):
        return ~a
    assert_same(f, a)


def test_augmented_assignment():
    def f(x, y):
        a = x
        a += y
        a -= 1
        a *= 3
        a //= 2
        a %= 1000
        b = 1.5
        b += a
        b /= 2
        b **= 2
        return a, b
    assert_same(f, 17, 4)


def test_bool_arith():
    def f(a, b):
        return a + b, a * 3, a & b, a | b, a ^ b
    assert_same(f, True, False)
    assert_same(f, True, True)


def test_complex_arith():
    def f(a, b):
        return a + b, a - b, a * b, a / b, -a, a == b, a != b
    assert_same(f, 1 + 2j, 3 - 1j)
    assert_same(f, 1.5 + 0j, 2j)


def test_complex_pow():
    def f(a, b):
        return a ** b
    assert_same(f, 1 + 2j, 2 + 0j, rtol=1e-9)


def test_float32_arith():
    import numpy as np

    def f(a, b):
        return a * b + a
    got = njit(f)(np.float32(1.5), np.float32(2.0))
    assert got == 4.5


@pytest.mark.parametrize("x,n", [(1.5, 3), (2.0, -2), (-1.25, 5), (0.5, 0), (3.0, 1), (1.0000001, 1000), (0.999, 100000)])
def test_float_to_int_power(x, n):
    def f(x, n):
        return x ** n, x ** 2, x ** 3, x ** -1
    assert_same(f, x, n, rtol=1e-13)


def test_zero_float_to_negative_int_power_raises():
    def f(x, n):
        return x ** n
    assert_same(f, 0.0, -2)
