"""Turns one run's results (the JSON in bench/results/) into docs/benchmarks.md and the chart.

All ratios are time ratios, A/B = A's time divided by B's time, paired round by round
within the run (timing.paired_ratio): below 1 means A is faster. "x CPython" columns are
speed-ups: CPython's time (scaled from its smaller size where marked) over the contender's.
"""
import math
import os
import re

SUITES = [("seed", "Seed examples"), ("loop", "Loop-heavy kernels"), ("array", "Whole-array kernels")]
CONTENDERS = ["CPython", "NumPy", "Numba", "numjit", "C"]


def geomean(xs):
    xs = [x for x in xs if x and x > 0]
    return math.exp(sum(math.log(x) for x in xs) / len(xs)) if xs else None


def _ok(rec, c):
    return rec.get("contenders", {}).get(c, {}).get("status") == "ok"


def summarise(res):
    ks = res.get("kernels", [])
    s = {"kernels": len(ks)}
    s["numjit_compiles"] = [k["name"] for k in ks if _ok(k, "numjit")]
    s["numjit_cannot_compile"] = [(k["name"], k["contenders"]["numjit"].get("error", ""))
                                  for k in ks if k.get("contenders", {}).get("numjit", {}).get("status") == "cannot compile yet"]
    s["wrong"] = [(k["name"], c, v.get("error", "")) for k in ks for c, v in k.get("contenders", {}).items()
                  if v.get("status") == "wrong result"]
    s["errors"] = [(k["name"], c, v.get("error", "")) for k in ks for c, v in k.get("contenders", {}).items()
                   if v.get("status") == "error"] + [(k["name"], "-", k["error"]) for k in ks if "error" in k]

    def gm(key, suites=("seed", "loop", "array")):
        vals = [k.get("ratios", {}).get(key) for k in ks if k["suite"] in suites]
        vals = [v for v in vals if v]
        return {"geomean": geomean(vals), "count": len(vals)}

    s["numjit/Numba"] = gm("numjit/Numba")
    s["numjit/C"] = gm("numjit/C")
    s["Numba/C"] = gm("Numba/C")
    s["Numba/NumPy (whole-array)"] = gm("Numba/NumPy", ("array",))
    s["Numba/NumPy (loop kernels)"] = gm("Numba/NumPy", ("seed", "loop"))
    s["numjit/NumPy (whole-array)"] = gm("numjit/NumPy", ("array",))
    s["CPython/Numba"] = gm("CPython/Numba", ("seed", "loop"))
    s["CPython/numjit"] = gm("CPython/numjit", ("seed", "loop"))
    other = []
    s["parallel_partial"] = []
    for row in res.get("parallel", {}).get("rows", []):
        e = row["contenders"].get("numjit", {})
        if e.get("status") == "no thread control":
            s["parallel_partial"].append((row["name"], e.get("error")))
        elif e.get("status") not in (None, "ok"):
            other.append((row["name"] + " [parallel]", e.get("error", e.get("status"))))
    for row in res.get("overhead", {}).get("rows", []):
        e = row["contenders"].get("numjit", {})
        if e.get("status") not in (None, "ok"):
            other.append((row["name"] + " [call overhead]", e.get("error", e.get("status"))))
    for row in res.get("latency", {}).get("rows", []):
        e = row["contenders"].get("numjit", {})
        if e.get("status") not in (None, "ok") and row["key"] != "cached_second":
            other.append((row["key"] + " [latency]", e.get("error", e.get("status"))))
    s["numjit_other_failures"] = other
    return s


# --------------------------------------------------------------------------- formatting

def ft(sec):
    if sec is None:
        return "—"
    if sec >= 1:
        return f"{sec:.2f} s"
    if sec >= 1e-3:
        return f"{sec * 1e3:.3g} ms"
    if sec >= 1e-6:
        return f"{sec * 1e6:.3g} µs"
    return f"{sec * 1e9:.3g} ns"


def fr(x, digits=3):
    return "—" if x is None else f"{x:.{digits}g}"


def fx(x):
    if x is None:
        return "—"
    return f"{x:,.0f}×" if x >= 100 else f"{x:.3g}×"


