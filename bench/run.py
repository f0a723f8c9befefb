"""numjit's benchmark suite: numjit against Numba, NumPy, CPython and C, in one run.

    bench/.venv/bin/python bench/run.py --quick    # under 3 minutes (make bench-quick)
    bench/.venv/bin/python bench/run.py --full     # larger sizes, more rounds (make bench)

Suites: the seed examples, loop-heavy and whole-array kernels, latency (fresh
processes), call overhead, prange scaling (1 and 2 threads), parser speed. Every
contender's result is checked against the plain-Python result before it is timed; a
mismatch is reported as a wrong result and not timed. numjit is probed in a separate
process first (numjit_probe.py), so a kernel that makes numjit raise, abort or hang is
listed as "cannot compile yet" and the run goes on.

Writes docs/benchmarks.md, docs/benchmarks.png and bench/results/<timestamp>.json
(+ latest.json). Options: --only NAME[,NAME] (kernels whose name starts so), --skip
SUITE[,SUITE] (seed, loop, array, latency, overhead, parallel, parse), --no-docs.
A partial run (--only or --skip) writes its JSON to bench/build/ and leaves docs/ alone.
"""
import argparse
import datetime as dt
import json
import math
import os
import platform
import queue
import shutil
import subprocess
import sys
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, HERE)

