"""Loop-heavy kernels, written once as plain Python (the code a Numba user writes).

Each kernel is pure: it never modifies its arguments, so it can be called repeatedly on
the same inputs. `np_<name>` is the vectorised NumPy way to compute the same thing where
one exists. Scalar-only kernels (mandelbrot, leibniz_pi, collatz_max) come first: they
need no array support in the compiler.
"""
import math

import numpy as np


def mandelbrot(size, max_iter):
    """Total escape-iteration count over a size x size grid covering [-2, 1] x [-1.5, 1.5]."""
    total = 0
    for j in range(size):
        ci = -1.5 + 3.0 * j / size
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
    return total


def np_mandelbrot(size, max_iter):
    ci = -1.5 + 3.0 * np.arange(size) / size
    cr = -2.0 + 3.0 * np.arange(size) / size
    c_r = np.broadcast_to(cr[None, :], (size, size)).ravel()
    c_i = np.broadcast_to(ci[:, None], (size, size)).ravel()
    zr = np.zeros(size * size)
    zi = np.zeros(size * size)
    counts = np.zeros(size * size, dtype=np.int64)
    active = np.arange(size * size)
    for _ in range(max_iter):
        r, i = zr[active], zi[active]
        inside = r * r + i * i <= 4.0
        active = active[inside]
        if active.size == 0:
            break
        r, i = r[inside], i[inside]
        t = r * r - i * i + c_r[active]
        zi[active] = 2.0 * r * i + c_i[active]
        zr[active] = t
        counts[active] += 1
    return int(counts.sum())


def leibniz_pi(n):
    """pi from the first n terms of the Leibniz series."""
    s = 0.0
    sign = 1.0
    for k in range(n):
        s += sign / (2 * k + 1)
        sign = -sign
    return 4.0 * s


def np_leibniz_pi(n):
    k = np.arange(n)
    return 4.0 * np.sum(np.where(k % 2 == 0, 1.0, -1.0) / (2 * k + 1))


def collatz_max(n):
    """Longest Collatz chain (in steps) among the starting values 1 .. n-1."""
    best = 0
    for start in range(1, n):
        m = start
        steps = 0
        while m != 1:
            if m % 2 == 0:
                m = m // 2
            else:
                m = 3 * m + 1
            steps += 1
        if steps > best:
            best = steps
    return best


def primes_trial(n):
    """Number of primes below n by trial division (integer while loops)."""
    count = 0
    for m in range(2, n):
        d = 2
        prime = True
        while d * d <= m:
            if m % d == 0:
                prime = False
                break
            d += 1
        if prime:
            count += 1
    return count


def gcd_sum(n):
    """Sum of gcd(i, j) over 1 <= i, j < n, by Euclid's algorithm."""
    total = 0
    for i in range(1, n):
        for j in range(1, n):
            a = i
            b = j
            while b != 0:
                t = a % b
                a = b
                b = t
            total += a
    return total


def np_gcd_sum(n):
    k = np.arange(1, n)
    return int(np.gcd.outer(k, k).sum())


def trapezoid_sin(n):
    """Integral of sin(x) * exp(-x / 4) over [0, pi] by the trapezoid rule on n intervals."""
    h = math.pi / n
    s = 0.5 * (math.sin(0.0) + math.sin(math.pi) * math.exp(-math.pi / 4.0))
    for i in range(1, n):
        x = i * h
        s += math.sin(x) * math.exp(-x / 4.0)
    return s * h


def np_trapezoid_sin(n):
    x = np.linspace(0.0, math.pi, n + 1)
    y = np.sin(x) * np.exp(-x / 4.0)
    return float((0.5 * (y[0] + y[-1]) + np.sum(y[1:-1])) * (math.pi / n))


def nbody(pos0, vel0, mass, steps, dt):
    """Direct-sum gravity with softening, `steps` Euler steps; returns the kinetic energy."""
    n = pos0.shape[0]
    pos = pos0.copy()
    vel = vel0.copy()
    for s in range(steps):
        for i in range(n):
            ax = 0.0
            ay = 0.0
            az = 0.0
            for j in range(n):
                dx = pos[j, 0] - pos[i, 0]
                dy = pos[j, 1] - pos[i, 1]
                dz = pos[j, 2] - pos[i, 2]
                r2 = dx * dx + dy * dy + dz * dz + 0.01
                inv = mass[j] / (r2 * math.sqrt(r2))
                ax += dx * inv
                ay += dy * inv
                az += dz * inv
            vel[i, 0] += dt * ax
            vel[i, 1] += dt * ay
            vel[i, 2] += dt * az
        for i in range(n):
            pos[i, 0] += dt * vel[i, 0]
            pos[i, 1] += dt * vel[i, 1]
            pos[i, 2] += dt * vel[i, 2]
    e = 0.0
    for i in range(n):
        e += 0.5 * mass[i] * (vel[i, 0] ** 2 + vel[i, 1] ** 2 + vel[i, 2] ** 2)
    return e


