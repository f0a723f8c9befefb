"""The LLVM backend and the METH_FASTCALL wrapper, on hand-written IR."""
import pytest

import handir
from numjit import _backend, _cpython, errors


def _add():
    lib = _backend.compile_ir(handir.ADD_FLOATS, ["nj_entry_add", "nj_add"], name="add")
    return lib, _cpython.wrap_fastcall(lib["nj_entry_add"], "add", keep=lib)


def test_compile_and_call_entry_point():
    lib, nf = _add()
    assert nf.func(1.5, 2.25) == 3.75
    assert nf.func(1, 2) == 3.0  # PyFloat_AsDouble takes ints
    with pytest.raises(TypeError, match="takes 2 arguments"):
        nf.func(1.0)
    with pytest.raises(TypeError):
        nf.func("a", 1.0)
    assert lib["nj_add"] and "nj_entry_add" in lib.ir
    assert isinstance(lib.object_code, bytes) and len(lib.object_code) > 100
    assert "nj_add" in lib.asm()


def test_object_code_reloads():
    lib, _ = _add()
    imports = _backend.external_symbols(handir.ADD_FLOATS)
    assert imports == {"PyFloat_AsDouble", "PyFloat_FromDouble", "PyErr_Occurred",
                       "PyErr_SetString", "PyExc_TypeError"}
    lib2 = _backend.load_object(lib.object_code, ["nj_entry_add"], imports)
    nf = _cpython.wrap_fastcall(lib2["nj_entry_add"], "add", keep=lib2)
    assert nf.func(2.0, 3.0) == 5.0


@pytest.mark.parametrize("ir,what", [
    (handir.INVALID, "does not parse"),
    (handir.UNVERIFIED, "invalid LLVM IR"),
    (handir.MISSING_SYMBOL, "numjit_no_such_symbol"),
    ("this is not IR", "does not parse"),
])
def test_bad_ir_is_an_internal_error_not_a_crash(ir, what):
    with pytest.raises(errors.InternalError, match=what) as info:
        _backend.compile_ir(ir, ["nj_x"])
    assert "report" in str(info.value)


def test_missing_export_is_an_internal_error():
    with pytest.raises(errors.InternalError):
        _backend.compile_ir(handir.ADD_FLOATS.replace("nj_", "zz_"), ["nj_entry_add"])


@pytest.mark.parametrize("level", ["0", "1", "2", "3"])
def test_opt_levels(monkeypatch, level):
    monkeypatch.setenv("NUMJIT_OPT", level)
    assert _backend.opt_level() == int(level)
    lib, nf = _add()
    assert nf.func(1.0, 1.0) == 2.0


def test_debug_shows_ir(monkeypatch):
    monkeypatch.setenv("NUMJIT_DEBUG", "1")
    with pytest.raises(errors.InternalError, match="--- LLVM IR ---"):
        _backend.compile_ir(handir.UNVERIFIED, ["nj_dom"])


def test_builtin_function_keeps_its_code_alive():
    import gc

    _, nf = _add()
    f = nf.func
    del nf
    gc.collect()
    assert f(2.0, 2.0) == 4.0
