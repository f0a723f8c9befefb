"""Methods of NumPy scalars and 0-d results, as Numba allows them (`.item()`, `.real`,
`.imag`, `.conjugate()` of numbers; `(z * 2).item()` where `z * 2` of a 0-d array is a
number), and `a.reshape(())` / `np.reshape(a, ())`, differentially against NumPy."""
import numpy as np
import pytest

from numjit import TypingError
from numjit.testing import assert_compile_error, assert_same


def item_of(x):
    return x.item()


def expr_item(z):
    return (z * 2).item(), (z + 1).real, (z - 1).imag, np.sqrt(z * z).item()


def number_methods(x):
    return x.item(), x.real, x.imag, x.conjugate()


def reshape0(a):
    return a.reshape(())


def reshape0_np(a):
    return np.reshape(a, ())


def reshape0_use(a):
    z = a.reshape(())
    return z * 2, z.item(), z.reshape(1), z.shape, z.ndim


SCALARS = [np.float64(2.5), np.float32(-1.25), np.int64(7), np.int32(-3), np.uint8(200),
           np.complex128(1 - 2j), np.complex64(0.5 + 3j)]


@pytest.mark.parametrize("x", SCALARS, ids=lambda x: type(x).__name__)
def test_numpy_scalar_methods(x):
    assert_same(number_methods, x)
    assert_same(item_of, x)


def test_bool_scalar_item():
    assert_same(item_of, np.bool_(True))


@pytest.mark.parametrize("dt", [np.float64, np.float32, np.int64, np.int16, np.complex128])
def test_zero_dim_expression_item(dt):
    assert_same(expr_item, np.array(3, dtype=dt))
    assert_same(item_of, np.array(3, dtype=dt) * 1)


def test_reshape_to_zero_dim():
    for a in (np.array([4.0]), np.array([[5]], dtype=np.int32), np.arange(6.0)[2:3],
              np.arange(6.0)[::4][1:], np.asfortranarray(np.ones((1, 1))), np.array(2.5), np.array([1 + 1j])):
        assert_same(reshape0, a)
        assert_same(reshape0_np, a)
        assert_same(reshape0_use, a)
    ro = np.array([3.0])
    ro.flags.writeable = False
    assert_same(reshape0, ro)
    # not one element: NumPy's ValueError
    assert_same(reshape0, np.arange(3.0))
    assert_same(reshape0_np, np.zeros((0,)))


def test_reshape_to_zero_dim_is_a_view():
    def write_through(a):
        z = a.reshape(())
        b = z.reshape(1)
        b[0] = 9.0
        return a

    assert_same(write_through, np.array([[1.0]]))


def test_unsupported_number_methods():
    def sum_of_number(x):
        return (x * 2).sum()

    # as Numba: numbers have item/real/imag/conjugate, not the array methods
    assert_compile_error(sum_of_number, np.float64(1.0), exc=TypingError, match="no attribute 'sum'")
