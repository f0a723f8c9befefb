"""f-strings in print() and computed exception messages: the output and messages are
Python's (each value is boxed and formatted by CPython's own format())."""
import pytest

from numjit import njit
from tests.conftest import assert_same


def test_print_fstrings(capsys):
    def f(x, n):
        print(f"x = {x}, n = {n}")
        print(f"{x:.3f}|{n:5d}|{n:<4}|{x!r}|{n:x}", n, "tail", f"{(n, x)}")
        print("plain", n)
        print(f"{[n, n + 1]} {x * 2:e}")
        return n
    f(2.5, 7)
    expected = capsys.readouterr().out
    njit(f)(2.5, 7)
    assert capsys.readouterr().out == expected


def test_raise_fstring_and_variable_message():
    def f(x, k):
        if k == 0:
            raise ValueError(f"bad x: {x:.2f} (k={k})")
        if k == 1:
            msg = "plain message"
            raise KeyError(msg)
        if k == 2:
            raise IndexError(x)
        return x
    for k in range(4):
        assert_same(f, 1.25, k, check_message=True)


def test_fstring_message_caught():
    def f(x):
        try:
            raise ValueError(f"x={x}")
        except ValueError:
            x += 1
        return x
    assert_same(f, 3)


def test_fstring_elsewhere_is_a_clear_error():
    from tests.conftest import assert_compile_error

    def f(x):
        s = f"{x}"
        return len(s)
    assert_compile_error(f, 1, match="f-strings are supported only")
