"""The math and cmath modules."""
import cmath
import math

import pytest

from tests.conftest import assert_same

UNARY = ["sqrt", "sin", "cos", "tan", "exp", "log", "log2", "log10", "fabs", "asin", "acos", "atan", "sinh",
         "cosh", "tanh", "asinh", "atanh", "expm1", "log1p", "erf", "erfc", "gamma", "lgamma", "degrees", "radians"]


@pytest.mark.parametrize("name", UNARY)
@pytest.mark.parametrize("x", [0.25, 0.75])
def test_math_unary(name, x):
    assert_same(_src(f"def f(x):\n    return math.{name}(x)\n"), x, rtol=1e-13)


_counter = [0]


def _src(code):
    """A function with real source text in a module file, so numjit can read it."""
    import importlib.util
    import os
    import tempfile
    _counter[0] += 1
    d = tempfile.mkdtemp()
    path = os.path.join(d, f"mathmod{_counter[0]}.py")
    with open(path, "w") as fh:
        fh.write("import math\nimport cmath\n" + code)
    spec = importlib.util.spec_from_file_location(f"mathmod{_counter[0]}", path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod.f


def test_math_int_argument():
    def f(n):
        return math.sqrt(n), math.floor(2.5), math.ceil(2.5), math.trunc(-2.5)
    assert_same(f, 16)


@pytest.mark.parametrize("x", [2.5, -2.5, 0.0])
def test_floor_ceil_trunc_return_ints(x):
    def f(x):
        return math.floor(x), math.ceil(x), math.trunc(x)
    assert_same(f, x)


def test_math_binary_and_constants():
    def f(x, y):
        return math.atan2(x, y), math.pow(x, y), math.copysign(x, -1.0), math.hypot(x, y), math.fmod(x, y), \
            math.log(x, 2), math.pi, math.e, math.tau, math.inf
    assert_same(f, 3.0, 2.0)


def test_isnan_isinf_isfinite():
    def f(x):
        return math.isnan(x), math.isinf(x), math.isfinite(x)
    assert_same(f, 1.0)
    assert_same(f, float("nan"))
    assert_same(f, float("-inf"))


def test_gcd():
    def f(a, b):
        return math.gcd(a, b)
    assert_same(f, 12, 18)
    assert_same(f, -12, 18)
    assert_same(f, 0, 5)


def test_from_import():
    from math import sqrt

    def f(x):
        return sqrt(x)
    assert_same(f, 2.0)


@pytest.mark.parametrize("z", [1 + 2j, -1 - 0.5j, 3 + 0j])
def test_cmath(z):
    def f(z):
        return cmath.exp(z), cmath.log(z), cmath.sqrt(z), cmath.phase(z), abs(z), cmath.polar(z), \
            cmath.rect(1.0, 0.5), cmath.isnan(z), cmath.isinf(z), cmath.isfinite(z)
    assert_same(f, z, rtol=1e-12)


@pytest.mark.parametrize("z", [0.5 + 0.25j, -1.5 + 2j])
def test_cmath_trig(z):
    def f(z):
        return cmath.sin(z), cmath.cos(z), cmath.tan(z), cmath.sinh(z), cmath.cosh(z), cmath.tanh(z), cmath.log10(z)
    assert_same(f, z, rtol=1e-12)


def test_methods():
    def f(z, x, n):
        return z.conjugate(), x.is_integer(), (x + 0.5).is_integer(), n.conjugate()
    assert_same(f, 1 - 2j, 3.0, 4)


def test_prange_runs_as_range():
    import numjit

    def f(n):
        s = 0
        for i in numjit.prange(n):
            s += i
        return s
    assert_same(f, 10)


def test_numpy_constants():
    import numpy as np

    def f(x):
        return np.pi * x, np.e, np.inf, x < np.inf, np.euler_gamma
    assert_same(f, 2.0)


def test_more_math():
    def f(x, n):
        return (math.isclose(x, x + 1e-10), math.isclose(x, x + 1e-3), math.isclose(x, x + 1e-3, rel_tol=1e-2),
                math.isclose(0.0, 1e-12, abs_tol=1e-9), math.factorial(n), math.isqrt(n * n + 3), math.ldexp(x, n),
                math.frexp(x), math.modf(-x), math.remainder(x, 1.0), math.nextafter(x, 10.0))
    assert_same(f, 2.75, 10)
    assert_same(f, -0.5, 0)


def test_isqrt_large_and_factorial_negative():
    def f(n):
        return math.isqrt(n)
    for n in [0, 1, 15, 16, 17, 2**52 + 1, 2**62 + 12345, 2**63 - 1]:
        assert_same(f, n)
    assert_same(f, -1)

    def g(n):
        return math.factorial(n)
    assert_same(g, -3)
