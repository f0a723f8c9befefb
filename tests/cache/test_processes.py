"""Jitted functions across processes: pickling by reference, multiprocessing and
concurrent.futures pools whose workers load a cache=True function instead of compiling."""
import pickle


def test_pickle_is_by_reference():
    import numjit

    f = numjit.njit(cache=False)(_double)
    globals()["_double_jit"] = f
    f.__qualname__ = "_double_jit"
    data = pickle.dumps(f)
    assert b"_rebuild" in data and len(data) < 200  # a reference, not code
    assert pickle.loads(data) is f


def _double(x):
    return 2 * x


POOL = """
import multiprocessing as mp
import concurrent.futures as cf
import numjit
import work

def stats_after(x):
    return work.f(x), numjit._stats.snapshot()

if __name__ == "__main__":
    parent = work.f(1.0)  # compiles here, writes the cache
    ctx = mp.get_context("spawn")
    with ctx.Pool(3) as pool:
        got = pool.map(work.call, [1.0, 2.0, 3.0, 4.0, 5.0, 6.0])
    with cf.ProcessPoolExecutor(2, mp_context=ctx) as ex:
        got2 = list(ex.map(work.call, [7.0, 8.0]))
        direct = list(ex.map(work.f, [9.0]))   # the jitted function itself, pickled
    _result = {"parent": parent, "pool": got, "futures": got2, "direct": direct}
"""

WORK = """
import numjit

@numjit.njit(cache=True)
def f(x):
    return x * x + 1.0

def call(x):
    import os
    return f(x), dict(numjit._stats.snapshot(), pid=os.getpid())
"""


def test_pool_workers_load_from_the_cache(project):
    project.write("work.py", WORK)
    project.write("main.py", POOL)
    r = project.run("import runpy\n_result = runpy.run_path('main.py', run_name='__main__')['_result']\n")
    res = r["result"]
    assert res["parent"] == 2.0 and r["stats"]["compiles"] == 1
    values = [v for v, _s in res["pool"] + res["futures"]]
    assert values == [x * x + 1.0 for x in [1, 2, 3, 4, 5, 6, 7, 8]]
    assert res["direct"] == [82.0]
    for _v, s in res["pool"] + res["futures"]:
        assert s["compiles"] == 0 and s["cache_hits"] == 1  # no worker compiled


def test_pool_started_before_any_compile_compiles_once(project):
    """Workers that all miss at once take turns on the entry's lock: one compiles."""
    project.write("work.py", WORK)
    r = project.run("""
        import multiprocessing as mp
        import work
        if True:
            ctx = mp.get_context("spawn")
            with ctx.Pool(4) as pool:
                got = pool.map(work.call, [float(i) for i in range(8)])
            _result = got
    """)
    assert [v for v, _s in r["result"]] == [i * i + 1.0 for i in range(8)]
    by_worker = {s["pid"]: s for _v, s in r["result"]}
    assert sum(s["compiles"] for s in by_worker.values()) == 1
