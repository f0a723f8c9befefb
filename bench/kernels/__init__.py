"""The benchmark kernels and how to feed them.

Every kernel is an ordinary Python function (seeds.py, loops.py, arrays.py,
parallel.py). A `Kernel` record says which suite it belongs to, how to build its
arguments for a size, the sizes used by `--quick` and `--full` (and the smaller size
at which plain CPython runs), how the work grows with the size (to scale the CPython
time), its NumPy version and its C version where they exist, the tolerance used when
results are compared, and the jit options (parallel=True for prange kernels).

The runner checks every contender against the plain-Python result at the CPython size
before it times anything; tests/test_bench_kernels.py runs the same checks at tiny sizes.
"""
import math
from dataclasses import dataclass, field
from typing import Callable, Optional

import numpy as np

from . import arrays, loops, parallel, seeds


@dataclass
class Kernel:
    name: str
    suite: str                      # "seed", "loop", "array" or "parallel"
    fn: Callable                    # the plain-Python kernel: the one every JIT compiles
    make: Callable                  # make(size, rng) -> tuple of arguments
    quick: int                      # size for --quick
    full: int                       # size for --full
    py_quick: int                   # size at which CPython runs (and all results are checked)
    py_full: int
    tiny: int                       # size for the unit test
    work: Callable = lambda n: float(n)   # work units at size n, to scale CPython's time
    np_fn: Optional[Callable] = None      # vectorised NumPy version
    c: Optional[str] = None               # name of the C version in bench/c/kernels.c
    rtol: float = 1e-9
    atol: float = 1e-12
    options: dict = field(default_factory=dict)
    vectorised: bool = False              # the kernel itself is NumPy code: it is the NumPy contender
    label: Callable = lambda n: f"n={n:,}"

    def __post_init__(self):
        if self.suite == "array":
            self.vectorised = True

    def size(self, mode):
        return self.quick if mode == "quick" else self.full

    def py_size(self, mode):
        return self.py_quick if mode == "quick" else self.py_full


def _rand(n, rng):
    return (rng.random(n),)


def _rand2d(n, rng):
    return (rng.random((n, n)),)


def _bs(n, rng):
    S = rng.uniform(50.0, 150.0, n)
    K = rng.uniform(50.0, 150.0, n)
    T = rng.uniform(0.1, 2.0, n)
    return S, K, T, 0.03, 0.25


def _nbody(n, rng):
    return rng.standard_normal((n, 3)), 0.1 * rng.standard_normal((n, 3)), rng.uniform(0.5, 1.5, n), 10, 1e-3


def _stencil2d(n, rng):
    u = np.zeros((n, n))
    u[0, :] = 1.0
    u[:, 0] = rng.random(n)
    return u, 10


def _stencil3d(n, rng):
    u = np.zeros((n, n, n))
    u[0, :, :] = 1.0
    u[:, :, 0] = rng.random((n, n))
    return u, 5


