"""Small complete programs of the kind Numba users write, differential against CPython."""
from numjit import njit
from tests.conftest import assert_same

MODE = "fast"


def test_mandelbrot_point():
    def escape(cr, ci, max_iter):
        c = complex(cr, ci)
        z = 0j
        for n in range(max_iter):
            z = z * z + c
            if abs(z) > 2.0:
                return n
        return max_iter
    for cr, ci in [(-0.5, 0.5), (0.3, 0.6), (-1.0, 0.0), (1.0, 1.0)]:
        assert_same(escape, cr, ci, 200)


def test_newton_sqrt():
    def newton(a, tol=1e-14):
        x = a if a > 1 else 1.0
        while True:
            nx = 0.5 * (x + a / x)
            if abs(nx - x) < tol * nx:
                return nx
            x = nx
    assert_same(newton, 2.0)
    assert_same(newton, 1e10)


def test_count_primes():
    def count_primes(n):
        count = 0
        for k in range(2, n):
            is_prime = True
            d = 2
            while d * d <= k:
                if k % d == 0:
                    is_prime = False
                    break
                d += 1
            if is_prime:
                count += 1
        return count
    assert_same(count_primes, 2000)


def test_integrate_with_inner_function():
    def integrate(a, b, n):
        h = (b - a) / n

        def g(x):
            return x * x * h
        s = 0.0
        for i in range(n):
            s += g(a + (i + 0.5) * h)
        return s
    assert_same(integrate, 0.0, 3.0, 1000)


def test_string_global_and_len():
    def f(x):
        if MODE == "fast":
            return x * 2, len(MODE), MODE != "slow"
        return x, 0, False
    assert_same(f, 4)


@njit
def _step(state):
    a, b = state
    return b, a + b


def test_tuple_state_through_calls():
    def fib_tuple(n):
        s = (0, 1)
        for _ in range(n):
            s = _step(s)
        return s[0]
    assert_same(fib_tuple, 50)


def test_early_return_in_nested_loops():
    def find(n, target):
        for i in range(n):
            for j in range(i, n):
                if i * j == target:
                    return i, j
        return -1, -1
    assert_same(find, 50, 221)
    assert_same(find, 5, 1000)
