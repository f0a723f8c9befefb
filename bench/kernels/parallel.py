"""prange kernels for the parallel-scaling suite (1 thread against 2).

`prange` is plain `range` here; the runner hands each JIT a copy of the function whose
`prange` is that JIT's own, compiled with parallel=True.
"""
import math

import numpy as np

prange = range


def mandelbrot_rows(size, max_iter):
    """Mandelbrot as in loops.mandelbrot, one parallel iteration per grid row."""
    rows = np.zeros(size, dtype=np.int64)
    for j in prange(size):
        ci = -1.5 + 3.0 * j / size
        total = 0
        for i in range(size):
            cr = -2.0 + 3.0 * i / size
            zr = 0.0
            zi = 0.0
            k = 0
            while k < max_iter and zr * zr + zi * zi <= 4.0:
                t = zr * zr - zi * zi + cr
                zi = 2.0 * zr * zi + ci
                zr = t
                k += 1
            total += k
        rows[j] = total
    return rows


def pairwise_rows(X):
    """Distance matrix, one parallel iteration per row."""
    n = X.shape[0]
    d = X.shape[1]
    D = np.empty((n, n))
    for i in prange(n):
        for j in range(n):
            s = 0.0
            for k in range(d):
                t = X[i, k] - X[j, k]
                s += t * t
            D[i, j] = math.sqrt(s)
    return D


# Array code in parallel=True functions (no prange): both compilers may run it on their pools.

def broadcast_expr(a, b):
    """A fused elementwise expression with a broadcast row (a 2-D with a 1-D)."""
    return np.sqrt(a) * b + 1.0


def strided_reduce(a):
    """The reduction of an expression over strided views (every other column)."""
    return np.sum(a[:, ::2] * a[:, 1::2])


def axis_sums(a):
    """Reductions along each axis of a C-ordered matrix."""
    return a.sum(axis=0), a.sum(axis=1)
