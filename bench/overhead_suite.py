"""Call overhead: the cost of one call into a compiled function that does almost nothing.

Measured with timeit on a statement `f(a, b)` (no lambda in between), many loops per
repeat, repeats interleaved across contenders; nothing is subtracted (timeit's own loop
costs ~10 ns). Reported in ns per call, median of the repeats. Plain CPython calling the
same Python function is shown for scale.
"""
import statistics
import timeit

import numpy as np

from jits import first_line, jit
from kernels import overhead

FUNCS = ["two_floats", "one_array", "three_arrays", "new_array"]
LABELS = {
    "two_floats": "two floats -> float  `f(1.0, 2.0)`",
    "one_array": "one 1-D array -> float  `f(x)`",
    "three_arrays": "three 1-D arrays -> float  `f(x, y, z)`",
    "new_array": "one array -> new array  `np.empty_like(x)`",
}
TARGETS_NS = {"two_floats": 60, "one_array": 80, "new_array": 300}   # design brief's yardsticks
NUMBA_YARDSTICK_NS = {"two_floats": "130-150", "one_array": "170", "new_array": "520"}


def _args(name):
    x, y, z = np.ones(3), np.ones(3), np.ones(3)
    return {"two_floats": (1.0, 2.0), "one_array": (x,), "three_arrays": (x, y, z), "new_array": (x,)}[name]


def _ok(got, want):
    if isinstance(want, np.ndarray):
        return isinstance(got, np.ndarray) and got.shape == want.shape and got.dtype == want.dtype
    return got == want


def run(mode, numba, numjit, probes):
    number = 100_000 if mode == "quick" else 500_000
    repeat = 5 if mode == "quick" else 9
    rows = []
    for name in FUNCS:
        fn = getattr(overhead, name)
        args = _args(name)
        want = fn(*args)
        row = {"name": name, "label": LABELS[name], "target_ns": TARGETS_NS.get(name),
               "numba_yardstick_ns": NUMBA_YARDSTICK_NS.get(name), "contenders": {}}
        live = {"CPython": fn}
        row["contenders"]["CPython"] = {"status": "ok"}
        for cname, mod in (("Numba", numba), ("numjit", numjit)):
            if mod is None:
                continue
            entry = row["contenders"][cname] = {}
            probe = probes.get("overhead:" + name, {})
            if cname == "numjit" and probe.get("status") != "ok":
                entry.update(status="cannot compile yet", error=probe.get("error", "not probed"))
                continue
            try:
                f = jit(mod, fn)
                got = f(*args)
            except Exception as exc:
                entry.update(status="cannot compile yet" if cname == "numjit" else "error", error=first_line(exc))
                continue
            if not _ok(got, want):
                entry.update(status="wrong result", error=f"{got!r} vs {want!r}")
                continue
            entry["status"] = "ok"
            live[cname] = f
        stmt = "f(" + ", ".join(f"a{i}" for i in range(len(args))) + ")"
        timers = {c: timeit.Timer(stmt, globals={"f": f, **{f"a{i}": a for i, a in enumerate(args)}})
                  for c, f in live.items()}
        samples = {c: [] for c in live}
        for _ in range(repeat):
            for c, t in timers.items():
                samples[c].append(t.timeit(number) / number * 1e9)
        for c, s in samples.items():
            row["contenders"][c].update(ns=statistics.median(s), samples_ns=s)
        rows.append(row)
    return {"number": number, "repeat": repeat, "rows": rows}
