"""Exceptions raised in prange bodies: exactly one reaches Python, the one the serial loop
raises (the first failure in iteration order), with its message; the chunks after the
failing one stop early; the pool works afterwards.

Differential: each kernel runs under CPython (prange is range), compiled serially, and
compiled with parallel=True, with static and dynamic chunks, and the exceptions (class and
message) must agree.
"""
import numpy as np
import pytest

import numjit
from numjit import njit, prange
from numjit.testing import assert_same

REPEAT = 20


@pytest.fixture(autouse=True)
def _restore_settings():
    threads, chunk = numjit.get_num_threads(), numjit.get_parallel_chunksize()
    yield
    numjit.set_num_threads(threads)
    numjit.set_parallel_chunksize(chunk)


def both(fn, *args, **opts):
    """CPython against numjit serial and numjit parallel (static and dynamic chunks)."""
    assert_same(fn, *args, check_message=True, jit_kwargs=dict(opts))
    par = njit(parallel=True, **opts)(fn)
    for chunk in (0, 1, 7, 1000):
        numjit.set_parallel_chunksize(chunk)
        for _ in range(REPEAT):
            assert_same(par, *args, check_message=True)
    numjit.set_parallel_chunksize(0)


def fail_at(bad, n):
    """Raises ValueError naming the first i in [0, n) with bad[i] != 0 (a formatted message)."""
    s = 0
    for i in prange(n):
        if bad[i] != 0:
            raise ValueError(f"bad element {i}")
        s += i
    return s


def div_at(den, n):
    """ZeroDivisionError at the first zero of den (a constant message)."""
    s = 0.0
    for i in prange(n):
        s += 1.0 / float(den[i])
    return s


def fail_in_inner_loop(bad, n):
    s = 0
    for i in prange(n):
        for j in range(3):
            if bad[i] != 0 and j == 2:
                raise RuntimeError(f"inner {i} {j}")
            s += j
    return s


def out_of_bounds(a, n):
    s = 0.0
    for i in prange(n):
        s += a[i]
    return s


def oob_2d(a, k):
    out = np.zeros(a.shape[0])
    for i in prange(a.shape[0]):
        out[i] = a[i, k + i % 3]
    return out


N = 5000


