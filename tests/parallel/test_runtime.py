"""The thread pool: thread counts, chunk sizes, concurrent callers, fork.

Cases where a pool bug could hang run in a subprocess with a timeout, so a deadlock
fails the test instead of stopping the suite.
"""
import os
import subprocess
import sys
import textwrap

import numpy as np
import pytest

import numjit
from numjit import njit, prange


@njit(parallel=True)
def psum(a):
    s = 0.0
    for i in prange(a.shape[0]):
        s += a[i]
    return s


@njit(parallel=True)
def scale(a, out, k):
    for i in prange(a.shape[0]):
        out[i] = a[i] * k
    return out


def run_py(code, tmp_path, timeout=120):
    """Runs `code` as a script file (numjit compiles source, so it needs a file) in a
    fresh interpreter; a hang fails with TimeoutExpired after `timeout` seconds."""
    path = tmp_path / "script.py"
    # drop module-level arrays before exit: arrays made by compiled code that live until
    # interpreter finalisation currently crash it (an array-runtime issue, not the pool's)
    footer = ("\nimport numpy as _np\nfor _k in [k for k, v in list(globals().items()) "
              "if isinstance(v, _np.ndarray)]:\n    del globals()[_k]\n")
    path.write_text(textwrap.dedent(code) + footer)
    r = subprocess.run([sys.executable, str(path)], capture_output=True, text=True, timeout=timeout)
    assert r.returncode == 0, r.stdout + r.stderr
    return r.stdout


def test_num_threads_api():
    mx = numjit.config.NUMBA_NUM_THREADS
    assert mx >= 1
    old = numjit.get_num_threads()
    try:
        numjit.set_num_threads(1)
        assert numjit.get_num_threads() == 1
        numjit.set_num_threads(mx)
        assert numjit.get_num_threads() == mx
        with pytest.raises(ValueError):
            numjit.set_num_threads(0)
        with pytest.raises(ValueError):
            numjit.set_num_threads(mx + 1)
        with pytest.raises(TypeError):
            numjit.set_num_threads(1.5)
    finally:
        numjit.set_num_threads(old)
    assert numjit.get_thread_id() == 0
    assert numjit.threading_layer() in ("pthreads", "serial")


def test_results_same_for_every_thread_count():
    a = np.random.default_rng(5).random(100003)
    want = a.sum()
    for t in range(1, numjit.config.NUMBA_NUM_THREADS + 1):
        numjit.set_num_threads(t)
        for _ in range(50):
            assert abs(psum(a) - want) <= 1e-9 * abs(want)
    numjit.set_num_threads(numjit.config.NUMBA_NUM_THREADS)


def test_chunksize():
    a = np.random.default_rng(6).random(10001)
    want = a.sum()
    assert numjit.get_parallel_chunksize() == 0
    try:
        for cs in (1, 7, 64, 100000):
            old = numjit.set_parallel_chunksize(cs)
            assert numjit.get_parallel_chunksize() == cs
            for _ in range(20):
                assert abs(psum(a) - want) <= 1e-9 * want
                out = scale(a, np.empty_like(a), 3.0)
                np.testing.assert_array_equal(out, a * 3.0)
            numjit.set_parallel_chunksize(old)
    finally:
        numjit.set_parallel_chunksize(0)


def test_env_num_threads(tmp_path):
    out = run_py("""
        import os
        os.environ["NUMJIT_NUM_THREADS"] = "3"
        import numjit, numpy as np
        from numjit import njit, prange
        @njit(parallel=True)
        def ids(n):
            out = np.zeros(n, dtype=np.int64)
            for i in prange(n):
                out[i] = numjit.get_thread_id()
            return out
        got = ids(3000)
        print(numjit.config.NUMBA_NUM_THREADS, numjit.get_num_threads(), got.max() < 3)
    """, tmp_path)
    assert out.split() == ["3", "3", "True"]


def test_concurrent_python_threads(tmp_path):
    # several Python threads call parallel functions at once: one gets the pool, the
    # others run their regions serially; all results are right
    run_py("""
        import threading, numpy as np
        from numjit import njit, prange
        @njit(parallel=True)
        def psum(a):
            s = 0.0
            for i in prange(a.shape[0]):
                s += a[i]
            return s
        a = np.random.default_rng(0).random(200001)
        want = a.sum()
        psum(a)
        bad = []
        def work():
            for _ in range(200):
                if abs(psum(a) - want) > 1e-9 * want:
                    bad.append(1)
        ts = [threading.Thread(target=work) for _ in range(4)]
        for t in ts: t.start()
        for t in ts: t.join()
        assert not bad, len(bad)
    """, tmp_path)


def test_fork_child_runs_parallel_code(tmp_path):
    if not hasattr(os, "fork"):
        pytest.skip("no fork")
    run_py("""
        import os, numpy as np
        from numjit import njit, prange
        @njit(parallel=True)
        def psum(a):
            s = 0.0
            for i in prange(a.shape[0]):
                s += a[i]
            return s
        a = np.arange(100000.0)
        assert psum(a) == a.sum()          # the pool exists in the parent
        for _ in range(3):
            pid = os.fork()
            if pid == 0:
                ok = all(psum(a) == a.sum() for _ in range(50))
                os._exit(0 if ok else 3)
            _, st = os.waitpid(pid, 0)
            assert os.WIFEXITED(st) and os.WEXITSTATUS(st) == 0, st
        assert psum(a) == a.sum()
    """, tmp_path)


def test_parallel_function_called_from_prange_body(tmp_path):
    # the inner region finds the pool busy and runs serially on the calling worker
    run_py("""
        import numpy as np
        from numjit import njit, prange
        @njit(parallel=True)
        def inner(a, k):
            s = 0.0
            for i in prange(a.shape[0]):
                s += a[i] * k
            return s
        @njit(parallel=True)
        def outer(a):
            out = np.zeros(64)
            for j in prange(64):
                out[j] = inner(a, j)
            return out
        a = np.random.default_rng(1).random(1000)
        for _ in range(50):
            np.testing.assert_allclose(outer(a), a.sum() * np.arange(64), rtol=1e-12)
    """, tmp_path)


def test_many_regions_in_a_loop():
    a = np.random.default_rng(7).random(257)
    want = a.sum()
    for _ in range(2000):
        assert abs(psum(a) - want) <= 1e-12 * want
