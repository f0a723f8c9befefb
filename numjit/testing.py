"""Test helpers: the differential oracle that numjit's feature tests use (tests/conftest.py
re-exports them; `from numjit.testing import assert_same` works from any test file).

`assert_same(pyfunc, *args)` runs `pyfunc` under plain CPython and under `numjit.njit`
on independent copies of the arguments, then checks that both gave the same answer:

- the same exception type (and, with `check_message=True`, the same message) when the
  Python function raises;
- results of the same kind (bool / int / float / complex / None / str / tuple / array),
  integers and booleans exactly, floats and complex numbers within `rtol`/`atol` with
  nan == nan and infinities by sign, tuples element by element, arrays by shape, dtype
  and values;
- the same in-place mutations of every array argument.

It returns the jitted result, so a test can check more. A plain function is jitted once
and the dispatcher reused across calls (globals are frozen at its first compile; pass
`njit(f)` yourself for a fresh one). Pass an already-jitted
dispatcher instead of a plain function to test its options (`assert_same(njit(
fastmath=True)(f), 1.0)`); `jit_kwargs={...}` builds one with those options.

`assert_compile_error(pyfunc, *args, exc=..., match=...)` checks that compiling fails
with a user-facing error of that class whose message matches.
"""
import ctypes
import math
import re

import numpy as np

__all__ = ["assert_same", "assert_compile_error", "copy_arg", "same_value"]


def _fail(msg):
    import pytest

    pytest.fail(msg, pytrace=False)


# ---------------------------------------------------------------------------
# copying arguments without changing their numjit type


def _copy_array(a):
    """A copy of `a` with the same shape, dtype, strides (so the same C/F/A layout) and
    writeable flag, over fresh memory. `a.copy()` would make strided views contiguous and
    so change the signature under test."""
    if a.size == 0 or a.flags.c_contiguous or a.flags.f_contiguous:
        out = a.copy(order="K")
        if out.strides != a.strides and a.size > 0:
            out = _copy_strided(a)
    else:
        out = _copy_strided(a)
    if not a.flags.writeable:
        out.flags.writeable = False
    return out


def _copy_strided(a):
    lo = sum(min(0, (n - 1) * s) for n, s in zip(a.shape, a.strides))
    hi = sum(max(0, (n - 1) * s) for n, s in zip(a.shape, a.strides)) + a.itemsize
    buf = np.empty(hi - lo, dtype=np.uint8)
    ctypes.memmove(buf.ctypes.data, a.ctypes.data + lo, hi - lo)
    return np.ndarray(a.shape, dtype=a.dtype, buffer=buf, offset=-lo, strides=a.strides)


def copy_arg(x):
    """Deep-copies arrays (keeping their layout) inside tuples and lists; leaves scalars."""
    if isinstance(x, np.ndarray):
        return _copy_array(x)
    if isinstance(x, tuple):
        return tuple(copy_arg(v) for v in x)
    if isinstance(x, list):
        return [copy_arg(v) for v in x]
    return x


# ---------------------------------------------------------------------------
# comparing values


def _kind(v):
    if v is None:
        return "none"
    if isinstance(v, (bool, np.bool_)):
        return "bool"
    if isinstance(v, (int, np.integer)):
        return "int"
    if isinstance(v, (float, np.floating)):
        return "float"
    if isinstance(v, (complex, np.complexfloating)):
        return "complex"
    if isinstance(v, str):
        return "str"
    if isinstance(v, tuple):
        return "tuple"
    if isinstance(v, list):
        return "list"
    if isinstance(v, np.ndarray):
        return "array"
    return type(v).__name__


def _close_float(a, b, rtol, atol):
    a, b = float(a), float(b)
    if math.isnan(a) or math.isnan(b):
        return math.isnan(a) and math.isnan(b)
    if math.isinf(a) or math.isinf(b):
        return a == b
    return abs(a - b) <= atol + rtol * abs(b)


def same_value(expected, got, rtol=1e-12, atol=0.0, check_type=True, path="result"):
    """Returns None when `got` matches `expected`, else a sentence saying where it differs."""
    ke, kg = _kind(expected), _kind(got)
    if check_type and ke != kg:
        return f"{path}: expected a {ke} ({expected!r}), got a {kg} ({got!r})"
    if ke in ("tuple", "list"):
        if len(expected) != len(got):
            return f"{path}: expected length {len(expected)}, got {len(got)}"
        for i, (e, g) in enumerate(zip(expected, got)):
            msg = same_value(e, g, rtol, atol, check_type, f"{path}[{i}]")
            if msg:
                return msg
        return None
    if ke == "array":
        got = np.asarray(got)
        if expected.shape != got.shape:
            return f"{path}: expected shape {expected.shape}, got {got.shape}"
        if check_type and expected.dtype != got.dtype:
            return f"{path}: expected dtype {expected.dtype}, got {got.dtype}"
        if expected.dtype.kind in "fc":
            ok = np.allclose(got, expected, rtol=rtol, atol=atol, equal_nan=True)
            # allclose treats inf == inf only with the same sign, which is what we want
        else:
            ok = np.array_equal(got, expected)
        if not ok:
            return f"{path}: arrays differ\nexpected: {expected!r}\ngot:      {got!r}"
        return None
    if ke == "float" or (not check_type and ke in ("int", "bool") and kg == "float"):
        if not _close_float(expected, got, rtol, atol):
            return f"{path}: expected {expected!r}, got {got!r}"
        return None
    if ke == "complex":
        e, g = complex(expected), complex(got)
        if not (_close_float(e.real, g.real, rtol, atol) and _close_float(e.imag, g.imag, rtol, atol)):
            return f"{path}: expected {expected!r}, got {got!r}"
        return None
    if expected != got:
        return f"{path}: expected {expected!r}, got {got!r}"
    return None