def np_nbody(pos0, vel0, mass, steps, dt):
    pos = pos0.copy()
    vel = vel0.copy()
    for _ in range(steps):
        d = pos[None, :, :] - pos[:, None, :]
        r2 = np.sum(d * d, axis=2) + 0.01
        inv = mass[None, :] / (r2 * np.sqrt(r2))
        vel += dt * np.sum(d * inv[:, :, None], axis=1)
        pos += dt * vel
    return float(0.5 * np.sum(mass * np.sum(vel * vel, axis=1)))


def black_scholes(S, K, T, r, v):
    """European call prices; the normal CDF by the Abramowitz-Stegun polynomial."""
    n = S.shape[0]
    call = np.empty(n)
    for i in range(n):
        sqrt_t = math.sqrt(T[i])
        d1 = (math.log(S[i] / K[i]) + (r + 0.5 * v * v) * T[i]) / (v * sqrt_t)
        d2 = d1 - v * sqrt_t
        k1 = 1.0 / (1.0 + 0.2316419 * abs(d1))
        c1 = 0.3989422804014327 * math.exp(-0.5 * d1 * d1) * k1 * (
            0.31938153 + k1 * (-0.356563782 + k1 * (1.781477937 + k1 * (-1.821255978 + k1 * 1.330274429))))
        if d1 > 0:
            c1 = 1.0 - c1
        k2 = 1.0 / (1.0 + 0.2316419 * abs(d2))
        c2 = 0.3989422804014327 * math.exp(-0.5 * d2 * d2) * k2 * (
            0.31938153 + k2 * (-0.356563782 + k2 * (1.781477937 + k2 * (-1.821255978 + k2 * 1.330274429))))
        if d2 > 0:
            c2 = 1.0 - c2
        call[i] = S[i] * c1 - K[i] * math.exp(-r * T[i]) * c2
    return call


def _np_cnd(d):
    k = 1.0 / (1.0 + 0.2316419 * np.abs(d))
    w = 0.3989422804014327 * np.exp(-0.5 * d * d) * k * (
        0.31938153 + k * (-0.356563782 + k * (1.781477937 + k * (-1.821255978 + k * 1.330274429))))
    return np.where(d > 0, 1.0 - w, w)


def np_black_scholes(S, K, T, r, v):
    sqrt_t = np.sqrt(T)
    d1 = (np.log(S / K) + (r + 0.5 * v * v) * T) / (v * sqrt_t)
    d2 = d1 - v * sqrt_t
    return S * _np_cnd(d1) - K * np.exp(-r * T) * _np_cnd(d2)


def stencil1d(u0, steps):
    """Explicit heat equation on a line, fixed ends, `steps` sweeps."""
    n = u0.shape[0]
    u = u0.copy()
    v = u0.copy()
    for s in range(steps):
        for i in range(1, n - 1):
            v[i] = u[i] + 0.25 * (u[i - 1] - 2.0 * u[i] + u[i + 1])
        u, v = v, u
    return u


def np_stencil1d(u0, steps):
    u = u0.copy()
    v = u0.copy()
    for _ in range(steps):
        v[1:-1] = u[1:-1] + 0.25 * (u[:-2] - 2.0 * u[1:-1] + u[2:])
        u, v = v, u
    return u


def stencil2d(u0, steps):
    """Jacobi sweeps of the 5-point Laplace stencil, fixed boundary."""
    n = u0.shape[0]
    m = u0.shape[1]
    u = u0.copy()
    v = u0.copy()
    for s in range(steps):
        for i in range(1, n - 1):
            for j in range(1, m - 1):
                v[i, j] = 0.25 * (u[i - 1, j] + u[i + 1, j] + u[i, j - 1] + u[i, j + 1])
        u, v = v, u
    return u


def np_stencil2d(u0, steps):
    u = u0.copy()
    v = u0.copy()
    for _ in range(steps):
        v[1:-1, 1:-1] = 0.25 * (u[:-2, 1:-1] + u[2:, 1:-1] + u[1:-1, :-2] + u[1:-1, 2:])
        u, v = v, u
    return u


def stencil3d(u0, steps):
    """Jacobi sweeps of the 7-point stencil on a cube, fixed boundary."""
    n0 = u0.shape[0]
    n1 = u0.shape[1]
    n2 = u0.shape[2]
    u = u0.copy()
    v = u0.copy()
    for s in range(steps):
        for i in range(1, n0 - 1):
            for j in range(1, n1 - 1):
                for k in range(1, n2 - 1):
                    v[i, j, k] = (u[i - 1, j, k] + u[i + 1, j, k] + u[i, j - 1, k]
                                  + u[i, j + 1, k] + u[i, j, k - 1] + u[i, j, k + 1]) / 6.0
        u, v = v, u
    return u


