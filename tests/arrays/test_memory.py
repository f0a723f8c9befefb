"""Memory of arrays allocated in compiled code: counted live allocations return to zero,
returned arrays own their memory, and RSS stays flat over a million calls."""
import gc
import resource

import numpy as np

from numjit import _nrt, njit


def temps(n):
    s = 0.0
    for i in range(n):
        t = np.zeros(3)
        t[0] = i
        u = t * 2.0 + 1.0
        s += u.sum()
    return s


def make(n):
    a = np.arange(n)
    b = a * 2
    return b


def pair(n):
    a = np.ones(n)
    return a, a + 1.0


def row_of_new(n):
    a = np.ones((n, 2))
    return a[1]


@njit
def helper(n):
    return np.zeros(n)


def caller(n):
    x = helper(n)
    y = helper(n)
    x = y
    return x.sum()


def test_no_live_allocations_after_calls():
    gc.collect()
    before = _nrt.live_allocations()
    fns = [njit(f) for f in (temps, make, pair, row_of_new)]
    for _ in range(200):
        fns[0](5)
        fns[1](4)
        fns[2](3)
        fns[3](3)
    gc.collect()
    assert _nrt.live_allocations() == before
    kept = [fns[1](4) for _ in range(10)]
    assert _nrt.live_allocations() == before + 10
    assert all(k.flags.writeable and k.base is not None for k in kept)
    del kept
    gc.collect()
    assert _nrt.live_allocations() == before


def test_calls_between_jitted_functions():
    gc.collect()
    before = _nrt.live_allocations()
    g = njit(caller)
    for _ in range(100):
        assert g(3) == 0.0
    assert _nrt.live_allocations() == before


def test_returned_view_keeps_memory_alive():
    r = njit(row_of_new)(4)
    gc.collect()
    assert list(r) == [1.0, 1.0]


def _rss_kb():
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * resource.getpagesize() // 1024


def test_rss_flat_over_a_million_calls():
    f = njit(make)
    for _ in range(10000):
        f(8)
    start = _rss_kb()
    for _ in range(1_000_000):
        f(8)
    grown = _rss_kb() - start
    assert grown < 2048, f"RSS grew by {grown} kB"


def raises_after_alloc(n):
    a = np.ones(n)
    b = a * 2
    if n > 2:
        raise ValueError("too big")
    return b.sum()


@njit
def inner_raises(n):
    t = np.zeros(n)
    if n > 2:
        raise ValueError("inner")
    return t


def outer(n):
    a = np.ones(n)
    b = inner_raises(n)
    return a.sum() + b.sum()


def test_exceptions_release_arrays():
    import pytest

    gc.collect()
    before = _nrt.live_allocations()
    f, g = njit(raises_after_alloc), njit(outer)
    for _ in range(50):
        with pytest.raises(ValueError):
            f(5)
        with pytest.raises(ValueError):
            g(5)
        f(1)
        g(1)
    assert _nrt.live_allocations() == before


def twice_ones(n):
    return np.ones(n) * 2.0


def _thp_mode():
    try:
        with open("/sys/kernel/mm/transparent_hugepage/enabled") as f:
            return f.read().split("[")[1].split("]")[0]
    except (OSError, IndexError):
        return None


def _huge_kb_around(addr):
    """AnonHugePages (kB) of the mapping in /proc/self/smaps that contains addr."""
    cur = None
    with open("/proc/self/smaps") as f:
        for line in f:
            head = line.split()
            if "-" in head[0] and len(head) > 4:
                lo, hi = (int(x, 16) for x in head[0].split("-"))
                cur = lo <= addr < hi
            elif cur and head[0] == "AnonHugePages:":
                return int(head[1])
    return None


def test_big_runtime_arrays_are_advised_huge_pages_as_numpy_does():
    import pytest
    if _thp_mode() not in ("always", "madvise"):
        pytest.skip("no transparent huge pages on this machine")
    from numpy._core import multiarray as mu
    if not mu._get_madvise_hugepage():
        pytest.skip("NumPy does not use huge pages here")
    f = njit(twice_ones)
    n = 16 * 1024 * 1024 // 8  # 16 MiB
    r = f(n)
    assert r.shape == (n,) and r.dtype == np.float64 and (r == 2.0).all()
    kb = _huge_kb_around(r.ctypes.data + r.nbytes // 2)
    if kb is None:
        pytest.skip("smaps reports no AnonHugePages")
    expect = np.ones(n) * 2.0  # NumPy's own array of the same size, for comparison
    np_kb = _huge_kb_around(expect.ctypes.data + expect.nbytes // 2)
    if not np_kb:
        pytest.skip("the kernel gave NumPy's array no huge pages either")
    assert kb > 0
    del r
    gc.collect()
    assert _nrt.live_allocations() == 0