@pytest.mark.parametrize("where", [[0], [N - 1], [N // 2], [N // 2 - 1, N - 1], [10, 4000], [4999, 3, 2500],
                                   list(range(0, N, 97))])
def test_first_failure_in_iteration_order(where):
    bad = np.zeros(N, dtype=np.int64)
    bad[where] = 1
    both(fail_at, bad, N)
    den = np.ones(N)
    den[where] = 0.0
    both(div_at, den, N)
    both(fail_in_inner_loop, bad, N)


def test_no_failure_still_correct():
    bad = np.zeros(N, dtype=np.int64)
    both(fail_at, bad, N)
    both(div_at, np.ones(N), N)


@pytest.mark.parametrize("n", [101, 150, 4000])
def test_boundscheck_message(n):
    # every index from 100 on is out of bounds: the serial loop fails at index 100
    both(out_of_bounds, np.arange(100.0), n, boundscheck=True)


def test_boundscheck_message_2d():
    a = np.arange(300.0).reshape(100, 3)
    both(oob_2d, a, 0, boundscheck=True)
    both(oob_2d, a, 1, boundscheck=True)


def slow_then_fail(a, n, tid):
    # chunk 0 works for a while; every later iteration is out of bounds, so the IndexError
    # is raised by whichever thread takes chunk 1: usually a worker, while the calling
    # thread is busy with chunk 0
    s = 0.0
    for i in prange(n):
        tid[i] = numjit.get_thread_id()
        if i == 0:
            for k in range(3_000_000):
                s += np.sin(k * 1e-3)
        else:
            s += a[i + 1000]
    return s


def test_index_error_message_from_worker_threads():
    """A worker thread sets IndexError with NumPy's message (index, axis, extent) in its own
    Python thread state: the region hands it to the caller intact."""
    if numjit.config.NUMBA_NUM_THREADS < 2:
        pytest.skip("needs 2 threads")
    numjit.set_num_threads(2)
    f = njit(parallel=True, boundscheck=True)(slow_then_fail)
    a = np.arange(100.0)
    on_worker = 0
    for chunk in (0, 1):
        numjit.set_parallel_chunksize(chunk)
        for _ in range(5):
            tid = np.full(4, -1)
            with pytest.raises(IndexError) as info:
                f(a, 4 if chunk else 2, tid)
            # chunk 1 (i = 1) is the first failure whichever thread runs it
            assert str(info.value) == "index 1001 is out of bounds for axis 0 with size 100"
            on_worker += tid[1] > 0
    assert on_worker > 0  # the message did come from a worker thread


def count_iterations(done, fail_at_zero):
    for i in prange(done.shape[0]):
        if fail_at_zero and i == 0:
            raise ValueError("first iteration")
        # some work per iteration: an inner loop (the stop flag is checked every iteration)
        x = 0.0
        for k in range(2000):
            x += np.sqrt(k + i)
        done[i] = x


def test_other_chunks_stop_early():
    """Chunk 0 fails at once: the chunks after it stop at their next check instead of
    running all their iterations (whichever threads run them)."""
    if numjit.config.NUMBA_NUM_THREADS < 2:
        pytest.skip("needs 2 threads")
    numjit.set_num_threads(2)
    f = njit(parallel=True)(count_iterations)
    n = 4000
    for chunk in (0, 16):
        numjit.set_parallel_chunksize(chunk)
        ran = []
        for _ in range(5):
            done = np.zeros(n)
            with pytest.raises(ValueError, match="first iteration"):
                f(done, True)
            ran.append(int(np.count_nonzero(done)))
        # a full run computes all n; stopping early leaves most of the second half undone
        # (a loaded machine may delay the failing thread: the best of 5 runs counts)
        assert min(ran) < n // 2, ran
    numjit.set_parallel_chunksize(0)
    done = np.zeros(n)
    f(done, False)
    assert np.count_nonzero(done) == n - 1 or np.count_nonzero(done) == n


def test_pool_usable_after_failures():
    g = njit(parallel=True)(fail_at)
    bad = np.zeros(N, dtype=np.int64)
    bad[N - 1] = 1
    for _ in range(50):
        with pytest.raises(ValueError, match=f"bad element {N - 1}"):
            g(bad, N)
        assert g(np.zeros(N, dtype=np.int64), N) == N * (N - 1) // 2


def test_exception_then_parallel_array_code():
    @njit(parallel=True)
    def h(den, a):
        s = 0.0
        for i in prange(den.shape[0]):
            s += 1.0 / den[i]
        return s + np.sum(a * 2.0)

    a = np.arange(100_000.0)
    den = np.ones(1000)
    den[700] = 0.0
    for _ in range(20):
        with pytest.raises(ZeroDivisionError):
            h(den, a)
        assert h(np.ones(1000), a) == pytest.approx(1000.0 + 2.0 * a.sum(), rel=1e-12)


def array_reduction_fails(n, bad_at):
    acc = np.zeros(4)
    for i in prange(n):
        if i == bad_at:
            raise ValueError("stop")
        acc += np.ones(4) * i
    return acc


def test_failed_array_reduction_frees_the_partials():
    """The private arrays of a whole-array reduction are freed when the loop raises (those
    of the chunks that finished, and of the failing one)."""
    from numjit._nrt import live_allocations

    f = njit(parallel=True)(array_reduction_fails)
    assert_same(f, 1000, -1)
    for chunk in (0, 10):
        numjit.set_parallel_chunksize(chunk)
        for bad in (0, 999, 500):
            f(1000, -1)
            with pytest.raises(ValueError):
                f(1000, bad)
            start = live_allocations()
            for _ in range(20):
                with pytest.raises(ValueError, match="stop"):
                    f(1000, bad)
            assert live_allocations() == start
