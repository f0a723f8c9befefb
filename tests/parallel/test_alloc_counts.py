"""Arrays allocated and freed inside prange bodies, on several threads at once, are all
counted: the runtime's allocation counters are atomic, so live_allocations() returns to
its starting value (no drift from lost updates)."""
import numpy as np

from numjit import njit, prange
from numjit._nrt import live_allocations


def per_iteration_temporaries(n):
    s = 0.0
    for i in prange(n):
        t = np.ones(3) * i
        s += t.sum()
    return s


def test_prange_allocations_balance():
    f = njit(parallel=True)(per_iteration_temporaries)
    want = per_iteration_temporaries(2000)
    assert f(2000) == want
    start = live_allocations()
    for _ in range(50):
        assert f(2000) == want
    assert live_allocations() == start