# NumPy's BLAS (np.dot, @) gets one thread, like every other contender outside the prange
# suite: on a shared 2-core machine a second BLAS thread mostly measures the neighbours.
for _var in ("OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import numpy as np  # noqa: E402

import kernels as K  # noqa: E402
import timing  # noqa: E402
from jits import first_line, jit, load  # noqa: E402

MODES = {
    # rounds of interleaved samples, seconds per sample, CPython samples
    "quick": {"rounds": 9, "target": 0.01, "py_rounds": 3, "probe_limit": 60, "probe_budget": 100,
              "slow": 0.5},
    "full": {"rounds": 15, "target": 0.05, "py_rounds": 5, "probe_limit": 180, "probe_budget": 900,
             "slow": 3.0},
}


def log(*a):
    print(*a, file=sys.stderr, flush=True)


# --------------------------------------------------------------------------- numjit probe

def probe_numjit(names, mode):
    """Run numjit_probe.py over `names`; restart it after a crash or a hang."""
    cfg = MODES[mode]
    results = {}
    remaining = list(names)
    deadline = time.monotonic() + cfg["probe_budget"]
    while remaining:
        if time.monotonic() > deadline:
            for n in remaining:
                results[n] = {"status": "error", "error": "not tried: the probe's time budget ran out"}
            break
        errpath = os.path.join(HERE, "build", "probe-stderr.txt")
        os.makedirs(os.path.dirname(errpath), exist_ok=True)
        with open(errpath, "w") as err:
            p = subprocess.Popen([sys.executable, os.path.join(HERE, "numjit_probe.py"), mode, *remaining],
                                 stdout=subprocess.PIPE, stderr=err, text=True, cwd=ROOT)
            q = queue.Queue()

            def reader():
                for line in p.stdout:
                    q.put(line)
                q.put(None)

            threading.Thread(target=reader, daemon=True).start()
            current = None
            while True:
                try:
                    line = q.get(timeout=cfg["probe_limit"])
                except queue.Empty:
                    p.kill()
                    p.wait()
                    name = current or remaining[0]
                    results[name] = {"status": "error", "error": f"hung: no answer within {cfg['probe_limit']} s"}
                    break
                if line is None:
                    rc = p.wait()
                    if current is not None:
                        results[current] = {"status": "error",
                                            "error": f"the process died ({_rc(rc)}){_tail(errpath)}"}
                    elif rc != 0:
                        for n in remaining:
                            results.setdefault(n, {"status": "error", "error": f"probe failed ({_rc(rc)})"
                                                   f"{_tail(errpath)}"})
                    break
                try:
                    rec = json.loads(line)
                except ValueError:
                    continue  # numjit printed something on stdout
                if rec.get("status") == "started":
                    current = rec["name"]
                else:
                    results[rec["name"]] = rec
                    current = None
        left = [n for n in remaining if n not in results]
        if left == remaining:  # no progress at all: give up rather than loop
            for n in left:
                results[n] = {"status": "error", "error": "the probe made no progress"}
            break
        remaining = left
    return results


def _rc(rc):
    return f"signal {-rc}" if rc < 0 else f"exit code {rc}"


def _tail(path):
    try:
        lines = [l.strip() for l in open(path, errors="replace") if l.strip()]
    except OSError:
        return ""
    return f"; last stderr line: {lines[-1][:200]}" if lines else ""


# --------------------------------------------------------------------------- kernel suites

def run_kernel(k, mode, numba, numjit, C, probe):
    cfg = MODES[mode]
    n, n_py = k.size(mode), k.py_size(mode)
    rec = {"name": k.name, "suite": k.suite, "size": k.label(n), "n": n, "contenders": {}}
    cons = rec["contenders"]
    pa = K.args_for(k, n_py)
    fa = K.args_for(k, n)
    ref = k.fn(*pa)  # plain CPython at the check size: the reference
    rec["check_size"] = k.label(n_py)

    # CPython itself (for loop kernels; a vectorised kernel under CPython is the NumPy row)
    if not k.vectorised:
        t = []
        for _ in range(cfg["py_rounds"]):
            t.append(timing.one_call(k.fn, pa))
        raw = timing.median(t)
        scale = k.work(n) / k.work(n_py)
        cons["CPython"] = {"status": "ok", "time_s": raw * scale, "raw_time_s": raw, "scale": scale,
                           "size": k.label(n_py), "note": "" if n == n_py else f"run at {k.label(n_py)}, scaled x{scale:.3g}"}

    # the others: build, check at the CPython size, then run once at full size
    cands = {}
    if k.vectorised:
        cands["NumPy"] = lambda: k.fn
    elif k.np_fn is not None:
        cands["NumPy"] = lambda: k.np_fn
    if numba is not None:
        cands["Numba"] = lambda: jit(numba, k.fn, k.options)
    if numjit is not None:
        cands["numjit"] = lambda: jit(numjit, k.fn, k.options)
    if C is not None and k.c:
        cands["C"] = lambda: C[k.c]

    live = {}
    full_out = {}
    for name, build in cands.items():
        entry = cons[name] = {}
        if name == "numjit" and probe.get("status") != "ok":
            entry.update(status="cannot compile yet", error=probe.get("error", "not probed"))
            continue
        try:
            t0 = time.perf_counter()
            f = build()
            got = f(*pa)
            if name in ("Numba", "numjit"):
                entry["first_call_s"] = time.perf_counter() - t0
        except Exception as exc:
            entry.update(status="cannot compile yet" if name == "numjit" else "error", error=first_line(exc))
            continue
        if not K.same(got, ref, k.rtol, k.atol):
            entry.update(status="wrong result", error=f"differs from CPython at {k.label(n_py)}: "
                                                      f"{_short(got)} vs {_short(ref)}")
            continue
        try:
            full_out[name] = f(*fa)  # warm-up at the timed size
        except Exception as exc:
            entry.update(status="error", error=first_line(exc))
            continue
        entry["status"] = "ok"
        live[name] = f

    # cross-check at the timed size against the first of NumPy, Numba, C that passed
    base = next((c for c in ("NumPy", "Numba", "C") if c in live), None)
    rtol = max(k.rtol * 100, 1e-8)
    for name in list(live):
        if name != base and not K.same(full_out[name], full_out[base], rtol, k.atol * 100):
            cons[name].update(status="wrong result", error=f"differs from {base} at {k.label(n)}")
            del live[name]
    rec["full_check_against"] = base

    samples, loops = timing.interleaved({c: (f, fa) for c, f in live.items()}, cfg["rounds"], cfg["target"],
                                        slow=cfg["slow"], settle=0.2 if k.options.get("parallel") else 0.0)
    for c, s in samples.items():
        cons[c].update(time_s=timing.median(s), samples=s, loops=loops[c])
    rec["ratios"] = ratios(samples, cons)
    return rec


def ratios(samples, cons):
    r = {}
    for a, b in [("numjit", "Numba"), ("numjit", "C"), ("numjit", "NumPy"), ("Numba", "C"), ("Numba", "NumPy"),
                 ("NumPy", "C")]:
        if a in samples and b in samples:
            r[f"{a}/{b}"] = timing.paired_ratio(samples[a], samples[b])
    py = cons.get("CPython", {}).get("time_s")
    if py:
        for c in samples:
            r[f"CPython/{c}"] = py / timing.median(samples[c])
    return r


def _short(x):
    s = repr(x).replace("\n", " ")
    return s if len(s) < 60 else s[:57] + "..."


# --------------------------------------------------------------------------- main

def meta(mode, numba, numjit):
    def ver(mod):
        return getattr(mod, "__version__", "?") if mod else "not installed"

    cpu = "?"
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        cpu = platform.processor() or "?"
    try:
        import llvmlite
        llvm = llvmlite.__version__
    except ImportError:
        llvm = "not installed"
    gcc = shutil.which("gcc")
    gccv = subprocess.run([gcc, "--version"], capture_output=True, text=True).stdout.splitlines()[0] if gcc else "no gcc"
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=ROOT).stdout.strip()
    return {
        "date": dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "mode": mode, "cpu": cpu, "cores": os.cpu_count(), "machine": platform.machine(),
        "os": platform.platform(), "python": platform.python_version(), "numpy": np.__version__,
        "numba": ver(numba), "numjit": ver(numjit), "llvmlite": llvm, "gcc": gccv, "commit": commit,
        "loadavg_start": os.getloadavg()[0],
    }


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    g = ap.add_mutually_exclusive_group()
    g.add_argument("--quick", action="store_true")
    g.add_argument("--full", action="store_true")
    ap.add_argument("--only", default="")
    ap.add_argument("--skip", default="")
    ap.add_argument("--no-docs", action="store_true")
    opts = ap.parse_args(argv)
    mode = "full" if opts.full else "quick"
    skip = set(filter(None, opts.skip.split(",")))
    only = [s for s in opts.only.split(",") if s]
    t_start = time.perf_counter()

    import latency
    import overhead_suite
    import parallel_suite
    import report

    numba = load("numba")
    numjit = load("numjit")
    res = {"meta": meta(mode, numba, numjit), "kernels": [], "notes": []}
    if numba is None:
        res["notes"].append("Numba is not installed in this environment: its columns are empty.")
    try:
        import cbuild
        res["meta"]["cflags"] = cbuild.build()
        C = cbuild.load()
    except Exception as exc:
        C = None
        res["notes"].append(f"C kernels not available: {first_line(exc)}")

    chosen = [k for k in K.KERNELS if k.suite not in skip and (not only or any(k.name.startswith(o) for o in only))]
    par = [k for k in K.PARALLEL if "parallel" not in skip and (not only or any(k.name.startswith(o) for o in only))]
    probe_names = [k.name for k in chosen + par]
    if "overhead" not in skip and not only:
        probe_names += ["overhead:" + f for f in overhead_suite.FUNCS]
    log(f"[bench] probing numjit on {len(probe_names)} functions in a separate process ...")
    probes = probe_numjit(probe_names, mode) if numjit is not None else {}

    for k in chosen:
        log(f"[bench] {k.suite:6s} {k.name}")
        try:
            res["kernels"].append(run_kernel(k, mode, numba, numjit, C, probes.get(k.name, {})))
        except Exception as exc:  # a broken benchmark must not sink the run
            res["kernels"].append({"name": k.name, "suite": k.suite, "size": k.label(k.size(mode)),
                                   "contenders": {}, "error": first_line(exc)})

    if "parallel" not in skip:
        log("[bench] parallel scaling")
        res["parallel"] = parallel_suite.run(par, mode, numba, numjit, probes)
    if "overhead" not in skip and not only:
        log("[bench] call overhead")
        res["overhead"] = overhead_suite.run(mode, numba, numjit, probes)
    if "latency" not in skip and not only:
        log("[bench] latency (fresh processes)")
        res["latency"] = latency.run(mode)
    if "parse" not in skip and not only:
        log("[bench] parser speed")
        res["parse_speed"] = run_parse_speed(mode)

    res["meta"]["loadavg_end"] = os.getloadavg()[0]
    res["meta"]["wall_s"] = time.perf_counter() - t_start
    res["summary"] = report.summarise(res)
    stamp = dt.datetime.now(dt.timezone.utc).strftime("%Y%m%d-%H%M%S")
    partial = bool(only or skip)
    res["meta"]["partial"] = partial
    # a partial run (--only/--skip) goes to bench/build/ and leaves results/ and docs/ alone
    out_dir = os.path.join(HERE, "build" if partial else "results")
    names = [f"partial-{stamp}-{mode}.json"] if partial else [f"{stamp}-{mode}.json", "latest.json"]
    os.makedirs(out_dir, exist_ok=True)
    for name in names:
        with open(os.path.join(out_dir, name), "w") as fh:
            json.dump(res, fh, indent=1, default=_json_default)
    if not opts.no_docs and not partial:
        report.write_markdown(res, os.path.join(ROOT, "docs", "benchmarks.md"))
        report.write_chart(res, os.path.join(ROOT, "docs", "benchmarks.png"))
    log(report.headline_text(res))
    log(f"[bench] done in {res['meta']['wall_s']:.0f} s; results in {os.path.relpath(os.path.join(out_dir, names[0]), ROOT)}")
    return 0