def cell(rec, c):
    e = rec.get("contenders", {}).get(c)
    if e is None:
        return "—"
    st = e.get("status")
    if st == "ok":
        t = ft(e.get("time_s"))
        if c == "CPython" and e.get("scale", 1) != 1:
            t += "\\*"
        return t
    return {"cannot compile yet": "cannot compile yet", "wrong result": "**wrong**", "error": "error"}.get(st, st)


def headline_text(res, for_page=False):
    s = res["summary"]
    lines = []
    nj = s["numjit/Numba"]
    n_total = s["kernels"]
    if nj["geomean"]:
        lines.append(f"numjit/Numba time, geomean over the {nj['count']} kernels numjit compiles "
                     f"(of {n_total}): {nj['geomean']:.3g} (target <= 0.8, i.e. >= 1.25x faster)")
    elif not for_page:
        lines.append(f"numjit compiles {len(s['numjit_compiles'])} of {n_total} kernels: no numjit/Numba ratio yet")
    if s["numjit/C"]["geomean"]:
        lines.append(f"numjit/C geomean over {s['numjit/C']['count']} kernels: {s['numjit/C']['geomean']:.3g}")
    if s["Numba/C"]["geomean"]:
        lines.append(f"Numba/C time, geomean over {s['Numba/C']['count']} kernels with a C version: {s['Numba/C']['geomean']:.3g}")
    w = s["Numba/NumPy (whole-array)"]
    if w["geomean"]:
        lines.append(f"Numba/NumPy time on whole-array kernels, geomean over {w['count']}: {w['geomean']:.3g}")
    w = s["numjit/NumPy (whole-array)"]
    if w["geomean"]:
        lines.append(f"numjit/NumPy time on whole-array kernels, geomean over {w['count']}: {w['geomean']:.3g}")
    p = s["CPython/Numba"]
    if p["geomean"]:
        lines.append(f"Numba speed-up over CPython on loop kernels, geomean over {p['count']}: {p['geomean']:.0f}x")
    p = s["CPython/numjit"]
    if p["geomean"]:
        lines.append(f"numjit speed-up over CPython on loop kernels, geomean over {p['count']}: {p['geomean']:.0f}x")
    return "\n".join(lines)


