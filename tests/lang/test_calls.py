"""Calls between jitted functions, recursion, keywords and defaults, inner functions."""
from numjit import njit
from tests.conftest import assert_same


@njit
def square(x):
    return x * x


@njit
def fib(n):
    if n < 2:
        return n
    return fib(n - 1) + fib(n - 2)


@njit
def is_even(n):
    if n == 0:
        return True
    return is_odd(n - 1)


@njit
def is_odd(n):
    if n == 0:
        return False
    return is_even(n - 1)


@njit
def scaled(x, factor=2.0, *, offset=0):
    return x * factor + offset


def test_call_other_jitted_function():
    def f(x):
        return square(x) + square(x + 1.0)
    assert_same(f, 3)
    assert_same(f, 1.5)


def test_self_recursion():
    assert_same(fib, 15)


def test_recursion_return_type_from_base_case():
    @njit
    def fact(n):
        if n <= 1:
            return 1.0
        return n * fact(n - 1)
    assert_same(fact, 10)


def test_mutual_recursion():
    def f(n):
        return is_even(n), is_odd(n)
    assert_same(f, 7)
    assert_same(f, 10)


def test_keywords_and_defaults():
    def f(x):
        return scaled(x), scaled(x, 3.0), scaled(x, offset=1), scaled(factor=0.5, x=x, offset=2)
    assert_same(f, 4)


def test_root_keywords_and_defaults():
    def f(x, y=3, z=0.5):
        return x * y + z
    assert_same(f, 2)
    assert_same(f, 2, kwargs={"z": 1.5})


def test_inner_function_capturing():
    def f(x, n):
        k = x * 2

        def add_k(v, w=1):
            return v + k + w
        s = 0
        for i in range(n):
            s += add_k(i)
        return s + add_k(0, w=5)
    assert_same(f, 3, 4)
    assert_same(f, 1.5, 4)


def test_closure_over_python_cell():
    k = 10

    def f(x):
        return x + k
    assert_same(f, 5)


def test_call_with_int_and_float_specialisations():
    def f(a, b):
        return square(a), square(b)
    assert_same(f, 3, 2.5)


@njit
def total(first, *rest):
    s = first
    for v in rest:
        s += v
    return s, len(rest)


def test_star_args_from_jitted_code():
    def f(x):
        return total(x, 0), total(x, 1, 2, 3)
    assert_same(f, 10)


def test_star_args_at_the_root():
    def f(a, *more):
        return a + len(more)
    assert_same(f, 1, 2, 3)


def test_inner_function_sees_current_values():
    def f(x):
        k = 1

        def g(y):
            return y + k
        a = g(x)
        k = 10
        return a, g(x)
    assert_same(f, 5)


def test_nested_inner_functions():
    def f(x):
        def outer(y):
            def inner(z):
                return x + y + z
            return inner(1) * 2
        return outer(3)
    assert_same(f, 4)


@njit
def apply_twice(fn, x):
    return fn(fn(x))


def test_functions_as_arguments():
    def f(x):
        k = 3

        def add_k(v):
            return v + k
        return apply_twice(add_k, x), apply_twice(square, x)
    # (under CPython the dispatcher apply_twice refuses a plain function argument,
    # so compare with the known answer)
    assert njit(f)(2) == (8, 16)


@njit
def ackermann(m, n):
    if m == 0:
        return n + 1
    if n == 0:
        return ackermann(m - 1, 1)
    return ackermann(m - 1, ackermann(m, n - 1))


def test_deep_recursion_nested_calls():
    assert_same(ackermann, 2, 3)


@njit
def halve_until(x, n):
    if n == 0:
        return x
    return halve_until(x / 2, n - 1)


def test_recursion_whose_argument_type_changes():
    # halve_until(int, int) calls halve_until(float, int): two specialisations
    assert_same(halve_until, 8, 3)


def test_user_module_attributes():
    import importlib.util
    import os
    import sys
    import tempfile
    d = tempfile.mkdtemp()
    with open(os.path.join(d, "nj_user_helpers.py"), "w") as fh:
        fh.write("from numjit import njit\nN = 3\n\n\n@njit\ndef twice(x):\n    return 2.0 * x\n")
    sys.path.insert(0, d)
    try:
        import nj_user_helpers

        def f(x):
            return nj_user_helpers.twice(x) + nj_user_helpers.N
        assert_same(f, 1.5)
    finally:
        sys.path.remove(d)
