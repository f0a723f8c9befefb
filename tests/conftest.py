"""Shared test helpers for every suite under tests/.

The differential oracle lives in numjit/testing.py so that any test file can import it
(`from numjit.testing import assert_same, assert_compile_error`); this conftest also
offers it as fixtures of the same names:

    def test_add(assert_same):
        assert_same(lambda_free_function, 1, 2.5)

`assert_same(fn, *args)` runs `fn` under CPython and under `numjit.njit` on independent
copies of the arguments (arrays keep their layout) and checks the same outcome: the same
exception type, or results of the same kind (ints/bools exact; floats and complex within
rtol=1e-12 with nan == nan; tuples elementwise; arrays by shape, dtype and values) and
the same in-place mutations of array arguments. Pass a dispatcher to test options
(`assert_same(njit(fastmath=True)(f), x)`) or `jit_kwargs={...}`.
`assert_compile_error(fn, *args, exc=..., match=...)` checks a compile-time error.
"""
import pytest

from numjit.testing import assert_compile_error as _assert_compile_error
from numjit.testing import assert_same as _assert_same
from numjit.testing import copy_arg, same_value  # noqa: F401 - re-exported

assert_same = _assert_same
assert_compile_error = _assert_compile_error


@pytest.fixture(name="assert_same")
def assert_same_fixture():
    return _assert_same


@pytest.fixture(name="assert_compile_error")
def assert_compile_error_fixture():
    return _assert_compile_error
