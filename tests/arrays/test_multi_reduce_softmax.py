"""softmax-shaped code: np.exp of float64 arrays (arrays/exprs.ts `expF64`, a call-free
exp so that the loop vectorises) and the reductions around it, differentially against
NumPy: special values, the edges of overflow and underflow (subnormal results), NaN,
strided and 2-D operands, scalars; within two units in the last place of NumPy."""
import math

import numpy as np
import pytest

import numjit
from numjit.testing import assert_same


def softmax(x):
    e = np.exp(x - np.max(x))
    return e / np.sum(e)


def exp_of(x):
    return np.exp(x)


def exp_expr(x, y):
    return np.exp(x * 0.5 + y), np.sum(np.exp(-x)), np.max(np.exp(x) - 1.0)


def exp_scalar(v):
    return np.exp(v), np.exp(v * 2.0)


SPECIAL = np.array([0.0, -0.0, 1.0, -1.0, 0.5, 1e-300, -1e-300, 5e-324, 0.34657359027997264, -0.34657359027997264,
                    709.78, 709.782712893384, 709.7827128933841, 709.79, 710.0, 1000.0, -708.39, -708.3964185322641,
                    -720.0, -744.4, -745.13, -745.1332191019411, -745.14, -746.0, -1000.0, np.inf, -np.inf, np.nan])


def libm_exp(v):
    try:
        return math.exp(v)
    except OverflowError:
        return math.inf


def within_ulps(got, want, n=2):
    got, want = np.asarray(got, dtype=np.float64), np.asarray(want, dtype=np.float64)
    assert got.shape == want.shape and got.dtype == want.dtype
    same_nan = np.isnan(got) == np.isnan(want)
    assert same_nan.all()
    ok = ~np.isnan(want)
    g, w = got[ok], want[ok]
    assert ((g == w) | (np.abs(g.view(np.int64) - w.view(np.int64)) <= n)).all(), (g[g != w][:5], w[g != w][:5])


def test_special_values():
    within_ulps(numjit.njit(exp_of)(SPECIAL), np.exp(SPECIAL))
    # the result type and shape, and values, as NumPy's
    assert_same(exp_of, SPECIAL[:10], rtol=5e-16)


@pytest.mark.parametrize("lo, hi", [(-1.0, 1.0), (-40.0, 40.0), (-760.0, 720.0), (-746.0, -700.0), (700.0, 710.0)])
def test_ranges(lo, hi):
    x = np.random.default_rng(int(abs(lo))).uniform(lo, hi, 100_003)
    with np.errstate(over="ignore"):
        want = np.exp(x)
    within_ulps(numjit.njit(exp_of)(x), want)
    within_ulps(numjit.njit(exp_of)(x), [libm_exp(v) for v in x])


def test_layouts_and_fusion():
    rng = np.random.default_rng(9)
    a = rng.standard_normal((40, 30)) * 5
    for x in [a, a[::2, 1::3], a.T, a[3]]:
        within_ulps(numjit.njit(exp_of)(x), np.exp(x))
    x, y = rng.standard_normal(1001), rng.standard_normal(1001)
    assert_same(exp_expr, x, y, rtol=1e-14)
    assert_same(softmax, rng.random(10_001) * 30, rtol=1e-14)
    assert_same(softmax, np.array([1.0, np.nan, 2.0]))
    assert_same(softmax, np.array([-np.inf, 0.0, 1.0]), rtol=1e-15)


def test_float32_and_scalars():
    x = np.linspace(-20, 20, 101).astype(np.float32)
    assert_same(exp_of, x, rtol=1e-6)
    for v in [0.0, 1.0, -3.5, 709.0, 800.0, -800.0, float("nan")]:
        assert_same(exp_scalar, v, rtol=5e-16)
