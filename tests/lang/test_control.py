"""if/elif/else, while and for-range with else, break and continue."""
import pytest

from tests.conftest import assert_same


@pytest.mark.parametrize("x", [-5, 0, 5, 50])
def test_if_elif_else(x):
    def f(x):
        if x < 0:
            r = -1
        elif x == 0:
            r = 0
        elif x < 10:
            r = 1
        else:
            r = 2
        return r
    assert_same(f, x)


@pytest.mark.parametrize("n", [0, 1, 10])
def test_while(n):
    def f(n):
        i = 0
        s = 0
        while i < n:
            s += i * i
            i += 1
        return s
    assert_same(f, n)


@pytest.mark.parametrize("n", [0, 5, 20])
def test_while_else_and_break(n):
    def f(n):
        i = 0
        while i < n:
            if i == 7:
                break
            i += 1
        else:
            return -i
        return i
    assert_same(f, n)


@pytest.mark.parametrize("args", [(10,), (2, 10), (2, 10, 3), (10, 2, -1), (10, 2, -3), (5, 5), (0, 10, 100), (-5, 5, 2)])
def test_for_range(args):
    def f1(a):
        s = 0
        for i in range(a):
            s = s * 3 + i
        return s

    def f2(a, b):
        s = 0
        for i in range(a, b):
            s = s * 3 + i
        return s

    def f3(a, b, c):
        s = 0
        for i in range(a, b, c):
            s = s * 3 + i
        return s
    fn = {1: f1, 2: f2, 3: f3}[len(args)]
    assert_same(fn, *args)


def test_range_step_zero_raises():
    def f(n):
        s = 0
        for i in range(0, n, 0):
            s += i
        return s
    assert_same(f, 5)


@pytest.mark.parametrize("n", [3, 10])
def test_for_else(n):
    def f(n):
        for i in range(n):
            if i == 5:
                break
        else:
            return -1
        return i
    assert_same(f, n)


def test_continue_and_nested_loops():
    def f(n):
        total = 0
        for i in range(n):
            if i % 2 == 0:
                continue
            j = 0
            while True:
                j += 1
                if j > i:
                    break
                total += i * j
        return total
    assert_same(f, 12)


def test_loop_variable_after_loop():
    def f(n):
        i = -1
        for i in range(n):
            pass
        return i
    assert_same(f, 4)
    assert_same(f, 0)


def test_collatz():
    def f(n):
        steps = 0
        while n != 1:
            if n % 2 == 0:
                n //= 2
            else:
                n = 3 * n + 1
            steps += 1
        return steps
    assert_same(f, 27)


def test_len_range():
    def f(a, b, c):
        return len(range(a, b, c)), len(range(b))
    assert_same(f, 1, 20, 3)
    assert_same(f, 20, 1, -4)
    assert_same(f, 5, 1, 1)


def test_range_near_int64_limits_terminates():
    def f(a, b, c):
        n = 0
        last = 0
        for i in range(a, b, c):
            n += 1
            last = i
        return n, last
    big = 2**63 - 1
    assert_same(f, 0, big, 2**62)
    assert_same(f, big - 3, big, 1)
    assert_same(f, -big, -big - 1, -1)