def _json_default(o):
    if isinstance(o, (np.integer,)):
        return int(o)
    if isinstance(o, (np.floating,)):
        return float(o)
    return repr(o)


def run_parse_speed(mode):
    path = os.path.join(HERE, "parse_speed.py")
    if not os.path.exists(path):
        return {"status": "not available", "note": "bench/parse_speed.py does not exist yet"}
    src = open(path, errors="replace").read()
    cmd = [sys.executable, path]
    if f"--{mode}" in src:
        cmd.append(f"--{mode}")
    elif mode == "quick" and "--repeat" in src:
        cmd += ["--repeat", "1"]  # best of 1 instead of 5 keeps bench-quick short
    limit = 90 if mode == "quick" else 600
    try:
        p = subprocess.run(cmd, capture_output=True, text=True, timeout=limit, cwd=ROOT)
    except subprocess.TimeoutExpired:
        return {"status": "error", "note": f"bench/parse_speed.py ran past {limit} s", "cmd": " ".join(cmd[1:])}
    out = {"status": "ok" if p.returncode == 0 else "error", "cmd": " ".join(["python", os.path.relpath(path, ROOT), *cmd[2:]]),
           "returncode": p.returncode, "stdout": p.stdout[-4000:], "stderr": p.stderr[-1500:]}
    for line in p.stdout.strip().splitlines():
        if "MB/s" in line:
            out["headline"] = line.strip()
    for line in reversed(p.stdout.strip().splitlines()):
        if line.startswith("{"):
            try:
                out["json"] = json.loads(line)
            except ValueError:
                pass
            break
    return out


if __name__ == "__main__":
    sys.exit(main())
