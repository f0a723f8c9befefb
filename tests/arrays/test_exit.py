"""Arrays made by compiled code may outlive everything at interpreter exit.

A returned array's memory is owned by a capsule whose destructor is compiled code; the
process must still exit cleanly (status 0) when such arrays are alive at shutdown, held
by globals, reference cycles or sys.modules, whether the code was just compiled, loaded
from the cache, or parallel.
"""
import subprocess
import sys
import textwrap

import pytest

SCRIPT = textwrap.dedent("""
    import gc, sys
    import numpy as np
    from numjit import njit, prange

    @njit(cache={cache}, parallel={parallel})
    def make(n):
        a = np.zeros(n)
        for i in prange(n):
            a[i] = i * 2.0
        return a

    class Holder:
        pass

    h = Holder(); h.self = h; h.a = make(7)      # in a reference cycle
    A = make(100_000)                            # in a global
    sys.modules["_numjit_exit_test"] = make(5)   # outlives module teardown
    del make
    gc.collect()
    print(float(A.sum()) == 2.0 * sum(range(100_000)), float(h.a[6]))
""")


@pytest.mark.parametrize("cache,parallel", [(False, False), (True, False), (False, True)])
def test_exit_with_live_compiled_arrays(tmp_path, cache, parallel):
    script = tmp_path / "live_at_exit.py"
    script.write_text(SCRIPT.format(cache=cache, parallel=parallel))
    for _ in range(2 if cache else 1):  # the second run loads from the cache
        res = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=120)
        assert res.returncode == 0, res.stderr
        assert res.stdout.split() == ["True", "12.0"]
