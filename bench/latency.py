"""Latency, each number from fresh Python processes: what a user waits for.

- import: `import numba` / `import numjit` after numpy is already imported;
- first call of a tiny function (a + b), compile included; for numjit both with its
  shared per-user compile server (started by the first process, reused by the others)
  and with none (NUMJIT_SERVER=0);
- first call of a mid-size kernel, compile included: mandelbrot (scalars only) and
  nbody (arrays, math, 2-D indexing), both from bench/kernels/loops.py;
- first call of a cache=True function in a new process, once a first process has
  filled the cache (the script and its cache live in a fresh temporary directory), and
  right after it the first call of a second cached function: the first pays for the
  JIT's own start-up, the second only for loading from the cache.

Each measurement is taken in its own process, `reps` times; the median is reported.
Times are measured inside the process with perf_counter around the step itself.
"""
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))

# Put in front of every script: report a failure as one JSON line with its first line.
PRELUDE = """
import json, sys

def fail(exc):
    text = str(exc).strip()
    line = text.splitlines()[0].strip() if text else ""
    print(json.dumps({"error": type(exc).__name__ + (": " + line if line else "")}))
    sys.exit(0)
"""

IMPORT = """
import json, time
t0 = time.perf_counter()
import numpy
t1 = time.perf_counter()
import {mod}
t2 = time.perf_counter()
print(json.dumps({{"s": t2 - t1, "numpy_s": t1 - t0}}))
"""

TINY = """
import json, time
import numpy
import {mod}

def add_NONCE(a, b):
    return a + b

try:
    t0 = time.perf_counter()
    f = {mod}.njit(add_NONCE)
    r = f(1.0, 2.0)
    t1 = time.perf_counter()
    assert r == 3.0, r
except BaseException as exc:
    fail(exc)
print(json.dumps({{"s": t1 - t0}}))
"""

MID = """
import json, math, sys, time
import numpy as np
import {mod}
sys.path.insert(0, {bench!r})
from kernels import loops

{source}
fn = {kernel}_NONCE
args = {args}
want = loops.{kernel}(*args)
try:
    t0 = time.perf_counter()
    f = {mod}.njit(fn)
    r = f(*args)
    t1 = time.perf_counter()
    assert abs(r - want) <= 1e-9 * abs(want), (r, want)
except BaseException as exc:
    fail(exc)
print(json.dumps({{"s": t1 - t0}}))
"""

CACHED = """
import json, time
import numpy as np
import {mod}

def rms(x):
    s = 0.0
    for i in range(x.shape[0]):
        s += x[i] * x[i]
    return (s / x.shape[0]) ** 0.5

def mean_abs(x):
    s = 0.0
    for i in range(x.shape[0]):
        s += abs(x[i])
    return s / x.shape[0]

try:
    rms = {mod}.njit(cache=True)(rms)
    mean_abs = {mod}.njit(cache=True)(mean_abs)
    x = np.arange(10.0)
    t0 = time.perf_counter()
    r = rms(x)
    t1 = time.perf_counter()
    m = mean_abs(x)
    t2 = time.perf_counter()
    assert abs(r - 5.338539126015656) < 1e-12, r
    assert m == 4.5, m
except BaseException as exc:
    fail(exc)
hits = None
stats = getattr(rms, "stats", None)
if stats is not None and hasattr(stats, "cache_hits"):
    hits = sum(stats.cache_hits.values()) + sum(mean_abs.stats.cache_hits.values())
print(json.dumps({{"s": t1 - t0, "s2": t2 - t1, "cache_hits": hits}}))
"""

TARGETS = {"import": ("~300 ms", "<= 50 ms"), "tiny": ("~240 ms", "<= 50 ms"),
           "cached": ("~12 ms (90 ms reported)", "<= 5 ms")}


def _run(code, workdir, name, timeout, env=None):
    # NONCE: a number of its own in every process, so that each compiles a function no
    # compiler (nor the shared compile server) has seen; there is no memo of replies
    # anywhere today, and this keeps the figures honest if one ever appears
    nonce = f"{os.getpid()}{time.monotonic_ns() % 10**9}"
    path = os.path.join(workdir, name)
    with open(path, "w") as fh:
        fh.write(PRELUDE + code.replace("NONCE", nonce))
    try:
        p = subprocess.run([sys.executable, path], capture_output=True, text=True, timeout=timeout, cwd=workdir,
                           env=dict(os.environ, **env) if env else None)
    except subprocess.TimeoutExpired:
        return {"error": f"ran past {timeout} s"}
    root = os.path.dirname(HERE) + os.sep
    for line in reversed(p.stdout.strip().splitlines()):
        if line.startswith("{"):
            try:
                return json.loads(line.replace(root, ""))
            except ValueError:
                pass
    err = [l for l in p.stderr.strip().splitlines() if l.strip()]
    return {"error": (err[-1].strip() if err else f"exit code {p.returncode}")[:300]}


