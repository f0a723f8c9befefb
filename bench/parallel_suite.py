"""Parallel scaling: prange kernels (parallel=True) with 1 thread and with 2 threads.

The thread count is switched with `set_num_threads` between samples of the same compiled
function, rounds interleaved; the speed-up is the median over rounds of t(1)/t(2). On a
shared 2-core machine the 2-thread time is sensitive to whatever else is running.
"""
import os

import timing
from jits import first_line, jit
import kernels as K

prange = range  # each JIT gets a copy bound to its own prange (jits.rebind)


def empty_region(n):
    """A parallel region with nothing in it: the fixed cost of starting and joining one."""
    for i in prange(n):
        pass
    return 0


def tiny_region(out):
    """A parallel region over two elements with a store each: what starting and joining a
    region really costs (an empty body is removed by both compilers)."""
    for i in prange(out.shape[0]):
        out[i] = i
    return 0


def time_regions(mode, numba, numjit):
    import numpy as np

    return {"empty_region": time_region(mode, numba, numjit, empty_region, (2,)),
            "tiny_region": time_region(mode, numba, numjit, tiny_region, (np.zeros(2),))}


def time_region(mode, numba, numjit, kernel, args):
    """Per-call time of `kernel(*args)` (two iterations: both threads may take part), at 2
    threads, for each JIT, rounds interleaved; the call overhead of the function itself
    is included (both JITs' is well under a microsecond)."""
    rounds = {"quick": 5, "full": 9}[mode]
    fs, out = {}, {}
    for cname, mod in (("Numba", numba), ("numjit", numjit)):
        if mod is None:
            continue
        try:
            f = jit(mod, kernel, {"parallel": True})
            f(*args)
            if hasattr(mod, "set_num_threads"):
                mod.set_num_threads(min(2, mod.config.NUMBA_NUM_THREADS))
            fs[cname] = (f, timing.calibrate(f, args, 0.02))
            out[cname] = {"status": "ok", "samples": []}
        except Exception as exc:
            out[cname] = {"status": "error", "error": first_line(exc)}
    for _ in range(rounds):
        for cname, (f, loops) in fs.items():
            out[cname]["samples"].append(timing.sample(f, args, loops))
    for cname in fs:
        out[cname]["t_s"] = timing.median(out[cname]["samples"])
    return out


def run(kernels, mode, numba, numjit, probes):
    cfg = {"quick": (5, 0.02), "full": (9, 0.1)}[mode]
    rows = []
    for k in kernels:
        n = k.size(mode)
        pa = K.args_for(k, k.py_size(mode))
        fa = K.args_for(k, n)
        ref = k.fn(*pa)
        row = {"name": k.name, "size": k.label(n), "contenders": {}}
        for cname, mod in (("Numba", numba), ("numjit", numjit)):
            if mod is None:
                continue
            entry = row["contenders"][cname] = {}
            if cname == "numjit" and probes.get(k.name, {}).get("status") != "ok":
                entry.update(status="cannot compile yet", error=probes.get(k.name, {}).get("error", "not probed"))
                continue
            try:
                f = jit(mod, k.fn, k.options)
                got = f(*pa)
            except Exception as exc:
                entry.update(status="cannot compile yet" if cname == "numjit" else "error", error=first_line(exc))
                continue
            if not K.same(got, ref, k.rtol, k.atol):
                entry.update(status="wrong result", error="differs from CPython")
                continue
            if not hasattr(mod, "set_num_threads"):
                # compiled, but the thread count cannot be chosen: time it as it runs by default
                f(*fa)
                loops = timing.calibrate(f, fa, cfg[1] / 2)
                sd = [timing.sample(f, fa, loops) for _ in range(cfg[0])]
                entry.update(status="no thread control", t_default_s=timing.median(sd), samples_default=sd,
                             error=f"{mod.__name__} has no set_num_threads yet: timed with its default threads")
                continue
            try:
                f(*fa)
                s1, s2 = [], []
                mod.set_num_threads(1)
                loops1 = timing.calibrate(f, fa, cfg[1])
                mod.set_num_threads(2)
                loops2 = timing.calibrate(f, fa, cfg[1] / 2)
                for _ in range(cfg[0]):
                    mod.set_num_threads(1)
                    s1.append(timing.sample(f, fa, loops1))
                    mod.set_num_threads(2)
                    s2.append(timing.sample(f, fa, loops2))
            except Exception as exc:
                entry.update(status="error", error=first_line(exc))
                continue
            finally:
                try:
                    mod.set_num_threads(mod.config.NUMBA_NUM_THREADS if cname == "Numba" else 2)
                except Exception:
                    pass
            entry.update(status="ok", t1_s=timing.median(s1), t2_s=timing.median(s2),
                         speedup=timing.paired_ratio(s1, s2), samples_1=s1, samples_2=s2)
            if cname == "Numba":
                try:
                    entry["threading_layer"] = mod.threading_layer()
                except Exception:
                    pass
        rows.append(row)
    return {"rows": rows, **time_regions(mode, numba, numjit), "loadavg": os.getloadavg()[0]}
