"""cache=True: object code on disk, reloaded in a fresh process without the compiler.

Every test runs its code in fresh Python processes (tests/cache/conftest.py) and reads
back what each process did: its result, numjit._stats, and whether Node was started."""
import os
import pickle
import stat
import sys

import pytest

from numjit import _cache

MOD = """
import numjit

SCALE = 2.0

@numjit.njit(cache=True)
def f(x, y):
    return SCALE * x + y
"""

CALL_F = "import mod\n_result = mod.f(1.5, 2.0)\n"


def test_second_process_loads_without_node(project):
    project.write("mod.py", MOD)
    first = project.run(CALL_F)
    assert first["result"] == 5.0
    assert first["stats"]["compiles"] == 1 and first["stats"]["cache_writes"] == 1
    assert len(project.entries()) == 1
    second = project.run(CALL_F + "assert mod.f.stats.cache_hits\n")
    assert second["result"] == 5.0
    assert second["stats"]["compiles"] == 0 and second["stats"]["cache_hits"] == 1
    assert not second["node"]  # the compiler process was never started


def test_explicit_signature_loads_at_decoration_without_node(project):
    project.write("sig.py", """
        import numjit

        @numjit.njit("float64(float64, int64)", cache=True)
        def p(x, n):
            r = 1.0
            for _ in range(n):
                r *= x
            return r
    """)
    code = "import sig\n_result = [sig.p(2.0, 10), __import__('numjit')._stats.snapshot()]\n"
    first = project.run(code)
    assert first["result"][0] == 1024.0 and first["result"][1]["compiles"] == 1
    second = project.run(code)
    assert second["result"][0] == 1024.0 and second["result"][1]["cache_hits"] == 1
    assert second["stats"]["compiles"] == 0 and not second["node"]


def test_argument_types_get_their_own_entries(project):
    project.write("mod.py", MOD)
    code = "import mod\n_result = [mod.f(1.5, 2.0), mod.f(3, 4)]\n"
    assert project.run(code)["result"] == [5.0, 10.0]
    assert len(project.entries()) == 2
    again = project.run(code)
    assert again["result"] == [5.0, 10.0]
    assert again["stats"]["cache_hits"] == 2 and again["stats"]["compiles"] == 0


def test_cross_module_edit_recompiles(project):
    """a.f (cached) calls b.g; editing g in b.py makes f recompile in the next process."""
    project.write("b.py", """
        import numjit

        @numjit.njit
        def g(x):
            return x + 1.0
    """)
    project.write("a.py", """
        import numjit
        from b import g

        @numjit.njit(cache=True)
        def f(x):
            return 2.0 * g(x)
    """)
    code = "import a\n_result = a.f(1.0)\n"
    assert project.run(code)["result"] == 4.0
    hit = project.run(code)
    assert hit["result"] == 4.0 and hit["stats"]["compiles"] == 0
    project.write("b.py", """
        import numjit

        @numjit.njit
        def g(x):
            return x + 10.0
    """)
    edited = project.run(code)
    assert edited["result"] == 22.0
    assert edited["stats"]["compiles"] == 1 and edited["stats"]["cache_hits"] == 0
    assert len(project.entries()) == 1  # the stale entry was overwritten, not added to
    again = project.run(code)
    assert again["result"] == 22.0 and again["stats"]["compiles"] == 0


def test_module_attribute_call_edit_recompiles(project):
    """Through `import b; b.g(x)`, and a frozen global of the other module."""
    project.write("b.py", "import numjit\nK = 3\n@numjit.njit\ndef g(x):\n    return x * K\n")
    project.write("a.py", "import numjit, b\n@numjit.njit(cache=True)\ndef f(x):\n    return b.g(x) + 1\n")
    code = "import a\n_result = a.f(2)\n"
    assert project.run(code)["result"] == 7
    project.write("b.py", "import numjit\nK = 5\n@numjit.njit\ndef g(x):\n    return x * K\n")
    r = project.run(code)
    assert r["result"] == 11 and r["stats"]["compiles"] == 1


@pytest.mark.parametrize("old,new,before,after", [
    ("SCALE = 2.0", "SCALE = 3.0", 5.0, 6.5),                      # a frozen global
    ("return SCALE * x + y", "return SCALE * x - y", 5.0, 1.0),    # the function's source
])
def test_edit_of_the_function_or_its_globals_recompiles(project, old, new, before, after):
    project.write("mod.py", MOD)
    assert project.run(CALL_F)["result"] == before
    project.write("mod.py", MOD.replace(old, new))
    r = project.run(CALL_F)
    assert r["result"] == after and r["stats"]["compiles"] == 1


