"""lambda in compiled code: an inner function value, assigned and called, capturing
variables, passed to another jitted function, used in comprehensions."""
from numjit import njit
from tests.conftest import assert_same


@njit
def apply_twice(f, x):
    return f(f(x))


def test_assigned_and_called():
    def f(x):
        sq = lambda v: v * v  # noqa: E731
        add = lambda a, b=1: a + b  # noqa: E731
        return sq(x), add(x), add(x, 2.5), (lambda: 7)()
    assert_same(f, 3)
    assert_same(f, 1.5)


def test_captures():
    def f(x, k):
        scale = lambda v: v * k + x  # noqa: E731
        return scale(2.0)
    assert_same(f, 1.0, 3)


def test_passed_to_jitted_function():
    def f(x):
        return apply_twice(lambda v: v + 10, x)
    from numjit import njit as _nj
    got = _nj(f)(5)
    assert got == 25


def test_in_comprehension():
    def f(n):
        g = lambda i: i * 3 - 1  # noqa: E731
        return [g(i) for i in range(n)]
    assert_same(f, 5)
