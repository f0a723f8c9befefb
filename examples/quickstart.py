"""numjit quickstart: the seed examples, compiled, checked against plain Python, and timed.

Run with `make demo`. Each example is an ordinary Python function; `njit(fn)` compiles
it on the first call for the argument types it sees. Where numjit cannot compile an
example yet, the demo says so plainly and goes on.
"""
import math
import time

import numpy as np

import numjit
from numjit import njit, prange


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


def harmonic(n):
    s = 0.0
    for k in range(1, n + 1):
        s += 1.0 / k
    return s


def best_of(fn, *args, repeat=5):
    best = math.inf
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn(*args)
        best = min(best, time.perf_counter() - t0)
    return best


def show(title, fn, args, py_args=None, **opts):
    py_args = args if py_args is None else py_args
    print(f"\n{title}")
    try:
        jitted = njit(**opts)(fn)
        t0 = time.perf_counter()
        got = jitted(*args)
        first = time.perf_counter() - t0
    except Exception as exc:  # the demo reports what does not compile yet
        first_line = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        print(f"  numjit cannot compile this yet: {type(exc).__name__}: {first_line}")
        return
    want = fn(*args)
    ok = math.isclose(float(got), float(want), rel_tol=1e-9, abs_tol=1e-9)
    t_py = best_of(fn, *py_args, repeat=1)
    t_nj = best_of(jitted, *args)
    scale = 1.0
    if py_args is not args:
        scale = len(args[0]) / len(py_args[0]) if hasattr(args[0], "__len__") else 1.0
    print(f"  result {got!r} (plain Python: {want!r}) {'matches' if ok else 'DIFFERS'}")
    print(f"  first call (compile included): {first * 1e3:8.1f} ms")
    print(f"  plain Python: {t_py * scale * 1e3:10.2f} ms   numjit: {t_nj * 1e3:8.3f} ms   "
          f"speed-up: {t_py * scale / t_nj:7.0f}x")


def main():
    print(f"numjit {numjit.__version__}")
    rng = np.random.default_rng(0)
    x = rng.random(1_000_000)
    small = x[:100_000]
    show("harmonic(10**6): a scalar loop", harmonic, (1_000_000,))
    show("sum_squared(x): loop over a 10**6 float array", sum_squared, (x,), (small,))
    show("sum_array(data): np.sum", sum_array, (x,), (small,))
    arr = np.arange(1_000_000)
    show("sum_loop(arr): for x in arr, ints", sum_loop, (arr,), (arr[:100_000],))
    show("sum_squares(data) with parallel=True and prange", sum_squares_parallel, (x,), (small,), parallel=True)


if __name__ == "__main__":
    main()
