"""try/except with specific classes, tuples of classes, subclasses (LookupError catches
IndexError), `except E as e` (e is the message: print(e), str(e)), unmatched exceptions
propagating, re-raise to an outer try, and `finally` on both paths."""
import pytest

from numjit import njit
from tests.conftest import assert_same, assert_compile_error


@njit
def risky(k):
    if k == 1:
        raise ValueError("bad value")
    if k == 2:
        raise IndexError("bad index")
    if k == 3:
        raise ZeroDivisionError("zero")
    return k * 10


def test_specific_classes():
    def f(k):
        try:
            r = risky(k)
        except ValueError:
            r = -1
        except (IndexError, KeyError):
            r = -2
        except ArithmeticError:
            r = -3
        return r
    for k in range(5):
        assert_same(f, k)


def test_unmatched_propagates():
    def f(k):
        try:
            r = risky(k)
        except ValueError:
            r = -1
        return r
    assert_same(f, 1)
    assert_same(f, 2)
    assert_same(f, 4)


def test_nested_reraise_and_lookup():
    def f(k):
        out = 0
        try:
            try:
                out = risky(k)
            except ValueError:
                out = -1
        except LookupError:
            out = -2
        except Exception:
            out = -9
        return out
    for k in range(5):
        assert_same(f, k)


def test_as_name_message():
    def f(k):
        try:
            risky(k)
        except (ValueError, IndexError) as e:
            return str(e)
        return "ok"
    for k in (0, 1, 2):
        assert_same(f, k)


def test_finally_both_paths():
    def f(k):
        log = 0
        try:
            try:
                log += risky(k)
            except ValueError:
                log += 1
            finally:
                log += 100
        except Exception:
            log += 1000
        return log
    for k in range(5):
        assert_same(f, k)


def test_finally_reraises():
    def f(k):
        n = 0
        try:
            n = risky(k)
        finally:
            n += 1
        return n
    assert_same(f, 0)
    assert_same(f, 1)


def test_raise_in_handler_goes_out():
    def f(k):
        try:
            risky(k)
        except ValueError:
            raise KeyError("from handler")
        return 0
    assert_same(f, 1)
    assert_same(f, 0)


def test_errors():
    def ret_in_finally(k):
        try:
            return risky(k)
        finally:
            k += 1
        return k
    assert_compile_error(ret_in_finally, 1, match="return.*finally")

    def not_a_class(k):
        try:
            risky(k)
        except k:
            pass
        return 0
    assert_compile_error(not_a_class, 1, match="except clause")


def test_catch_list_and_array_index_errors():
    import numpy as np

    def f(i):
        lst = [1, 2, 3]
        a = np.ones(3)
        r = 0.0
        try:
            r += lst[i]
        except IndexError as e:
            r = -1.0
            print(e)
        try:
            r += a[i]
        except IndexError:
            r -= 100.0
        return r
    assert_same(f, 1, jit_kwargs={"boundscheck": True})
    assert_same(f, 7, jit_kwargs={"boundscheck": True})
