"""The benchmark kernels stay correct: each plain-Python kernel at a tiny size against
its NumPy version (or, where it has none, against an independent computation).

No JIT and no timing here: this runs in numjit's own environment (no Numba needed).
"""
import os
import sys
import zlib

import numpy as np
import pytest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "bench"))

import kernels as K  # noqa: E402
from kernels import loops, overhead  # noqa: E402

WITH_NUMPY = [k for k in K.KERNELS + K.PARALLEL if k.np_fn is not None]


@pytest.mark.parametrize("k", WITH_NUMPY, ids=lambda k: k.name)
def test_kernel_matches_numpy(k):
    args = K.args_for(k, k.tiny, seed=1)
    assert K.same(k.fn(*args), k.np_fn(*args), k.rtol, k.atol)


@pytest.mark.parametrize("k", K.KERNELS + K.PARALLEL, ids=lambda k: k.name)
def test_kernel_runs_and_is_pure(k):
    args = K.args_for(k, k.tiny, seed=2)
    before = [a.copy() if isinstance(a, np.ndarray) else a for a in args]
    first = k.fn(*args)
    for a, b in zip(args, before):
        if isinstance(a, np.ndarray):
            assert np.array_equal(a, b), "the kernel modified its argument"
    assert K.same(k.fn(*args), first, 0, 0)


def _edit_ref(a, b):
    prev = list(range(len(b) + 1))
    for i, x in enumerate(a, 1):
        cur = [i]
        for j, y in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (x != y)))
        prev = cur
    return prev[-1]


def test_kernels_without_numpy_version():
    rng = np.random.default_rng(3)
    data = rng.integers(0, 256, 300).astype(np.uint8)
    assert loops.crc32(data) == zlib.crc32(data.tobytes())
    a, b = rng.integers(0, 4, 30), rng.integers(0, 4, 25)
    assert loops.edit_distance(a, b) == _edit_ref(list(a), list(b))
    assert loops.edit_distance(np.array([1, 2, 3]), np.array([1, 3])) == 1
    w, v = np.array([1, 3, 4, 5]), np.array([1, 4, 5, 7])
    assert loops.knapsack(w, v, 7) == 9
    chains = {1: 0, 2: 1, 3: 7, 6: 8, 7: 16, 9: 19}
    assert loops.collatz_max(10) == max(chains.values())
    assert loops.sieve(100) == 25


def test_parallel_kernels_agree_with_serial():
    from kernels import parallel
    assert int(parallel.mandelbrot_rows(12, 30).sum()) == loops.mandelbrot(12, 30)
    X = np.random.default_rng(4).random((6, 3))
    assert np.allclose(parallel.pairwise_rows(X), loops.pairwise(X))


def test_overhead_functions():
    x = np.arange(3.0)
    assert overhead.two_floats(1.0, 2.0) == 3.0
    assert overhead.one_array(x) == 0.0
    assert overhead.three_arrays(x, x, x) == 0.0
    assert overhead.new_array(x).shape == (3,)


def test_same():
    assert K.same(np.float64(1.0), 1.0)
    assert K.same(np.int64(3), 3)
    assert not K.same(np.zeros(3), np.zeros(4))
    assert not K.same(1.0, 1.1)
    assert K.same(np.array([np.nan]), np.array([np.nan]))


def _c_kernels():
    import shutil
    if shutil.which("gcc") is None:
        return None
    import cbuild
    return cbuild.load()


@pytest.mark.parametrize("k", [k for k in K.KERNELS if k.c], ids=lambda k: k.name)
def test_c_twin_matches(k):
    """The C versions (bench/c/kernels.c) agree with the Python kernels at the tiny size."""
    global _C
    if "_C" not in globals():
        _C = _c_kernels()
    if _C is None:
        pytest.skip("no gcc")
    args = K.args_for(k, k.tiny, seed=5)
    assert K.same(_C[k.c](*args), k.fn(*args), k.rtol, k.atol)