def write_markdown(res, path):
    m, s = res["meta"], res["summary"]
    L = []
    add = L.append
    add("# Benchmarks: numjit against Numba, NumPy, CPython and C")
    add("")
    add(f"Generated by `make bench{'-quick' if m['mode'] == 'quick' else ''}` (`bench/run.py --{m['mode']}`) "
        f"on {m['date']}, numjit commit `{m['commit']}`. Rerun it to refresh this page; raw numbers are in "
        "`bench/results/` (`latest.json` is this run). Every ratio is a **time ratio** (below 1: the first "
        "is faster), paired round by round within this one run; \"× CPython\" is a speed-up.")
    add("")
    add("## Headline")
    add("")
    for line in headline_text(res, for_page=True).splitlines():
        add(f"- {line}")
    by_suite = ", ".join(f"{title.split()[0].lower()} {sum(1 for k in res['kernels'] if k['suite'] == su and _ok(k, 'numjit'))}"
                         f"/{sum(1 for k in res['kernels'] if k['suite'] == su)}" for su, title in SUITES)
    add(f"- numjit compiles **{len(s['numjit_compiles'])} of {s['kernels']}** benchmark kernels today ({by_suite})"
        + (f": {', '.join(s['numjit_compiles'])}." if s["numjit_compiles"] else "; the rest are listed "
           "[below](#what-numjit-cannot-compile-yet) with the first line of the error."))
    slower = sorted(((k.get("ratios", {}).get("numjit/Numba"), k["name"]) for k in res.get("kernels", [])
                     if (k.get("ratios", {}).get("numjit/Numba") or 0) > 1.05), reverse=True)
    if slower:
        add(f"- numjit is more than 5% slower than Numba on {len(slower)} kernel(s) (target: ≥ 1.0 on every kernel): "
            + ", ".join(f"{n} {v:.2f}" for v, n in slower) + ".")
    nj_wrong = [w for w in s["wrong"] if w[1] == "numjit"]
    if nj_wrong:
        add(f"- **numjit gives wrong results on {len(nj_wrong)} kernel(s)**: "
            + ", ".join(w[0] for w in nj_wrong) + " (see [below](#wrong-results-not-timed)).")
    lat = {r["key"]: r for r in res.get("latency", {}).get("rows", [])}
    bits = []
    for key, what in (("import", "import"), ("tiny", "first call of a tiny function"), ("cached", "cached first call")):
        if key in lat:
            e = lat[key]["contenders"]
            bits.append(f"{what}: Numba {ft(e.get('numba', {}).get('s'))}, numjit "
                        f"{ft(e['numjit']['s']) if e.get('numjit', {}).get('status') == 'ok' else 'not yet'}")
    if bits:
        add("- Latency — " + "; ".join(bits) + ".")
    ov = res.get("overhead", {}).get("rows", [])
    if ov:
        add("- Call overhead — " + "; ".join(
            f"{r['name'].replace('_', ' ')}: Numba {_ns(r, 'Numba')}, numjit {_ns(r, 'numjit')}" for r in ov) + ".")
    ps = res.get("parse_speed") or {}
    if ps.get("headline"):
        add(f"- Parser ({ps.get('cmd', 'bench/parse_speed.py')}): {ps['headline']}.")
    par = res.get("parallel", {}).get("rows", [])
    if par:
        add("- prange, 2 threads vs 1 — " + "; ".join(
            f"{r['name'].split(' ')[0]}: Numba {fr(r['contenders'].get('Numba', {}).get('speedup'))}×, numjit "
            f"{fr(r['contenders'].get('numjit', {}).get('speedup')) + '×' if r['contenders'].get('numjit', {}).get('status') == 'ok' else ('no set_num_threads yet' if r['contenders'].get('numjit', {}).get('status') == 'no thread control' else 'not yet')}"
            for r in par) + ".")
    add("")
    add("![numjit time / Numba time per kernel](benchmarks.png)")
    add("")
    add("## Machine and versions")
    add("")
    add(f"- {m['cpu']}, {m['cores']} cores ({m['machine']}), {m['os']}; load average "
        f"{m['loadavg_start']:.2f} at the start, {m.get('loadavg_end', 0):.2f} at the end (the machine is shared).")
    add(f"- CPython {m['python']}, NumPy {m['numpy']}, Numba {m['numba']}, llvmlite {m['llvmlite']}, numjit {m['numjit']}.")
    add(f"- C: {m['gcc']}, `{m.get('cflags', 'not built')}`, called through ctypes with array pointers.")
    add(f"- Mode `{m['mode']}`; whole run {m.get('wall_s', 0):.0f} s.")
    for note in res.get("notes", []):
        add(f"- {note}")
    if max(m["loadavg_start"], m.get("loadavg_end", 0)) > 1.0:
        add(f"- **The machine was busy during this run** (load average up to "
            f"{max(m['loadavg_start'], m.get('loadavg_end', 0)):.1f} on {m['cores']} cores): absolute times are "
            "inflated and noisy; the paired ratios are the numbers to read.")
    add("")
    for suite, title in SUITES:
        recs = [k for k in res.get("kernels", []) if k["suite"] == suite]
        if not recs:
            continue
        add(f"## {title}")
        add("")
        if suite == "array":
            add("These kernels are NumPy code: under CPython they are the NumPy row. Numba and numjit compile "
                "the same whole-array expressions; C is the same computation fused by hand into one loop.")
            add("")
        add("| kernel | size | CPython | NumPy | Numba | numjit | C | numjit/Numba | numjit/C | Numba/C | "
            "Numba/NumPy | × CPython: Numba | × CPython: numjit | first call: Numba / numjit |")
        add("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
        for k in recs:
            r = k.get("ratios", {})
            fc = " / ".join(ft(k.get("contenders", {}).get(c, {}).get("first_call_s")) for c in ("Numba", "numjit"))
            add(f"| {k['name']} | {k['size']} | " + " | ".join(cell(k, c) for c in CONTENDERS) + " | "
                + " | ".join(fr(r.get(x)) for x in ("numjit/Numba", "numjit/C", "Numba/C", "Numba/NumPy"))
                + f" | {fx(r.get('CPython/Numba'))} | {fx(r.get('CPython/numjit'))} | {fc} |")
        add("")
        add("\"first call\" is the in-process call that compiles the kernel (the JIT already imported and warm; "
            "fresh-process numbers are in [Latency](#latency-fresh-processes)).")
        scaled = [k for k in recs if k.get("contenders", {}).get("CPython", {}).get("scale", 1) != 1]
        if scaled:
            add("")
            add("\\* CPython is too slow at the timed size: it ran at a smaller size and its time is scaled by the "
                "growth of the work (" + "; ".join(f"{k['name']}: {k['contenders']['CPython']['size']}, "
                                                    f"×{k['contenders']['CPython']['scale']:.3g}" for k in scaled) + ").")
        add("")
    add("## Latency (fresh processes)")
    add("")
    latd = res.get("latency")
    if latd:
        add(f"Median of {latd['reps']} fresh processes each; times measured inside the process around the step itself.")
        add("")
        add("| what | Numba | numjit | Numba yardstick (brief) | numjit target |")
        add("|---|---:|---:|---:|---:|")
        for r in latd["rows"]:
            add(f"| {r['label']} | {_lat(r, 'numba')} | {_lat(r, 'numjit')} | {r.get('numba_yardstick', '')} | "
                f"{r.get('target', '')} |")
        imp = lat.get("import", {}).get("contenders", {}).get("numba", {})
        if imp.get("numpy_s"):
            add("")
            add(f"(`import numpy` itself took {ft(sorted(imp['numpy_s'])[len(imp['numpy_s']) // 2])} in those processes.)")
    else:
        add("Not run.")
    add("")
    add("## Call overhead")
    add("")
    if ov:
        o = res["overhead"]
        add(f"`timeit` of the statement `f(a, ...)`, {o['number']:,} calls per repeat, median of {o['repeat']} "
            "repeats interleaved across contenders, nothing subtracted. CPython is the same function uncompiled.")
        add("")
        add("| call | CPython | Numba | numjit | Numba yardstick (brief) | numjit target |")
        add("|---|---:|---:|---:|---:|---:|")
        for r in ov:
            add(f"| {r['label']} | {_ns(r, 'CPython')} | {_ns(r, 'Numba')} | {_ns(r, 'numjit')} | "
                f"{(r['numba_yardstick_ns'] + ' ns') if r.get('numba_yardstick_ns') else ''} | "
                f"{('≤ ' + str(r['target_ns']) + ' ns') if r.get('target_ns') else ''} |")
    else:
        add("Not run.")
    add("")
    add("## Parallel scaling (prange, parallel=True)")
    add("")
    if par:
        add("The same compiled function timed with `set_num_threads(1)` and `set_num_threads(2)`, rounds "
            "interleaved; speed-up = median over rounds of t(1 thread)/t(2 threads). The machine has 2 cores "
            "shared with other work, so 2-thread times are the noisiest numbers here.")
        add("")
        add("| kernel | size | Numba 1 thread | Numba 2 threads | Numba speed-up | numjit 1 thread | numjit 2 threads | numjit speed-up |")
        add("|---|---|---:|---:|---:|---:|---:|---:|")
        partial = False
        for r in par:
            cs = []
            for c in ("Numba", "numjit"):
                e = r["contenders"].get(c, {})
                if e.get("status") == "ok":
                    cs += [ft(e["t1_s"]), ft(e["t2_s"]), fr(e["speedup"]) + "×"]
                elif e.get("status") == "no thread control":
                    partial = True
                    cs += ["—", f"{ft(e['t_default_s'])} (default threads)†", "—"]
                else:
                    cs += [e.get("status", "—"), "", ""]
            add(f"| {r['name']} | {r['size']} | " + " | ".join(cs) + " |")
        if partial:
            add("")
            add("† numjit compiles these prange kernels but has no `set_num_threads` yet, so it is timed only as "
                "it runs by default (separately from Numba, not paired): scaling cannot be measured.")
        regions = [(key, res["parallel"][key]) for key in ("empty_region", "tiny_region") if key in res["parallel"]]
        if regions:
            add("")
            add("Cost of one parallel region at 2 threads (a prange over 2 iterations, call included; "
                "`parallel_suite.time_region`):")
            add("")
            add("| region | Numba | numjit |")
            add("|---|---:|---:|")
            for key, reg in regions:
                cells = []
                for c in ("Numba", "numjit"):
                    e = reg.get(c, {})
                    cells.append(ft(e.get("t_s")) if e.get("status") == "ok"
                                 else f"error: `{_md(e.get('error', '—'))[:80]}`" if e else "—")
                add(f"| {key.replace('_', ' ')} | " + " | ".join(cells) + " |")
        la = res["parallel"].get("loadavg")
        if la is not None and la > 1.0:
            add("")
            add(f"**Caution:** the 1-minute load average was {la:.1f} on {m['cores']} cores when this suite ran: "
                "other processes held the cores, so the 2-thread times (and these speed-ups) understate scaling.")
        layers = {r["contenders"].get("Numba", {}).get("threading_layer") for r in par} - {None}
        if layers:
            add("")
            add(f"Numba's threading layer: {', '.join(sorted(layers))}. Target for numjit: ≥ 1.9× (Numba ~1.9×).")
    else:
        add("Not run.")
    add("")
    add("## Parser speed")
    add("")
    ps = res.get("parse_speed")
    if not ps:
        add("Not run.")
    elif ps["status"] == "not available":
        add("not available (`bench/parse_speed.py` does not exist yet).")
    else:
        add(f"`{ps.get('cmd', 'bench/parse_speed.py')}` — status: {ps['status']}"
            + (f" ({ps['note']})" if ps.get("note") else "") + ". Its output:")
        add("")
        add("```")
        add((ps.get("stdout") or ps.get("stderr") or "").strip()[-3000:])
        add("```")
    add("")
    add("## What numjit cannot compile yet")
    add("")
    cc = s["numjit_cannot_compile"] + s["numjit_other_failures"]
    if cc:
        groups = {}
        for name, err in cc:
            groups.setdefault(_blocker(err), []).append(name)
        add("Blockers, most common first (the same error, positions and array types left out):")
        add("")
        add("| blocker | kernels |")
        add("|---|---:|")
        for msg, names in sorted(groups.items(), key=lambda kv: -len(kv[1])):
            add(f"| `{_md(msg)}` | {len(names)} |")
        add("")
        add("Each is attempted on every run; the first line of the error:")
        add("")
        for name, err in cc:
            add(f"- **{name}**: cannot compile yet: `{_md(err)}`")
    else:
        add("Nothing: numjit compiles every benchmark.")
    if s["wrong"]:
        add("")
        add("### Wrong results (not timed)")
        add("")
        for name, c, err in s["wrong"]:
            add(f"- **{name}** ({c}): {_md(err)}")
    if s["errors"]:
        add("")
        add("### Other errors")
        add("")
        for name, c, err in s["errors"]:
            add(f"- **{name}** ({c}): `{_md(err)}`")
    add("")
    add("## Method")
    add("")
    add("- Kernels are written once, as plain Python, in `bench/kernels/`; `numba.njit(fn)` and `numjit.njit(fn)` "
        "are applied to the same function object (a prange kernel gets a copy with the same code whose `prange` "
        "is that JIT's own). NumPy versions are written separately where a vectorised form exists; C versions "
        "are in `bench/c/kernels.c`.")
    add("- Before timing, every contender runs at the CPython size and its result is compared with plain "
        "CPython's; then it runs once at the timed size (warm-up, compile excluded) and is compared with the "
        "first of NumPy, Numba and C that passed. A mismatch is reported as wrong and not timed.")
    add("- numjit is first tried in a separate process (`bench/numjit_probe.py`) so that an error, a crash "
        "or a hang is recorded as \"cannot compile yet\" without stopping the run.")
    add("- Timing: each sample repeats the call until it lasts ≥ "
        f"{'10 ms' if m['mode'] == 'quick' else '50 ms'} (GC off); rounds interleave the contenders in rotating "
        "order; times are medians; ratios are medians of per-round ratios. CPython runs separately at its size "
        "(median of a few single calls), scaled to the timed size where marked. Geomeans are over kernels where "
        "both contenders ran correctly.")
    add("- Everything runs on one thread except the prange kernels (Numba's default: all cores); NumPy's BLAS "
        "is held to one thread (`OPENBLAS_NUM_THREADS=1`). The C column is single-threaded everywhere, the "
        "prange seed included.")
    add("- Numba and matplotlib live only in the benchmark environment `bench/.venv/` (created by "
        "`bench/setup_env.sh`), never in numjit's dependencies.")
    add("")
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as fh:
        fh.write("\n".join(L))


def _blocker(err):
    """An error's first line without its source position and with array types generalised."""
    msg = re.sub(r"^(\w+: )?\S+:\d+:\d+: (error: )?", "", str(err))
    msg = re.sub(r"array\([^)]*\)", "array(...)", msg)
    return re.sub(r"(compiling|while compiling) \w+", r"\1 ...", msg)


def _md(s):
    return str(s).replace("`", "'").replace("|", "\\|").replace("\n", " ")


def _ns(row, c):
    e = row["contenders"].get(c, {})
    if e.get("status") == "ok" and e.get("ns") is not None:
        return f"{e['ns']:.0f} ns"
    return e.get("status", "—")


def _lat(row, c):
    e = row["contenders"].get(c, {})
    if e.get("status") == "ok":
        t = ft(e["s"])
        if row["key"] == "cached":
            hits = e.get("cache_hits") or []
            if hits and all(h is not None for h in hits):
                t += " (cache hit)" if all(h > 0 for h in hits) else " (**no cache hit**)"
            if e.get("cold_s"):
                t += f"; cold {ft(e['cold_s'])}"
        return t
    return f"error: `{_md(e.get('error', ''))[:120]}`" if c == "numba" else "not yet"


# --------------------------------------------------------------------------- chart

def write_chart(res, path):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    ks = [k for k in res.get("kernels", []) if k["suite"] in ("seed", "loop", "array")]
    if not ks:
        return
    names = [f"{k['name']}  [{k['suite']}]" for k in ks]
    y = list(range(len(ks)))[::-1]
    fig, (a1, a2) = plt.subplots(1, 2, figsize=(13, 0.32 * len(ks) + 2.2), sharey=True,
                                 gridspec_kw={"width_ratios": [1.1, 1]})
    nj = [k.get("ratios", {}).get("numjit/Numba") for k in ks]
    for yi, v, k in zip(y, nj, ks):
        if v:
            a1.barh(yi, v - 1.0, left=1.0, color="#2b7bba" if v <= 1 else "#d95f02", height=0.6)
            a1.text(v, yi, f" {v:.2f} " if v > 1 else f"{v:.2f} ", va="center", fontsize=7,
                    ha="left" if v > 1 else "right")
        else:
            st = k.get("contenders", {}).get("numjit", {}).get("status", "not run")
            a1.plot([1], [yi], marker="x", color="0.6")
            a1.text(1.08, yi, st, va="center", fontsize=7, color="0.45")
    a1.axvline(1.0, color="k", lw=0.8)
    a1.axvline(0.8, color="green", lw=0.8, ls="--", label="target geomean 0.8 (1.25x faster)")
    a1.set_xscale("log")
    a1.set_xlim(0.1, 10)
    a1.set_yticks(y)
    a1.set_yticklabels(names, fontsize=8)
    a1.set_xlabel("numjit time / Numba time (log; < 1: numjit faster; x: missing)")
    gm = res["summary"]["numjit/Numba"]
    a1.set_title(f"numjit vs Numba: {len(res['summary']['numjit_compiles'])}/{len(ks)} kernels compile"
                 + (f", geomean {gm['geomean']:.2f}" if gm["geomean"] else ""), fontsize=10)
    a1.legend(fontsize=7, loc="lower right")
    for key, mk, col, lab in (("Numba/C", "o", "#1b9e77", "Numba / C"), ("Numba/NumPy", "s", "#7570b3", "Numba / NumPy")):
        pts = [(k.get("ratios", {}).get(key), yi) for k, yi in zip(ks, y)]
        pts = [(v, yi) for v, yi in pts if v]
        if pts:
            a2.scatter([p[0] for p in pts], [p[1] for p in pts], marker=mk, color=col, label=lab, s=22)
    a2.axvline(1.0, color="k", lw=0.8)
    a2.set_xscale("log")
    a2.set_xlabel("time ratio (log; < 1: Numba faster)")
    a2.set_title("context: Numba against C and NumPy", fontsize=10)
    a2.legend(fontsize=7, loc="lower right")
    a2.grid(axis="x", alpha=0.3)
    a1.grid(axis="x", alpha=0.3)
    m = res["meta"]
    fig.suptitle(f"numjit benchmarks ({m['mode']}), {m['date']}, {m['cpu']}, {m['cores']} cores", fontsize=10)
    fig.tight_layout()
    os.makedirs(os.path.dirname(path), exist_ok=True)
    fig.savefig(path, dpi=110)
    plt.close(fig)