def test_closure_and_default_values_are_in_the_key(project):
    src = """
        import numjit

        def make(k):
            @numjit.njit(cache=True)
            def h(x, d=DEFAULT):
                return x * k + d
            return h

        h = make(KVAL)
    """
    project.write("clo.py", src.replace("DEFAULT", "1").replace("KVAL", "2"))
    code = "import clo\n_result = clo.h(10)\n"
    assert project.run(code)["result"] == 21
    project.write("clo.py", src.replace("DEFAULT", "1").replace("KVAL", "3"))
    assert project.run(code)["result"] == 31
    project.write("clo.py", src.replace("DEFAULT", "5").replace("KVAL", "3"))
    r = project.run(code)
    assert r["result"] == 35 and r["stats"]["compiles"] == 1


def test_options_and_opt_level_are_in_the_key(project):
    project.write("mod.py", MOD)
    project.run(CALL_F)
    r = project.run(CALL_F, NUMJIT_OPT="1")
    assert r["stats"]["compiles"] == 1
    project.write("mod.py", MOD.replace("cache=True", "cache=True, fastmath=True"))
    r = project.run(CALL_F)
    assert r["result"] == 5.0 and r["stats"]["compiles"] == 1


def _entry(project):
    (name,) = project.entries()
    return os.path.join(project.root, "__pycache__", name)


@pytest.mark.parametrize("damage", ["truncate", "flip", "empty"])
def test_corrupt_entry_is_warned_ignored_and_rewritten(project, damage):
    project.write("mod.py", MOD)
    project.run(CALL_F)
    path = _entry(project)
    data = open(path, "rb").read()
    if damage == "truncate":
        data = data[:len(data) // 2]
    elif damage == "flip":
        i = len(data) // 3
        data = data[:i] + bytes([data[i] ^ 0x40]) + data[i + 1:]
    else:
        data = b""
    with open(path, "wb") as f:
        f.write(data)
    r = project.run(CALL_F)
    assert r["result"] == 5.0 and r["stats"]["compiles"] == 1
    assert "NumjitWarning" in r["stderr"] and "corrupt" in r["stderr"]
    again = project.run(CALL_F)
    assert again["result"] == 5.0 and again["stats"]["cache_hits"] == 1
    assert "corrupt" not in again["stderr"]


def test_every_flipped_byte_is_detected():
    data = _cache.encode({"key": "k", "obj_len": 4}, b"\x01\x02\x03\x04", "ir text")
    assert _cache.decode(data)[1] == b"\x01\x02\x03\x04"
    for i in range(len(data)):
        bad = data[:i] + bytes([data[i] ^ 1]) + data[i + 1:]
        with pytest.raises(_cache.CorruptEntry):
            _cache.decode(bad)
    for n in range(len(data)):
        with pytest.raises(_cache.CorruptEntry):
            _cache.decode(data[:n])


posix_only = pytest.mark.skipif(not hasattr(os, "geteuid"), reason="POSIX permissions")


@posix_only
def test_cache_dir_writable_by_others_is_not_loaded_from(project):
    project.write("mod.py", MOD)
    project.run(CALL_F)
    pyc = os.path.join(project.root, "__pycache__")
    os.chmod(pyc, os.stat(pyc).st_mode | stat.S_IWOTH)
    r = project.run(CALL_F)
    assert r["result"] == 5.0
    assert r["stats"]["cache_hits"] == 0 and r["stats"]["compiles"] == 1
    assert "writable by others" in r["stderr"]
    # it went to the private per-user cache instead, and loads from there next time
    again = project.run(CALL_F)
    assert again["stats"]["cache_hits"] == 1
    assert any(n.endswith(".nji") for _r, _d, fs in os.walk(os.path.join(project.home, "numjit"))
               for n in fs)


@posix_only
def test_entry_writable_by_others_is_not_loaded(project):
    project.write("mod.py", MOD)
    project.run(CALL_F)
    path = _entry(project)
    os.chmod(path, 0o666)
    r = project.run(CALL_F)
    assert r["stats"]["cache_hits"] == 0 and r["stats"]["compiles"] == 1


@posix_only
@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="needs root to chown")
def test_cache_dir_owned_by_another_user_is_not_loaded_from(project):
    project.write("mod.py", MOD)
    project.run(CALL_F)
    pyc = os.path.join(project.root, "__pycache__")
    os.chown(pyc, 4321, 4321)
    r = project.run(CALL_F)
    assert r["stats"]["cache_hits"] == 0 and r["stats"]["compiles"] == 1
    assert "owned by another user" in r["stderr"]