def _edit(n, rng):
    return rng.integers(0, 4, n).astype(np.int64), rng.integers(0, 4, n + n // 7).astype(np.int64)


def _knap(n, rng):
    return rng.integers(1, 50, n).astype(np.int64), rng.integers(1, 100, n).astype(np.int64), 10 * n


def _sq(n):
    return float(n) * n


def _cube(n):
    return float(n) ** 3


KERNELS = [
    # ---- the seed examples
    Kernel("sum_squared", "seed", seeds.sum_squared, _rand, 1_000_000, 10_000_000, 100_000, 1_000_000, 50,
           np_fn=seeds.np_sum_squared, c="sum_squared", rtol=1e-10),
    Kernel("sum_array (np.sum)", "seed", seeds.sum_array, _rand, 1_000_000, 10_000_000, 1000, 1000, 50,
           rtol=1e-10, vectorised=True),
    Kernel("sum_loop (for x in arr, int64)", "seed", seeds.sum_loop, lambda n, rng: (np.arange(n),),
           1_000_000, 10_000_000, 100_000, 1_000_000, 50, np_fn=seeds.np_sum_loop, c="sum_int64"),
    Kernel("sum_squares (prange)", "seed", seeds.sum_squares_parallel, _rand, 1_000_000, 10_000_000,
           100_000, 1_000_000, 50, np_fn=seeds.np_sum_squares, c="sum_squared", rtol=1e-10,
           options={"parallel": True}),
    # ---- loop-heavy kernels; scalar-only ones first
    Kernel("mandelbrot", "loop", loops.mandelbrot, lambda n, rng: (n, 100), 200, 500, 120, 250, 12,
           work=_sq, np_fn=loops.np_mandelbrot, c="mandelbrot", label=lambda n: f"{n}x{n}, 100 iter"),
    Kernel("leibniz_pi", "loop", loops.leibniz_pi, lambda n, rng: (n,), 2_000_000, 20_000_000, 500_000,
           2_000_000, 100, np_fn=loops.np_leibniz_pi, c="leibniz_pi", rtol=1e-10),
    Kernel("collatz_max", "loop", loops.collatz_max, lambda n, rng: (n,), 100_000, 1_000_000, 10_000, 30_000,
           100, work=lambda n: n * math.log(n), c="collatz_max"),
    Kernel("primes_trial", "loop", loops.primes_trial, lambda n, rng: (n,), 100_000, 500_000, 20_000, 50_000, 100,
           work=lambda n: n ** 1.5 / math.log(n), c="primes_trial"),
    Kernel("gcd_sum", "loop", loops.gcd_sum, lambda n, rng: (n,), 400, 1000, 120, 200, 20, work=_sq,
           np_fn=loops.np_gcd_sum, c="gcd_sum", label=lambda n: f"{n}x{n} pairs"),
    Kernel("trapezoid_sin", "loop", loops.trapezoid_sin, lambda n, rng: (n,), 1_000_000, 10_000_000, 100_000,
           1_000_000, 100, np_fn=loops.np_trapezoid_sin, c="trapezoid_sin", rtol=1e-10),
    Kernel("nbody", "loop", loops.nbody, _nbody, 150, 400, 50, 100, 5, work=_sq, np_fn=loops.np_nbody,
           c="nbody", rtol=1e-8, label=lambda n: f"{n} bodies, 10 steps"),
    Kernel("black_scholes", "loop", loops.black_scholes, _bs, 200_000, 2_000_000, 20_000, 100_000, 20,
           np_fn=loops.np_black_scholes, c="black_scholes", rtol=1e-9, atol=1e-9),
    Kernel("stencil1d", "loop", loops.stencil1d, lambda n, rng: (rng.random(n), 20), 100_000, 1_000_000,
           5_000, 20_000, 20, np_fn=loops.np_stencil1d, c="stencil1d", label=lambda n: f"n={n:,}, 20 steps"),
    Kernel("stencil2d", "loop", loops.stencil2d, _stencil2d, 300, 1000, 70, 150, 8, work=_sq,
           np_fn=loops.np_stencil2d, c="stencil2d", label=lambda n: f"{n}x{n}, 10 steps"),
    Kernel("stencil3d", "loop", loops.stencil3d, _stencil3d, 60, 128, 20, 32, 6, work=_cube,
           np_fn=loops.np_stencil3d, c="stencil3d", label=lambda n: f"{n}^3, 5 steps"),
    Kernel("pairwise", "loop", loops.pairwise, lambda n, rng: (rng.random((n, 3)),), 500, 1500, 200, 400, 7,
           work=_sq, np_fn=loops.np_pairwise, c="pairwise", label=lambda n: f"{n} points in 3-D"),
    Kernel("edit_distance", "loop", loops.edit_distance, _edit, 1000, 3000, 250, 500, 9, work=_sq,
           c="edit_distance", label=lambda n: f"{n} x {n + n // 7}"),
    Kernel("knapsack", "loop", loops.knapsack, _knap, 300, 1000, 150, 300, 6, work=_sq, c="knapsack",
           label=lambda n: f"{n} items, capacity {10 * n}"),
    Kernel("histogram", "loop", loops.histogram, lambda n, rng: (rng.random(n), 64), 1_000_000, 10_000_000,
           100_000, 500_000, 100, np_fn=loops.np_histogram, c="histogram", label=lambda n: f"n={n:,}, 64 bins"),
    Kernel("crc32", "loop", loops.crc32, lambda n, rng: (rng.integers(0, 256, n).astype(np.uint8),),
           200_000, 2_000_000, 30_000, 100_000, 40, c="crc32", label=lambda n: f"{n:,} bytes"),
    Kernel("sieve", "loop", loops.sieve, lambda n, rng: (n,), 2_000_000, 20_000_000, 300_000, 2_000_000,
           100, np_fn=loops.np_sieve, c="sieve"),
    Kernel("matmul", "loop", loops.matmul, lambda n, rng: (rng.random((n, n)), rng.random((n, n))), 150, 400,
           50, 80, 5, work=_cube, np_fn=loops.np_matmul, c="matmul", rtol=1e-10, label=lambda n: f"{n}x{n}"),
    Kernel("cumsum", "loop", loops.cumsum, _rand, 1_000_000, 10_000_000, 300_000, 2_000_000, 50,
           np_fn=loops.np_cumsum, c="cumsum", rtol=1e-10),
    Kernel("insertion_sort", "loop", loops.insertion_sort, _rand, 3000, 10_000, 1000, 2000, 30, work=_sq,
           np_fn=loops.np_insertion_sort, c="insertion_sort"),
    # ---- whole-array kernels (NumPy is the function itself)
    Kernel("softmax", "array", arrays.softmax, _rand, 1_000_000, 10_000_000, 1000, 1000, 50, rtol=1e-10),
    Kernel("normalise", "array", arrays.normalise, _rand, 1_000_000, 10_000_000, 1000, 1000, 50, rtol=1e-8,
           atol=1e-9),
    Kernel("axpy_chain", "array", arrays.axpy_chain, lambda n, rng: (1.5,) + tuple(rng.random((3, n))),
           1_000_000, 10_000_000, 1000, 1000, 50, c="axpy_chain"),
    Kernel("slice_stencil1d", "array", arrays.slice_stencil1d, _rand, 1_000_000, 10_000_000, 1000, 1000, 50,
           c="slice_stencil1d"),
    Kernel("slice_stencil2d", "array", arrays.slice_stencil2d, _rand2d, 1000, 3000, 40, 40, 6,
           label=lambda n: f"{n}x{n}"),
    Kernel("col_sums (axis=0)", "array", arrays.col_sums, _rand2d, 1000, 3000, 40, 40, 6, rtol=1e-10,
           label=lambda n: f"{n}x{n}"),
    Kernel("row_sums (axis=1)", "array", arrays.row_sums, _rand2d, 1000, 3000, 40, 40, 6, rtol=1e-10,
           label=lambda n: f"{n}x{n}"),
    Kernel("leaky_relu (np.where)", "array", arrays.leaky_relu,
           lambda n, rng: (rng.standard_normal(n),), 1_000_000, 10_000_000, 1000, 1000, 50),
    Kernel("l2_distance", "array", arrays.l2_distance, lambda n, rng: tuple(rng.random((2, n))), 1_000_000,
           10_000_000, 1000, 1000, 50, rtol=1e-10),
    Kernel("value_range (max-min)", "array", arrays.value_range, _rand, 1_000_000, 10_000_000, 1000, 1000, 50),
]

PARALLEL = [
    Kernel("sum_squares_big (prange)", "parallel", seeds.sum_squares_parallel, _rand, 4_000_000, 20_000_000,
           1000, 1000, 50, rtol=1e-10, options={"parallel": True}),
    Kernel("mandelbrot_rows (prange)", "parallel", parallel.mandelbrot_rows, lambda n, rng: (n, 100), 300, 800,
           30, 30, 10, options={"parallel": True}, label=lambda n: f"{n}x{n}, 100 iter"),
    Kernel("pairwise_rows (prange)", "parallel", parallel.pairwise_rows, lambda n, rng: (rng.random((n, 3)),),
           800, 2000, 30, 30, 7, options={"parallel": True}, label=lambda n: f"{n} points in 3-D"),
    # array code in parallel=True functions (bench/kernels/parallel.py)
    Kernel("broadcast_expr (array code)", "parallel", parallel.broadcast_expr, lambda n, rng: (rng.random((n, 1000)), rng.random(1000)),
           2000, 8000, 20, 20, 4, options={"parallel": True}, label=lambda n: f"{n}x1000 with 1000"),
    Kernel("strided_reduce (array code)", "parallel", parallel.strided_reduce, lambda n, rng: (rng.random((n, 1000)),),
           2000, 8000, 20, 20, 4, rtol=1e-10, options={"parallel": True}, label=lambda n: f"{n}x1000"),
    Kernel("axis_sums (array code)", "parallel", parallel.axis_sums, lambda n, rng: (rng.random((n, 1000)),),
           2000, 8000, 20, 20, 4, rtol=1e-10, options={"parallel": True}, label=lambda n: f"{n}x1000"),
]


def by_name(name):
    for k in KERNELS + PARALLEL:
        if k.name == name:
            return k
    raise KeyError(name)


def args_for(kernel, size, seed=0):
    """The arguments of `kernel` at `size`, the same on every call (fixed seed)."""
    return kernel.make(size, np.random.default_rng(seed))


def same(got, want, rtol=1e-9, atol=1e-12):
    """True when `got` matches `want`: same shape, values within rtol/atol, NaNs alike.

    Scalars of any numeric type compare by value (Numba may return np.float64 where
    CPython returns float); arrays must also agree in shape.
    """
    if isinstance(want, tuple):
        return isinstance(got, tuple) and len(got) == len(want) and all(
            same(g, w, rtol, atol) for g, w in zip(got, want))
    try:
        g = np.asarray(got)
        w = np.asarray(want)
    except Exception:
        return False
    if g.shape != w.shape or g.dtype.kind in "OUS" or w.dtype.kind in "OUS":
        return False
    if w.dtype.kind in "iub" and g.dtype.kind in "iub":
        return bool(np.array_equal(g, w))
    return bool(np.allclose(g.astype(np.float64), w.astype(np.float64), rtol=rtol, atol=atol, equal_nan=True))