def np_stencil3d(u0, steps):
    u = u0.copy()
    v = u0.copy()
    for _ in range(steps):
        v[1:-1, 1:-1, 1:-1] = (u[:-2, 1:-1, 1:-1] + u[2:, 1:-1, 1:-1] + u[1:-1, :-2, 1:-1]
                               + u[1:-1, 2:, 1:-1] + u[1:-1, 1:-1, :-2] + u[1:-1, 1:-1, 2:]) / 6.0
        u, v = v, u
    return u


def pairwise(X):
    """Euclidean distance matrix of the rows of X."""
    n = X.shape[0]
    d = X.shape[1]
    D = np.empty((n, n))
    for i in range(n):
        for j in range(n):
            s = 0.0
            for k in range(d):
                t = X[i, k] - X[j, k]
                s += t * t
            D[i, j] = math.sqrt(s)
    return D


def np_pairwise(X):
    diff = X[:, None, :] - X[None, :, :]
    return np.sqrt(np.sum(diff * diff, axis=2))


def edit_distance(a, b):
    """Levenshtein distance between two integer sequences, full DP table."""
    m = a.shape[0]
    n = b.shape[0]
    D = np.zeros((m + 1, n + 1), dtype=np.int64)
    for i in range(m + 1):
        D[i, 0] = i
    for j in range(n + 1):
        D[0, j] = j
    for i in range(1, m + 1):
        for j in range(1, n + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            D[i, j] = min(D[i - 1, j] + 1, D[i, j - 1] + 1, D[i - 1, j - 1] + cost)
    return D[m, n]


def knapsack(weights, values, capacity):
    """0/1 knapsack: best total value within `capacity`, one DP row per item."""
    n = weights.shape[0]
    best = np.zeros(capacity + 1, dtype=np.int64)
    for i in range(n):
        w = weights[i]
        val = values[i]
        for c in range(capacity, w - 1, -1):
            cand = best[c - w] + val
            if cand > best[c]:
                best[c] = cand
    return best[capacity]


def histogram(x, nbins):
    """Counts of x (values in [0, 1)) in `nbins` equal bins."""
    counts = np.zeros(nbins, dtype=np.int64)
    for i in range(x.shape[0]):
        b = int(x[i] * nbins)
        counts[b] += 1
    return counts


def np_histogram(x, nbins):
    return np.bincount((x * nbins).astype(np.int64), minlength=nbins)


def crc32(data):
    """CRC-32 (the zlib polynomial) of a uint8 array, bit by bit, no table."""
    crc = 0xFFFFFFFF
    for i in range(data.shape[0]):
        crc ^= int(data[i])
        for k in range(8):
            if crc & 1:
                crc = (crc >> 1) ^ 0xEDB88320
            else:
                crc = crc >> 1
    return crc ^ 0xFFFFFFFF


def sieve(n):
    """Number of primes <= n by the sieve of Eratosthenes."""
    flags = np.ones(n + 1, dtype=np.bool_)
    flags[0] = False
    flags[1] = False
    i = 2
    while i * i <= n:
        if flags[i]:
            for j in range(i * i, n + 1, i):
                flags[j] = False
        i += 1
    count = 0
    for i in range(n + 1):
        if flags[i]:
            count += 1
    return count


def np_sieve(n):
    flags = np.ones(n + 1, dtype=np.bool_)
    flags[:2] = False
    for i in range(2, int(n ** 0.5) + 1):
        if flags[i]:
            flags[i * i::i] = False
    return int(np.count_nonzero(flags))


def matmul(A, B):
    """Triple-loop matrix product, i-k-j order."""
    n = A.shape[0]
    m = A.shape[1]
    p = B.shape[1]
    C = np.zeros((n, p))
    for i in range(n):
        for k in range(m):
            a = A[i, k]
            for j in range(p):
                C[i, j] += a * B[k, j]
    return C


def np_matmul(A, B):
    return A @ B


def cumsum(x):
    """Running sum."""
    n = x.shape[0]
    out = np.empty(n)
    s = 0.0
    for i in range(n):
        s += x[i]
        out[i] = s
    return out


def np_cumsum(x):
    return np.cumsum(x)


def insertion_sort(x):
    """Sorted copy by insertion sort (quadratic on random input)."""
    a = x.copy()
    for i in range(1, a.shape[0]):
        key = a[i]
        j = i - 1
        while j >= 0 and a[j] > key:
            a[j + 1] = a[j]
            j -= 1
        a[j + 1] = key
    return a


def np_insertion_sort(x):
    return np.sort(x)
