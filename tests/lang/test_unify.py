"""Variables whose types unify across branches: int and float → float; None and T → Optional[T]."""
import pytest

from numjit import njit
from tests.conftest import assert_same


@pytest.mark.parametrize("x", [-1, 1])
def test_int_and_float_unify_to_float(x):
    def f(x):
        if x > 0:
            r = 1
        else:
            r = 2.5
        return r
    got = assert_same(f, x, check_type=False)
    assert isinstance(got, float)


def test_loop_carried_promotion():
    def f(n):
        s = 0
        for i in range(n):
            s += i / 2
        return s
    assert_same(f, 7)


@pytest.mark.parametrize("x", [-1, 1])
def test_optional_return(x):
    def f(x):
        if x > 0:
            return x * 2
        return None
    assert_same(f, x)


def test_optional_variable():
    def f(x):
        best = None
        for i in range(x):
            if best is None or i * i % 7 > best:
                best = i * i % 7
        return best
    assert_same(f, 10)
    assert_same(f, 0)


def test_return_types_unify():
    def f(x):
        if x > 0:
            return 1
        return 0.5
    got = njit(f)(1)
    assert got == 1.0 and isinstance(got, float)


def test_bool_and_int_unify():
    def f(x):
        r = True
        if x > 0:
            r = 5
        return r
    assert_same(f, 1)