# ---------------------------------------------------------------------------
# the oracle


_jitted = {}  # id(python function) -> (function, dispatcher): one compile per function


def _split(fn, jit_kwargs):
    """(plain python function, jitted dispatcher) from a function or a dispatcher."""
    import numjit

    if hasattr(fn, "py_func"):
        if jit_kwargs:
            raise TypeError("pass either a dispatcher or jit_kwargs, not both")
        return fn.py_func, fn
    if jit_kwargs:
        return fn, numjit.njit(**jit_kwargs)(fn)
    hit = _jitted.get(id(fn))
    if hit is None or hit[0] is not fn:
        hit = _jitted[id(fn)] = (fn, numjit.njit(fn))
    return fn, hit[1]


def assert_same(fn, *args, rtol=1e-12, atol=0.0, check_type=True, check_message=False,
                jit_kwargs=None, kwargs=None):
    """Runs `fn(*args, **kwargs)` under CPython and numjit and asserts the same outcome.

    Returns the numjit result (or the exception it raised, when both raised)."""
    pyfunc, jitted = _split(fn, jit_kwargs)
    kwargs = kwargs or {}
    py_args, jit_args = copy_arg(args), copy_arg(args)
    py_kwargs, jit_kwargs_ = copy_arg(kwargs), copy_arg(kwargs)

    py_exc = jit_exc = None
    try:
        expected = pyfunc(*py_args, **py_kwargs)
    except Exception as e:  # noqa: BLE001 - any exception is an outcome to compare
        py_exc = e
    try:
        got = jitted(*jit_args, **jit_kwargs_)
    except Exception as e:  # noqa: BLE001
        from numjit import errors

        if isinstance(e, errors.NumjitError):
            raise  # a compile error is a test failure with its own message
        jit_exc = e

    name = getattr(pyfunc, "__qualname__", repr(pyfunc))
    if py_exc is not None:
        if jit_exc is None:
            _fail(f"{name}{args!r}: CPython raised {type(py_exc).__name__}({py_exc}), "
                        f"numjit returned {got!r}")
        if not isinstance(jit_exc, type(py_exc)):
            _fail(f"{name}{args!r}: CPython raised {type(py_exc).__name__}({py_exc}), "
                        f"numjit raised {type(jit_exc).__name__}({jit_exc})")
        if check_message and str(jit_exc) != str(py_exc):
            _fail(f"{name}{args!r}: messages differ: CPython {str(py_exc)!r}, "
                        f"numjit {str(jit_exc)!r}")
        return jit_exc
    if jit_exc is not None:
        raise AssertionError(f"{name}{args!r}: CPython returned {expected!r}, numjit raised "
                             f"{type(jit_exc).__name__}: {jit_exc}") from jit_exc

    msg = same_value(expected, got, rtol, atol, check_type)
    if msg:
        _fail(f"{name}{args!r}: {msg}")
    for i, (pa, ja) in enumerate(zip(py_args, jit_args)):
        msg = same_value(pa, ja, rtol, atol, check_type, f"argument {i} after the call")
        if msg:
            _fail(f"{name}{args!r}: {msg}")
    for k in py_kwargs:
        msg = same_value(py_kwargs[k], jit_kwargs_[k], rtol, atol, check_type, f"argument {k} after the call")
        if msg:
            _fail(f"{name}{args!r}: {msg}")
    return got


def assert_compile_error(fn, *args, exc=None, match=None, jit_kwargs=None):
    """Asserts that calling the jitted `fn(*args)` fails to compile with `exc` (default:
    numjit.errors.TypingError or UnsupportedError) and a message matching `match`.
    Returns the exception."""
    from numjit import errors

    _, jitted = _split(fn, jit_kwargs)
    exc = exc or (errors.TypingError, errors.UnsupportedError)
    import pytest

    with pytest.raises(exc) as info:
        jitted(*args)
    if match is not None:
        assert re.search(match, str(info.value)), f"{str(info.value)!r} does not match {match!r}"
    return info.value
