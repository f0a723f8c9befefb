"""numjit/_llvm_direct.py: LLVM through ctypes straight to llvmlite's library, for a
process with no compile server. The object code must be byte for byte the one the
llvmlite.binding path emits; anything the binding cannot do falls back to llvmlite."""
import json
import os
import subprocess
import sys

import pytest

import numjit
from numjit import _backend, _llvm_direct, errors

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "runtime"))
import handir  # noqa: E402

pytestmark = pytest.mark.skipif(
    _llvm_direct.mode() == "off", reason="NUMJIT_DIRECT_LLVM=0 in the environment")


def _usable():
    try:
        with _backend.LOCK:
            _llvm_direct.target()
        return True
    except _llvm_direct.Unavailable:
        return False


needs_direct = pytest.mark.skipif(not _usable(), reason="the direct binding is unavailable here")


def loop_sum(n):
    s = 0
    for i in range(n):
        s += i * 3 % 7
    return s


def mixed(x, y):
    return (x * y + 1.5) / (x - y if x != y else 1.0)


@needs_direct
@pytest.mark.parametrize("level", [0, 2, 3])
def test_same_object_code_and_ir_as_llvmlite(level):
    with _backend.LOCK:
        obj, opt_ir = _llvm_direct.emit_object(handir.ADD_FLOATS, level)
        obj2, _, opt_ir2 = _backend.emit_object(handir.ADD_FLOATS, opt=level)
    assert obj == obj2
    assert opt_ir == opt_ir2


@pytest.fixture
def own_compiler(monkeypatch):
    """A compiler child of this process (no shared server), as with NUMJIT_SERVER=0."""
    from numjit import _service

    _service.shutdown()
    monkeypatch.setattr(_service, "use_server", False)
    yield
    _service.shutdown()


@needs_direct
@pytest.mark.parametrize("fn,args", [(loop_sum, (100,)), (mixed, (3.0, 2.0)), (mixed, (2, 2))])
def test_kernels_same_object_code(monkeypatch, own_compiler, fn, args):
    monkeypatch.setenv("NUMJIT_DIRECT_LLVM", "1")
    before = _llvm_direct.compiles
    j = numjit.njit(fn)
    assert j(*args) == fn(*args)
    o = j.overloads[j.signatures[0]]
    assert o.reply.get("object") is None  # not compiled by a shared server
    assert _llvm_direct.compiles == before + 1
    native = o.reply["native"]
    with _backend.LOCK:
        obj2, _, opt_ir2 = _backend.emit_object(o.reply["ir"], noinline=[native])
    assert o.library.object_code == obj2
    assert o.library.ir == opt_ir2


@needs_direct
def test_compile_ir_forced_and_off(monkeypatch):
    from numjit import _cpython

    monkeypatch.setenv("NUMJIT_DIRECT_LLVM", "1")
    n = _llvm_direct.compiles
    lib = _backend.compile_ir(handir.ADD_FLOATS, ["nj_entry_add", "nj_add"], name="add")
    assert _llvm_direct.compiles == n + 1
    nf = _cpython.wrap_fastcall(lib["nj_entry_add"], "add", keep=lib)
    assert nf.func(1.5, 2.25) == 3.75
    assert "nj_add" in lib.asm()
    monkeypatch.setenv("NUMJIT_DIRECT_LLVM", "0")
    lib2 = _backend.compile_ir(handir.ADD_FLOATS, ["nj_entry_add", "nj_add"], name="add")
    assert _llvm_direct.compiles == n + 1
    assert lib2.object_code == lib.object_code


@needs_direct
@pytest.mark.parametrize("ir,what", [
    (handir.INVALID, "does not parse"),
    (handir.UNVERIFIED, "invalid LLVM IR"),
    (handir.MISSING_SYMBOL, "numjit_no_such_symbol"),
    ("this is not IR", "does not parse"),
])
def test_bad_ir_is_an_internal_error_not_a_crash(monkeypatch, ir, what):
    monkeypatch.setenv("NUMJIT_DIRECT_LLVM", "1")
    with pytest.raises(errors.InternalError, match=what):
        _backend.compile_ir(ir, ["nj_entry_add"])


def _fresh_binding(monkeypatch):
    monkeypatch.setattr(_llvm_direct, "_lib", None)
    monkeypatch.setattr(_llvm_direct, "_failed", None)
    monkeypatch.setattr(_llvm_direct, "_target", None)


@pytest.mark.parametrize("breakage", ["version", "symbol", "llvm"])
def test_any_mismatch_falls_back_to_llvmlite(monkeypatch, breakage):
    _fresh_binding(monkeypatch)
    if breakage == "version":
        monkeypatch.setattr(_llvm_direct, "CHECKED", {"0.0.1": (1, 0, 0)})
    elif breakage == "symbol":
        sigs = dict(_llvm_direct._SIGNATURES, LLVMPY_NoSuchFunction=(None, []))
        monkeypatch.setattr(_llvm_direct, "_SIGNATURES", sigs)
    else:
        monkeypatch.setattr(_llvm_direct, "CHECKED",
                            {v: (1, 2, 3) for v in _llvm_direct.CHECKED})
    with pytest.raises(_llvm_direct.Unavailable):
        _llvm_direct.target()
    monkeypatch.setenv("NUMJIT_DIRECT_LLVM", "1")
    assert not _llvm_direct.wanted()
    n = _llvm_direct.compiles
    lib = _backend.compile_ir(handir.ADD_FLOATS, ["nj_entry_add", "nj_add"], name="add")
    assert lib["nj_entry_add"] and _llvm_direct.compiles == n


def test_only_checked_versions():
    import llvmlite

    assert _llvm_direct._version(os.path.dirname(llvmlite.__file__)) == llvmlite.__version__
    if llvmlite.__version__ in _llvm_direct.CHECKED:
        import llvmlite.binding as llvm

        assert tuple(llvm.llvm_version_info) == _llvm_direct.CHECKED[llvmlite.__version__]


@needs_direct
def test_fresh_process_without_server_never_imports_llvmlite_binding(tmp_path):
    from numjit._compiler import BUNDLE

    if not os.path.exists(BUNDLE):
        pytest.skip("no compiler bundle")
    script = tmp_path / "direct_first_call.py"
    script.write_text(
        "import json, sys, numjit\n"
        "def add_direct_test(a, b):\n    return a + b\n"
        "f = numjit.njit(add_direct_test)\n"
        "r = f(1.0, 2.0)\n"
        "from numjit import _llvm_direct\n"
        "print(json.dumps({'r': r, 'direct': _llvm_direct.compiles,\n"
        "                  'binding': 'llvmlite.binding' in sys.modules}))\n")
    env = dict(os.environ, NUMJIT_SERVER="0")
    env.pop("NUMJIT_DIRECT_LLVM", None)
    out = subprocess.run([sys.executable, str(script)], capture_output=True, text=True,
                         env=env, cwd=str(tmp_path), timeout=120)
    assert out.returncode == 0, out.stderr
    got = json.loads(out.stdout.strip().splitlines()[-1])
    # (the native dispatcher's code may have been compiled too, where not cached yet)
    assert got["r"] == 3.0 and got["direct"] >= 1 and got["binding"] is False
