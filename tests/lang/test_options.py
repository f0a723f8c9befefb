"""Options: fastmath, error_model, nogil, inline, locals; explicit signatures; inspect_types."""
import threading

import pytest

from numjit import njit
from tests.conftest import assert_same


def dot3(a, b, c):
    return a * b + c


def test_fastmath_true_sets_flags():
    g = njit(fastmath=True)(dot3)
    assert g(2.0, 3.0, 1.0) == 7.0
    ir = g.inspect_llvm()
    text = ir if isinstance(ir, str) else "\n".join(ir.values())
    assert "fast" in text or "contract" in text


def test_fastmath_flag_set():
    g = njit(fastmath={"nsz", "arcp"})(dot3)
    assert g(2.0, 3.0, 1.0) == 7.0


def test_nogil_releases_the_gil():
    def spin(n):
        s = 0.0
        for i in range(n):
            s += i * 0.5
        return s
    g = njit(nogil=True)(spin)
    results = []
    ts = [threading.Thread(target=lambda: results.append(g(100000))) for _ in range(4)]
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    assert results == [spin(100000)] * 4


def test_inline_always():
    @njit(inline="always")
    def helper(x):
        return x + 1

    def f(x):
        return helper(x) * 2
    assert_same(f, 3)


def test_locals_declares_types():
    def f(x):
        y = x + 1
        return y
    from numjit import types
    g = njit(locals={"y": types.float32})(f)
    got = g(3)
    assert got == 4.0 and isinstance(got, float)


def test_explicit_signature():
    def mul(a, b):
        return a * b
    g = njit("float64(float64, int64)")(mul)
    assert g(1.5, 2) == 3.0
    h = njit("float32(float64, int64)")(mul)
    assert h(1.5, 2) == 3.0


def test_inspect_types_lists_variable_types():
    def f(x, n):
        acc = 0.0
        for i in range(n):
            acc += x * i
        return acc
    g = njit(f)
    g(1.5, 3)
    text = g.inspect_types() if isinstance(g.inspect_types(), str) else None
    if text is None:
        import io
        import contextlib
        buf = io.StringIO()
        with contextlib.redirect_stdout(buf):
            g.inspect_types()
        text = buf.getvalue()
    assert "acc: float64" in text
    assert "x: float64" in text and "n: int64" in text
