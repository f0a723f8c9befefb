"""Code outside the subset or that does not type-check: TypingError / UnsupportedError with
file:line:col, the source line and a caret."""
import os

from numjit import errors
from tests.conftest import assert_compile_error

HERE = os.path.basename(__file__)


def test_type_error_has_position_and_caret():
    def f(x):
        return x + (1, 2)
    e = assert_compile_error(f, 1.0, exc=errors.TypingError, match=r"unsupported operand types for \+")
    text = str(e)
    assert f"{HERE}:" in text
    assert "return x + (1, 2)" in text
    assert "^" in text


def test_undefined_name():
    def f(x):
        return x + undefined_thing  # noqa: F821
    assert_compile_error(f, 1, match="name 'undefined_thing' is not defined")


def test_unsupported_construct():
    def f(x):
        return {x: x}
    assert_compile_error(f, 1, exc=errors.UnsupportedError, match="dicts are not supported")


def test_incompatible_branch_types():
    def f(x):
        if x > 0:
            r = 1
        else:
            r = (1, 2)
        return r
    assert_compile_error(f, 1, match="incompatible types")


def test_unknown_keyword():
    from numjit import njit

    @njit
    def g(a, b=1):
        return a + b

    def f(x):
        return g(x, c=2)
    assert_compile_error(f, 1, match="unexpected keyword argument 'c'")


def test_recursion_without_base_case():
    from numjit import njit

    @njit
    def r(n):
        return r(n - 1)
    assert_compile_error(r, 1, match="recursive")


def test_tuple_index_out_of_range():
    def f(x):
        t = (x, 2)
        return t[5]
    assert_compile_error(f, 1, match="out of range")


def test_heterogeneous_tuple_iteration():
    def f(x):
        s = 0
        for v in (x, 2.5):
            s += v
        return s
    assert_compile_error(f, 1, match="mixed types")


def test_try_finally_is_unsupported():
    def f(x):
        try:
            return 1 // x
        finally:
            x = 0
    assert_compile_error(f, 1, exc=errors.UnsupportedError, match="finally")


def test_unsupported_global():
    import collections
    d = collections.OrderedDict()

    def f(x):
        return d
    assert_compile_error(f, 1, exc=errors.UnsupportedError, match="OrderedDict")


def plain_helper(x):
    return x + 1


def test_calling_a_plain_python_function_says_to_decorate_it():
    def f(x):
        return plain_helper(x)
    assert_compile_error(f, 1, exc=errors.UnsupportedError, match="decorate it with @njit")


def test_recursive_inner_function_is_unsupported():
    def f(n):
        def g(k):
            if k == 0:
                return 0
            return k + g(k - 1)
        return g(n)
    assert_compile_error(f, 3, exc=errors.UnsupportedError, match="recursive inner functions")
