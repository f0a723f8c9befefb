"""Builds bench/c/kernels.c into bench/build/libkernels.so and wraps each C kernel.

`load()` returns {name: callable} where each callable takes the same arguments as the
Python kernel of that name, allocates the outputs, and calls the C function through
ctypes with the arrays' data pointers. The allocation is timed with the call, as it is
for the Python kernels, which allocate their results too. `load()` raises RuntimeError
when gcc is missing or the build fails; the runner then reports C as not available.
"""
import ctypes
import os
import shutil
import subprocess

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
SRC = os.path.join(HERE, "c", "kernels.c")
BUILD = os.path.join(HERE, "build")
LIB = os.path.join(BUILD, "libkernels.so")
FLAGS = ["-O3", "-march=native", "-ffp-contract=off", "-shared", "-fPIC"]

i64 = ctypes.c_int64
f64 = ctypes.c_double
P = ctypes.c_void_p


def build():
    """Compile the library unless it is newer than its source; return the gcc command line."""
    cc = shutil.which("gcc")
    if cc is None:
        raise RuntimeError("gcc not found")
    os.makedirs(BUILD, exist_ok=True)
    if not os.path.exists(LIB) or os.path.getmtime(LIB) < os.path.getmtime(SRC):
        tmp = f"{LIB}.{os.getpid()}.tmp"  # then renamed: a concurrent build never sees half a file
        res = subprocess.run([cc, *FLAGS, "-o", tmp, SRC, "-lm"], capture_output=True, text=True)
        if res.returncode != 0:
            raise RuntimeError("gcc failed: " + (res.stderr.strip().splitlines() or ["?"])[0])
        os.replace(tmp, LIB)
    return " ".join(["gcc", *FLAGS])


def _p(a):
    return a.ctypes.data


def _c(a, dtype=np.float64):
    return np.ascontiguousarray(a, dtype=dtype)


