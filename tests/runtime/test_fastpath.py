"""Native dispatch: exact type checks in native code, everything else to Python."""
import ctypes

import numpy as np
import pytest

import handir
from numjit import _backend, _cpython, _fastpath, errors, njit, types
from numjit.dispatcher import Overload


def _installed(d):
    return ctypes.c_void_p.from_address(id(d) + _fastpath._VECTORCALL_OFFSET).value == _fastpath._dispatch_addr


def test_scalars_take_the_native_path_and_others_fall_back(fake_compiler):
    @njit
    def add(x, y):
        return x + y

    assert add(1.0, 2.0) == 3.0
    assert _installed(add)
    assert add(np.float64(1.0), 2.0) == 3.0  # not the exact type: Python path, same code
    assert add(1.0, y=2.5) == 3.5            # keywords: Python path
    with pytest.raises(errors.UnsupportedError, match=r"add\(int64, int64\)"):
        add(1, 2)                            # a new signature is compiled (the fake refuses)
    with pytest.raises(errors.UnsupportedError, match=r"add\(bool, float64\)"):
        add(True, 2.0)
    with pytest.raises(TypeError):
        add(1.0)                             # wrong arity goes to Python's binding


def _ndim_dispatcher(argtype, fixed=False):
    def ndim(a):
        return a.ndim

    d = njit(ndim)
    lib = _backend.compile_ir(handir.NDIM_ENTRY, ["nj_entry_ndim"], name="ndim")
    nf = _cpython.wrap_fastcall(lib["nj_entry_ndim"], "ndim", keep=lib)
    d.overloads[(argtype,)] = Overload((argtype,), types.int64, nf.func, native=nf, library=lib)
    d._fixed = fixed
    _fastpath.update(d)
    return d


def test_array_checks(fake_compiler):
    d = _ndim_dispatcher(types.float64[:, ::1])
    assert d(np.zeros((2, 3))) == 2 and _installed(d)
    for bad in (np.zeros((2, 3), order="F"), np.zeros(3), np.zeros((2, 3), np.float32),
                np.zeros((4, 6))[::2, ::2]):
        with pytest.raises(errors.UnsupportedError):  # Python path: compiles (fake refuses)
            d(bad)
    ro = np.zeros((2, 3))
    ro.flags.writeable = False
    with pytest.raises(errors.UnsupportedError, match="readonly"):
        d(ro)


def test_any_layout_signature_takes_every_array(fake_compiler):
    d = _ndim_dispatcher(types.float64[:, :], fixed=True)
    for a in (np.zeros((2, 3)), np.zeros((2, 3), order="F"), np.zeros((4, 6))[::2, ::2]):
        assert d(a) == 2
    with pytest.raises(TypeError, match="No matching definition"):
        d(np.zeros(3))


def test_check_masks():
    c = _fastpath._check_for(types.Array(types.float64, 2, "F"), relaxed=False)
    assert c.type == id(np.ndarray) and c.kind == 1 and c.ndim == 2
    assert c.mask & 0x3 == 0x3 and c.value & 0x3 == 0x2 and c.value & 0x400
    c = _fastpath._check_for(types.Array(types.float64, 1, "A", readonly=True), relaxed=True)
    assert c.mask & 0x403 == 0
    assert _fastpath._check_for(types.float32, False).type == id(np.float32)
    assert _fastpath._check_for(types.int64, False).type == id(int)
    assert _fastpath._check_for(types.UniTuple(types.int64, 2), False) is None


def test_numpy_scalars_of_the_same_type_stay_native(fake_compiler):
    @njit
    def add(x, y):
        return x + y

    add(1.0, 2.0)
    calls = []
    slow = add._call_slow
    add._call_slow = lambda a, k: calls.append(a) or slow(a, k)
    assert add(np.float64(1.0), 2.0) == 3.0 and add(1.0, 2.0) == 3.0
    assert calls == []
    assert add(1.0, y=2.0) == 3.0
    assert len(calls) == 1
    c = _fastpath._check_for(types.float64, False)
    assert (c.type, c.alt) == (id(float), id(np.float64))
