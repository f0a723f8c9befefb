"""The four seed examples (shared/seeds/), written once as plain Python.

The benchmark runner applies numba.njit and numjit.njit to these very function objects.
`prange` is plain `range` here, so the module runs under CPython with no JIT installed;
the runner gives each JIT a copy of the function whose `prange` global is that JIT's own.
"""
import numpy as np

prange = range


def sum_squared(x):
    total = 0.0
    for i in range(x.shape[0]):
        total += x[i] * x[i]
    return total


def sum_array(arr):
    return np.sum(arr)


def sum_loop(arr):
    result = 0
    for x in arr:
        result += x
    return result


def sum_squares_parallel(arr):
    result = 0.0
    for i in prange(arr.shape[0]):
        result += arr[i] ** 2
    return result


# NumPy versions: the vectorised way to write each seed.

def np_sum_squared(x):
    return np.dot(x, x)


def np_sum_loop(arr):
    return np.sum(arr)


def np_sum_squares(arr):
    return np.sum(arr ** 2)