def load():
    build()
    lib = ctypes.CDLL(LIB)

    def fn(name, restype, *argtypes):
        f = getattr(lib, name)
        f.restype = restype
        f.argtypes = list(argtypes)
        return f

    c_sumsq = fn("sum_squared", f64, P, i64)
    c_sumi = fn("sum_int64", i64, P, i64)
    c_mandel = fn("mandelbrot", i64, i64, i64)
    c_leib = fn("leibniz_pi", f64, i64)
    c_collatz = fn("collatz_max", i64, i64)
    c_primes = fn("primes_trial", i64, i64)
    c_gcd = fn("gcd_sum", i64, i64)
    c_trap = fn("trapezoid_sin", f64, i64)
    c_nbody = fn("nbody", f64, P, P, P, i64, i64, f64)
    c_bs = fn("black_scholes", None, P, P, P, f64, f64, P, i64)
    c_st1 = fn("stencil1d", None, P, P, i64, i64)
    c_st2 = fn("stencil2d", None, P, P, i64, i64, i64)
    c_st3 = fn("stencil3d", None, P, P, i64, i64, i64, i64)
    c_pair = fn("pairwise", None, P, P, i64, i64)
    c_edit = fn("edit_distance", i64, P, i64, P, i64)
    c_knap = fn("knapsack", i64, P, P, i64, i64)
    c_hist = fn("histogram", None, P, i64, P, i64)
    c_crc = fn("crc32", i64, P, i64)
    c_sieve = fn("sieve", i64, i64)
    c_mm = fn("matmul", None, P, P, P, i64, i64, i64)
    c_cum = fn("cumsum", None, P, P, i64)
    c_ins = fn("insertion_sort", None, P, P, i64)
    c_axpy = fn("axpy_chain", None, f64, P, P, P, P, i64)
    c_sl1 = fn("slice_stencil1d", None, P, P, i64)

    def sum_squared(x):
        x = _c(x)
        return c_sumsq(_p(x), x.shape[0])

    def sum_int64(x):
        x = _c(x, np.int64)
        return c_sumi(_p(x), x.shape[0])

    def nbody(pos, vel, mass, steps, dt):
        pos, vel, mass = _c(pos), _c(vel), _c(mass)
        return c_nbody(_p(pos), _p(vel), _p(mass), pos.shape[0], steps, dt)

    def black_scholes(S, K, T, r, v):
        S, K, T = _c(S), _c(K), _c(T)
        out = np.empty(S.shape[0])
        c_bs(_p(S), _p(K), _p(T), r, v, _p(out), S.shape[0])
        return out

    def stencil1d(u0, steps):
        u = np.array(u0, dtype=np.float64)
        tmp = np.empty_like(u)
        c_st1(_p(u), _p(tmp), u.shape[0], steps)
        return u

    def stencil2d(u0, steps):
        u = np.array(u0, dtype=np.float64)
        tmp = np.empty_like(u)
        c_st2(_p(u), _p(tmp), u.shape[0], u.shape[1], steps)
        return u

    def stencil3d(u0, steps):
        u = np.array(u0, dtype=np.float64)
        tmp = np.empty_like(u)
        c_st3(_p(u), _p(tmp), u.shape[0], u.shape[1], u.shape[2], steps)
        return u

    def pairwise(X):
        X = _c(X)
        D = np.empty((X.shape[0], X.shape[0]))
        c_pair(_p(X), _p(D), X.shape[0], X.shape[1])
        return D

    def edit_distance(a, b):
        a, b = _c(a, np.int64), _c(b, np.int64)
        return c_edit(_p(a), a.shape[0], _p(b), b.shape[0])

    def knapsack(weights, values, capacity):
        w, v = _c(weights, np.int64), _c(values, np.int64)
        return c_knap(_p(w), _p(v), w.shape[0], capacity)

    def histogram(x, nbins):
        x = _c(x)
        counts = np.empty(nbins, dtype=np.int64)
        c_hist(_p(x), x.shape[0], _p(counts), nbins)
        return counts

    def crc32(data):
        data = _c(data, np.uint8)
        return c_crc(_p(data), data.shape[0])

    def matmul(A, B):
        A, B = _c(A), _c(B)
        C = np.empty((A.shape[0], B.shape[1]))
        c_mm(_p(A), _p(B), _p(C), A.shape[0], A.shape[1], B.shape[1])
        return C

    def cumsum(x):
        x = _c(x)
        out = np.empty_like(x)
        c_cum(_p(x), _p(out), x.shape[0])
        return out

    def insertion_sort(x):
        x = _c(x)
        out = np.empty_like(x)
        c_ins(_p(x), _p(out), x.shape[0])
        return out

    def axpy_chain(a, x, y, z):
        x, y, z = _c(x), _c(y), _c(z)
        out = np.empty_like(x)
        c_axpy(a, _p(x), _p(y), _p(z), _p(out), x.shape[0])
        return out

    def slice_stencil1d(u):
        u = _c(u)
        out = np.empty(u.shape[0] - 2)
        c_sl1(_p(u), _p(out), u.shape[0])
        return out

    return {
        "sum_squared": sum_squared,
        "sum_int64": sum_int64,
        "mandelbrot": lambda size, max_iter: c_mandel(size, max_iter),
        "leibniz_pi": lambda n: c_leib(n),
        "collatz_max": lambda n: c_collatz(n),
        "primes_trial": lambda n: c_primes(n),
        "gcd_sum": lambda n: c_gcd(n),
        "trapezoid_sin": lambda n: c_trap(n),
        "nbody": nbody,
        "black_scholes": black_scholes,
        "stencil1d": stencil1d,
        "stencil2d": stencil2d,
        "stencil3d": stencil3d,
        "pairwise": pairwise,
        "edit_distance": edit_distance,
        "knapsack": knapsack,
        "histogram": histogram,
        "crc32": crc32,
        "sieve": lambda n: c_sieve(n),
        "matmul": matmul,
        "cumsum": cumsum,
        "insertion_sort": insertion_sort,
        "axpy_chain": axpy_chain,
        "slice_stencil1d": slice_stencil1d,
    }
