"""Comparisons, chains, and/or/not with value semantics, conditional expressions."""
import pytest

from tests.conftest import assert_same


@pytest.mark.parametrize("a,b", [(1, 2), (2, 1), (2, 2), (1.5, 2), (2, 1.5), (-0.0, 0.0), (float("nan"), 1.0)])
def test_comparisons(a, b):
    def f(a, b):
        return a < b, a <= b, a > b, a >= b, a == b, a != b
    assert_same(f, a, b)


@pytest.mark.parametrize("a,b,c", [(1, 2, 3), (1, 3, 2), (3, 2, 1), (1, 1, 1), (0.5, 1, 1.5)])
def test_chained_comparisons(a, b, c):
    def f(a, b, c):
        return a < b < c, a <= b <= c, a < b > c, a == b == c, a != b != c
    assert_same(f, a, b, c)


@pytest.mark.parametrize("a,b", [(0, 5), (3, 5), (0, 0), (3, 0)])
def test_and_or_value_semantics_ints(a, b):
    def f(a, b):
        return a and b, a or b, not a, (a and b) or 7
    assert_same(f, a, b)


@pytest.mark.parametrize("a,b", [(0, 2.5), (3, 2.5), (0, 0.0)])
def test_and_or_mixed_types_unify_to_float(a, b):
    def f(a, b):
        return a or b
    assert_same(f, a, b, check_type=False)


def test_and_or_short_circuit():
    def f(x):
        # the division must not run when x == 0
        return x != 0 and 10 // x > 2
    assert_same(f, 0)
    assert_same(f, 3)
    assert_same(f, 5)


@pytest.mark.parametrize("x", [-2, 0, 2])
def test_conditional_expression(x):
    def f(x):
        return 1.5 if x > 0 else (0 if x == 0 else -1)
    assert_same(f, x, check_type=False)


@pytest.mark.parametrize("x", [0, 0.0, 1, -1.5, True, False, 1j, 0j])
def test_truthiness(x):
    def f(x):
        if x:
            return 1
        return 0
    assert_same(f, x)


def test_is_none():
    def f(x):
        y = None
        if x > 0:
            y = x
        if y is None:
            return -1
        return y * 2
    assert_same(f, 3)
    assert_same(f, -3)


def test_in_tuple():
    def f(x):
        return x in (1, 2, 3), x not in (4, 5)
    assert_same(f, 2)
    assert_same(f, 4)
