"""raise of built-in exceptions with a message, and assert."""
import pytest

from tests.conftest import assert_same


@pytest.mark.parametrize("x", [-1, 0, 5])
def test_raise_with_message(x):
    def f(x):
        if x < 0:
            raise ValueError("x must be non-negative")
        if x == 0:
            raise ZeroDivisionError
        return 10 // x
    assert_same(f, x, check_message=True)


@pytest.mark.parametrize("exc", ["IndexError", "KeyError", "TypeError", "RuntimeError", "OverflowError",
                                 "NotImplementedError", "AssertionError", "Exception"])
def test_each_exception_class(exc):
    import importlib.util
    import os
    import tempfile
    d = tempfile.mkdtemp()
    path = os.path.join(d, f"exc_{exc}.py")
    with open(path, "w") as fh:
        fh.write(f"def f(x):\n    if x > 0:\n        raise {exc}('boom')\n    return x\n")
    spec = importlib.util.spec_from_file_location(f"exc_{exc}", path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    assert_same(mod.f, 1, check_message=exc != "KeyError")
    assert_same(mod.f, 0)


@pytest.mark.parametrize("x", [1, -1])
def test_assert(x):
    def f(x):
        assert x > 0, "x must be positive"
        assert x < 100
        return x
    # pytest rewrites `assert` in test modules (its message differs), so compare types only
    e = assert_same(f, x)
    if x < 0:
        assert str(e) == "x must be positive"


def test_exception_from_callee_propagates():
    from numjit import njit

    @njit
    def inner(x):
        if x > 2:
            raise ValueError("too big")
        return x

    def f(n):
        s = 0
        for i in range(n):
            s += inner(i)
        return s
    assert_same(f, 2)
    assert_same(f, 5, check_message=True)


def test_raise_under_nogil():
    from numjit import njit

    def f(x):
        if x > 1:
            raise ValueError("x too large")
        return x * 2
    g = njit(nogil=True)(f)
    assert g(1) == 2
    import pytest
    with pytest.raises(ValueError, match="x too large"):
        g(5)


def test_zero_division_message_matches_python():
    def f(a, b):
        return a // b
    assert_same(f, 1, 0, check_message=True)
    assert_same(f, 1.0, 0.0, check_message=True)


@pytest.mark.parametrize("x", [0, 2, -1])
def test_try_except_catches_raise_and_runtime_errors(x):
    def f(x):
        r = 0
        try:
            if x < 0:
                raise ValueError("negative")
            r = 10 // x
        except Exception:
            r = -100
        else:
            r += 1
        return r
    assert_same(f, x)


def test_try_except_catches_errors_from_callees():
    from numjit import njit

    @njit
    def check(v):
        if v > 3:
            raise IndexError("too big")
        return v

    def f(n):
        total = 0
        for i in range(n):
            try:
                total += check(i)
            except:  # noqa: E722
                total += 100
        return total
    assert_same(f, 6)


def test_nested_try_and_reraise_to_outer():
    def f(x):
        try:
            try:
                y = 1.0 / x
            except Exception:
                raise ValueError("inner")
            return y
        except Exception:
            return -1.0
    assert_same(f, 0.0)
    assert_same(f, 4.0)


def test_specific_exception_class():
    # specific classes are caught since lists/exceptions landed (tests/lang/test_except_classes.py)
    def f(x):
        try:
            return 1 // x
        except ZeroDivisionError:
            return 0
    assert_same(f, 1)
    assert_same(f, 0)
