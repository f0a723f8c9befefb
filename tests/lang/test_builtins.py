"""The builtins abs min max round int float bool complex divmod pow len print."""
import pytest

from tests.conftest import assert_same


@pytest.mark.parametrize("x", [-3, 0, 4, -2.5, 0.0, -0.0, 3 - 4j, True])
def test_abs(x):
    def f(x):
        return abs(x)
    assert_same(f, x)


@pytest.mark.parametrize("a,b", [(1, 2), (2, 1), (1.5, 2), (2, 1.5), (3, 3), (-1.0, -1)])
def test_min_max(a, b):
    def f(a, b):
        return min(a, b), max(a, b), min(a, b, 0), max(b, a, 10)
    assert_same(f, a, b, check_type=False)


@pytest.mark.parametrize("x", [0.5, 1.5, 2.5, -0.5, -1.5, 2.675, 3.7, -3.7, 7])
def test_round(x):
    def f(x):
        return round(x)
    assert_same(f, x)


@pytest.mark.parametrize("x", [2.675, 1.23456, -7.5])
def test_round_ndigits(x):
    def f(x):
        return round(x, 2), round(x, 0)
    assert_same(f, x)


@pytest.mark.parametrize("x", [3.9, -3.9, 0.0, 7, True])
def test_int_float_bool(x):
    def f(x):
        return int(x), float(x), bool(x)
    assert_same(f, x)


def test_complex_ctor():
    def f(a, b):
        return complex(a, b), complex(a), complex(a, b).real, complex(a, b).imag
    assert_same(f, 1.5, 2)


@pytest.mark.parametrize("a,b", [(7, 2), (-7, 2), (7, -2), (7.5, 2), (-7.5, 2.0)])
def test_divmod(a, b):
    def f(a, b):
        return divmod(a, b)
    assert_same(f, a, b)


@pytest.mark.parametrize("a,b", [(2, 10), (2.0, 0.5), (3, 3)])
def test_pow(a, b):
    def f(a, b):
        return pow(a, b)
    assert_same(f, a, b)


def test_pow_mod():
    def f(a, b, m):
        return pow(a, b, m)
    assert_same(f, 3, 200, 13)
    assert_same(f, -3, 5, 7)


def test_print(capsys):
    def f(a, b):
        print("a is", a, "and b is", b, True, None)
        print(a + b)
        print((a, b))
        return 0
    from numjit import njit
    njit(f)(3, 2.5)
    jit_out = capsys.readouterr().out
    f(3, 2.5)
    py_out = capsys.readouterr().out
    assert jit_out == py_out


def test_print_formats_like_python(capsys):
    def f(a, z, t):
        print(a, z, t, -0.0, 1e100, 0.1 + 0.2, 2j, (1,), None, 7 > 3)
        return 0
    from numjit import njit
    njit(f)(2.5, 1 - 3j, (1, 2.5))
    jit_out = capsys.readouterr().out
    f(2.5, 1 - 3j, (1, 2.5))
    assert jit_out == capsys.readouterr().out


def test_print_under_nogil(capsys):
    def f(x):
        print("x =", x)
        return x
    from numjit import njit
    njit(nogil=True)(f)(3)
    assert capsys.readouterr().out == "x = 3\n"


def test_float_of_constant_string():
    def f(x):
        best = float("inf")
        worst = float("-inf")
        for v in (x, 3.0, -2.0):
            best = min(best, v)
            worst = max(worst, v)
        return best, worst, float("1.5e2"), float(" 2_5 "), float("nan") != float("nan")
    assert_same(f, 1.0)


def test_sum_any_all():
    def f(a, b, n):
        t = (a, b, 3)
        return sum(t), sum(t, 0.5), sum(range(n)), sum(range(n, -7, -3), 10), any((0, a)), all((a, b, 0)), \
            any((0, 0.0)), all((1, 2.5))
    assert_same(f, 2, 4, 20)
    assert_same(f, 0, 1.5, 0)
