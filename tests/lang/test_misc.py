"""Odds and ends of the scalar language: walrus, annotated assignment, chained assignment,
multiple return shapes, globals shadowed by locals, integer edge values."""
import math

import pytest

from tests.conftest import assert_same


def test_walrus_and_annotated_assignment():
    def f(n):
        total: float = 0
        i = 0
        while (j := i * i) < n:
            total += j
            i += 1
        return total, j
    assert_same(f, 50)


def test_chained_assignment_and_swap_in_loop():
    def f(n):
        a = b = 1
        for _ in range(n):
            a, b = b, a + b
        return a, b
    assert_same(f, 30)


def test_local_shadows_builtin_and_global():
    def f(x):
        abs = 3  # noqa: F841 - shadows the builtin
        math = 2.0
        return x * abs + math
    assert_same(f, 4)


@pytest.mark.parametrize("x", [2**63 - 1, -2**63, 0, -1])
def test_int64_extremes_pass_through(x):
    def f(x):
        return x, -x if x != -2**63 else x, abs(x) if x != -2**63 else 0, x // 7, x % 7
    assert_same(f, x)


def test_floats_special_values():
    def f(x):
        return x + 1.0, x * 0.0, x > 0, x == x, math.isinf(x), max(x, 0.0), min(x, 0.0)
    assert_same(f, float("inf"))
    assert_same(f, float("-inf"))
    assert_same(f, float("nan"))


def test_loop_with_else_and_return_inside():
    def f(n, target):
        for i in range(n):
            if i * i == target:
                return i
        else:
            return -1
    assert_same(f, 10, 49)
    assert_same(f, 10, 50)


def test_deeply_nested_control_flow():
    def f(n):
        count = 0
        for i in range(n):
            j = 0
            while j < i:
                if (i + j) % 3 == 0:
                    j += 2
                    continue
                elif (i * j) % 5 == 1:
                    break
                count += i - j if i > j else j - i
                j += 1
            else:
                count -= 1
        return count
    assert_same(f, 25)


def test_optional_arithmetic_after_check():
    def f(n):
        v = None
        for i in range(n):
            if i % 4 == 3:
                v = i
        if v is not None:
            return v * 2 + 1
        return -1
    assert_same(f, 10)
    assert_same(f, 2)
