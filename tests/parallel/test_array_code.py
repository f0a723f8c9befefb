"""Array code in parallel=True functions (outside prange): broadcasting and strided
elementwise expressions, their reductions, reductions along an axis, and array creation
and fill run on the pool above a size threshold.

Differential: every kernel runs under CPython, compiled serially and compiled with
parallel=True, sizes below and above the threshold (32768 elements); float sums are
compared within the tolerance of reassociation, everything else exactly. The IR of the
parallel build is checked for a region per loop nest that should run on the pool.
"""
import re

import numpy as np
import pytest

import numjit
from numjit import njit
from numjit.testing import assert_same

REPEAT = 5
RNG = np.random.default_rng(7)


def run_all(fn, *args, rtol=1e-9):
    assert_same(fn, *args, rtol=rtol, jit_kwargs={"parallel": False})
    par = njit(parallel=True)(fn)
    for _ in range(REPEAT):
        assert_same(par, *args, rtol=rtol)
    return par


def chunk_functions(par):
    ir = "".join(par.inspect_llvm().values())
    return re.findall(r"define internal void @(nj\.par\.\w+)\.\d+", ir)


# -- broadcasting and strided elementwise expressions -----------------------------------------

def bc_row(a, b):
    return a + b[None, :] * 2.0


def bc_scalar_row(a, c):
    return a * 2.0 + c          # c: one row, broadcast down the rows


def bc_col(a, c):
    return np.sqrt(a) - c[:, None]


def bc_3d(x, y):
    return x * y + 1.0          # (p, q, r) with (q, 1)


def strided(a):
    return a[::2, ::3] * 3.0 - 1.0


def transposed(a, b):
    return a.T + b


def reversed_rows(a):
    return a[::-1] * a


def fortran(f):
    return f * 2.0 + 1.0        # an F-ordered argument


def inplace_broadcast(a, b):
    a += b[None, :]
    a *= 0.5
    return a


def int_strided(x):
    return x[:, 1::2] * 3 + 1


SHAPES = [(5, 7), (60, 50), (600, 500)]   # below and above the threshold


@pytest.mark.parametrize("shape", SHAPES)
def test_broadcasting_expressions(shape):
    m, n = shape
    a, b, c = RNG.random(shape), RNG.random(n), RNG.random(m)
    run_all(bc_row, a, b)
    run_all(bc_scalar_row, a, b)
    run_all(bc_col, a, c)
    run_all(inplace_broadcast, a.copy(), b)
    run_all(bc_3d, RNG.random((m, n, 3)), RNG.random((n, 1)))


@pytest.mark.parametrize("shape", SHAPES)
def test_strided_expressions(shape):
    a = RNG.random(shape)
    run_all(strided, a)
    run_all(transposed, a, RNG.random(shape[::-1]))
    run_all(reversed_rows, a)
    run_all(fortran, np.asfortranarray(a))
    run_all(int_strided, RNG.integers(-50, 50, shape))
    v = RNG.random(shape[0] * shape[1])
    run_all(lambda_1d_strided, v)


def lambda_1d_strided(v):
    return v[::3] * 2.0 + v[1::3]


# -- reductions of broadcasting and strided expressions ----------------------------------------

def red_general(a, b):
    return (np.sum(a.T * b[None, :]), np.sum(a[::2] * 2.0), np.prod(1.0 + a[:, ::2] * 1e-6),
            np.max(a.T - 1.0), np.min(a[::-1] + b[0]), (a.T > 0.999).any(), (a[::2] >= 0).all(),
            np.mean(a.T * 3.0))


def red_int(x):
    return np.sum(x[::2] * 3), np.max(x.T + 1), np.min(x[:, ::-1] - 1)


@pytest.mark.parametrize("shape", SHAPES)
def test_general_reductions(shape):
    a = RNG.random(shape)
    run_all(red_general, a, RNG.random(shape[0]))
    run_all(red_int, RNG.integers(-1000, 1000, shape))


# -- the big ones go to the pool --------------------------------------------------------------

@pytest.mark.parametrize("fn,args,kinds", [
    (bc_row, (np.ones((4, 4)), np.ones(4)), ["ew"]),
    (strided, (np.ones((4, 4)),), ["ew"]),
    (lambda_1d_strided, (np.ones(12),), ["ew"]),
    (red_int, (np.ones((4, 4), dtype=np.int64),), ["red"]),
])
def test_general_paths_go_to_the_pool(fn, args, kinds):
    par = njit(parallel=True)(fn)
    par(*args)
    found = chunk_functions(par)
    for k in kinds:
        assert f"nj.par.{k}" in found, found
    ser = njit(fn)
    ser(*args)
    assert chunk_functions(ser) == []


# -- reductions along an axis -----------------------------------------------------------------

def axis_sums(a):
    return a.sum(axis=0), np.sum(a, axis=1), a.mean(axis=0), np.mean(a, axis=-1)


def axis_minmax(a):
    return a.max(axis=0), np.min(a, axis=1), a.prod(axis=0), (a > 0.5).any(axis=1), (a > 0.01).all(axis=0)


def axis_3d(x):
    return x.sum(axis=0), x.sum(axis=1), x.sum(axis=2), x.max(axis=1), x.mean(axis=2)


def axis_ints(x):
    return x.sum(axis=0), x.sum(axis=1), x.max(axis=0), x.min(axis=1)


@pytest.mark.parametrize("shape", SHAPES + [(3, 40000), (40000, 3)])
def test_axis_reductions(shape):
    a = RNG.random(shape)
    run_all(axis_sums, a)
    run_all(axis_minmax, a)
    run_all(axis_sums, a.T)                      # F layout
    run_all(axis_minmax, a[::2, ::-1])           # strided
    run_all(axis_ints, RNG.integers(-1000, 1000, shape))
    run_all(axis_3d, RNG.random((shape[0] // 2 + 1, 3, shape[1])))


def test_axis_reductions_go_to_the_pool():
    a = np.ones((4, 4))
    par = njit(parallel=True)(axis_sums)
    par(a)
    assert "nj.par.ew" in chunk_functions(par)
    par = njit(parallel=True)(axis_minmax)
    par(a.T)
    assert "nj.par.ew" in chunk_functions(par)


# -- creation and fill ------------------------------------------------------------------------

def creation(n):
    z = np.zeros((n, 3))
    if n > 0:
        z[n // 2, 2] = 5.0
    e = np.empty(n)
    e.fill(2.5)
    s = np.empty((n, 2))
    s[:] = 1.5
    s[::3, 1] = 7.0
    t = np.empty((3, n)).T        # an F-layout view
    t.fill(3.0)
    return (z, np.zeros(n, dtype=np.int32), np.ones((n, 2)), np.full(n, 7, dtype=np.int16), e, s, t,
            np.arange(n), np.arange(2.0, n, 0.5), np.arange(n, 0, -3), np.zeros_like(e), np.ones_like(s))


@pytest.mark.parametrize("n", [0, 1, 100, 40000, 300001])
def test_creation_and_fill(n):
    run_all(creation, n, rtol=0)


def test_creation_goes_to_the_pool():
    par = njit(parallel=True)(creation)
    par(10)
    found = chunk_functions(par)
    # zeros (memset), fill, [:] =, arange: each its own chunk function
    assert found.count("nj.par.ew") >= 6, found