def _measure(code, reps, timeout, fresh_dir_each=True, name="bench_latency.py", env=None):
    vals, extra, error = [], {}, None
    d = tempfile.mkdtemp(prefix="numjit-bench-")
    try:
        for _ in range(reps):
            r = _run(code, d, name, timeout, env)
            if "error" in r:
                error = r["error"]
                break
            vals.append(r["s"])
            for key, v in r.items():
                if key != "s":
                    extra.setdefault(key, []).append(v)
    finally:
        shutil.rmtree(d, ignore_errors=True)
    return _summary(vals, error, extra)


def _summary(vals, error, extra=None):
    if error is not None:
        return {"status": "error", "error": error}
    out = {"status": "ok", "s": statistics.median(vals), "samples": vals}
    for key, v in (extra or {}).items():
        out[key] = v
    return out


def _cached(mod, reps, timeout):
    d = tempfile.mkdtemp(prefix="numjit-bench-cache-")
    try:
        code = CACHED.format(mod=mod)
        first = _run(code, d, "bench_cached.py", timeout)
        if "error" in first:
            return {"status": "error", "error": first["error"]}
        vals, vals2, hits = [], [], []
        for _ in range(reps):
            r = _run(code, d, "bench_cached.py", timeout)
            if "error" in r:
                return {"status": "error", "error": r["error"]}
            vals.append(r["s"])
            vals2.append(r["s2"])
            hits.append(r.get("cache_hits"))
        out = _summary(vals, None)
        out["cold_s"] = first["s"]
        out["cache_hits"] = hits
        out["second_s"] = statistics.median(vals2)
        return out
    finally:
        shutil.rmtree(d, ignore_errors=True)


def _kernel_source(kernel):
    import inspect

    sys.path.insert(0, HERE)
    try:
        from kernels import loops
    finally:
        sys.path.remove(HERE)
    src = inspect.getsource(getattr(loops, kernel))
    return src.replace(f"def {kernel}(", f"def {kernel}_NONCE(", 1)


def run(mode):
    reps = 3 if mode == "quick" else 7
    timeout = 120
    mids = {
        "mandelbrot": "(60, 50)",
        "nbody": "(np.random.default_rng(0).standard_normal((20, 3)), np.zeros((20, 3)), np.ones(20), 3, 1e-3)",
    }
    out = {"reps": reps, "rows": []}
    rows = [("import", "import (beyond numpy)", IMPORT, {}),
            ("tiny", "first call of a tiny function `a + b`, compile included", TINY, {}),
            ("mid_mandelbrot", "first call of mandelbrot (scalar loops), compile included", MID,
             {"kernel": "mandelbrot", "args": mids["mandelbrot"]}),
            ("mid_nbody", "first call of nbody (arrays, math), compile included", MID,
             {"kernel": "nbody", "args": mids["nbody"]})]
    for _key, _label, _tmpl, fmt in rows:
        if "kernel" in fmt:  # the kernel's own source, renamed per process (see _run)
            fmt["source"] = _kernel_source(fmt["kernel"])
    for key, label, tmpl, fmt in rows:
        row = {"key": key, "label": label, "contenders": {}}
        if key in TARGETS:
            row["numba_yardstick"], row["target"] = TARGETS[key]
        for mod in ("numba", "numjit"):
            code = tmpl.format(mod=mod, bench=HERE, **fmt)
            row["contenders"][mod] = _measure(code, reps, timeout)
        out["rows"].append(row)
        if key == "tiny":
            # numjit's shared compile server (numjit/_server.py) is warm in the row above
            # after its first process; this row is the path with no server at all
            # (Numba has none: its figure is repeated)
            alone = {"key": "tiny_noserver", "label": "the same, numjit with no compile server "
                     "(NUMJIT_SERVER=0: a Node.js child per process)", "contenders": {
                         "numba": row["contenders"]["numba"],
                         "numjit": _measure(tmpl.format(mod="numjit", bench=HERE, **fmt), reps, timeout,
                                            env={"NUMJIT_SERVER": "0"})}}
            out["rows"].append(alone)
    row = {"key": "cached", "label": "first call of a cache=True function in a new process (cache filled)",
           "contenders": {}}
    row["numba_yardstick"], row["target"] = TARGETS["cached"]
    row2 = {"key": "cached_second", "label": "then the first call of a second cache=True function (cache load only)",
            "contenders": {}}
    for mod in ("numba", "numjit"):
        r = row["contenders"][mod] = _cached(mod, reps, timeout)
        if r["status"] == "ok":
            row2["contenders"][mod] = {"status": "ok", "s": r["second_s"]}
        else:
            row2["contenders"][mod] = {"status": "error", "error": "see the row above"}
    out["rows"] += [row, row2]
    return out