@posix_only
def test_shared_cache_dir_override_must_be_private(project, tmp_path):
    shared = tmp_path / "shared"
    shared.mkdir()
    os.chmod(shared, 0o777)
    project.write("mod.py", MOD)
    r = project.run(CALL_F, NUMJIT_CACHE_DIR=str(shared))
    assert r["result"] == 5.0 and "cache=True is off" in r["stderr"]
    assert not list(shared.iterdir())


def test_numjit_cache_dir_overrides(project, tmp_path):
    where = tmp_path / "elsewhere"
    project.write("mod.py", MOD)
    r = project.run(CALL_F, NUMJIT_CACHE_DIR=str(where))
    assert r["stats"]["cache_writes"] == 1
    assert project.entries() == []
    found = [n for _r, _d, fs in os.walk(where) for n in fs if n.endswith(".nji")]
    assert len(found) == 1
    assert project.run(CALL_F, NUMJIT_CACHE_DIR=str(where))["stats"]["cache_hits"] == 1


@posix_only
def test_unwritable_source_dir_uses_the_per_user_cache(project):
    if os.geteuid() == 0:
        pytest.skip("root writes everywhere")
    project.write("mod.py", MOD)
    os.chmod(project.root, 0o555)
    try:
        assert project.run(CALL_F)["stats"]["cache_writes"] == 1
        assert project.run(CALL_F)["stats"]["cache_hits"] == 1
    finally:
        os.chmod(project.root, 0o755)


def test_eight_concurrent_processes(project):
    """8 processes compile the same function at once: all right, and the entry whole."""
    project.write("mod.py", MOD)
    code = CALL_F + "import numjit\n_result = [_result, numjit._stats.snapshot()]\n"
    procs = [project.popen(code) for _ in range(8)]
    results = [project.result(p) for p in procs]
    assert all(r["result"][0] == 5.0 for r in results)
    # they took turns: the ones that waited loaded what the first one wrote
    assert sum(r["stats"]["compiles"] for r in results) >= 1
    assert all("corrupt" not in r["stderr"] for r in results)
    path = _entry(project)
    header, obj, _ir = _cache.decode(open(path, "rb").read())
    assert header["obj_len"] == len(obj) > 0
    assert [n for n in os.listdir(os.path.dirname(path)) if n.startswith(".tmp-")] == []
    after = project.run(CALL_F)
    assert after["result"] == 5.0 and after["stats"]["cache_hits"] == 1


def test_concurrent_writers_without_the_lock_never_tear(project, monkeypatch):
    """Even without the lock file (no fcntl), os.replace keeps every entry whole."""
    project.write("mod.py", MOD)
    code = ("import numjit._cache as c\nc.EntryLock.__enter__ = lambda self: self\n" + CALL_F)
    procs = [project.popen(code) for _ in range(8)]
    results = [project.result(p) for p in procs]
    assert all(r["result"] == 5.0 for r in results)
    _cache.decode(open(_entry(project), "rb").read())  # whole
    assert project.run(CALL_F)["stats"]["cache_hits"] == 1


def test_source_not_in_a_file_still_runs(project):
    r = project.run("""
        import numjit, linecache
        src = "def k(x):\\n    return x + 1\\n"
        linecache.cache["<made>"] = (len(src), None, src.splitlines(True), "<made>")
        ns = {}
        exec(compile(src, "<made>", "exec"), ns)
        k = numjit.njit(cache=True)(ns["k"])
        _result = k(1)
    """)
    assert r["result"] == 2 and "cannot cache" in r["stderr"]


def test_clear_removes_entries(project):
    project.write("mod.py", MOD)
    project.run(CALL_F)
    assert project.entries()
    assert _cache.clear(os.path.join(project.root, "mod.py")) >= 1
    assert project.entries() == []
    assert project.run(CALL_F)["stats"]["compiles"] == 1
