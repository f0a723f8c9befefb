"""Whole-array kernels: NumPy expressions, the code Numba runs with temporaries.

Under CPython these *are* the NumPy contender. A compiler that fuses the expression into
one loop (no temporaries) can beat both NumPy and Numba here.
"""
import numpy as np


def softmax(x):
    e = np.exp(x - np.max(x))
    return e / np.sum(e)


def normalise(x):
    return (x - np.mean(x)) / np.std(x)


def axpy_chain(a, x, y, z):
    return a * (a * (a * x + y) + z) + x


def slice_stencil1d(u):
    return 0.25 * u[:-2] + 0.5 * u[1:-1] + 0.25 * u[2:]


def slice_stencil2d(u):
    return 0.25 * (u[:-2, 1:-1] + u[2:, 1:-1] + u[1:-1, :-2] + u[1:-1, 2:])


def col_sums(x):
    return np.sum(x, axis=0)


def row_sums(x):
    return np.sum(x, axis=1)


def leaky_relu(x):
    return np.where(x > 0.0, x, 0.01 * x)


def l2_distance(a, b):
    return np.sqrt(np.sum((a - b) ** 2))


def value_range(x):
    return np.max(x) - np.min(x)
