"""numjit/_elf.py: loads LLVM's object code without LLVM, or refuses (never guesses)."""
import ctypes
import math
import struct

import pytest

from numjit import _backend, _elf

pytestmark = pytest.mark.skipif(not _elf.available(), reason="the loader is for Linux x86-64")

IR = r"""
@counter = global i64 0
@table = private unnamed_addr constant [4 x double] [double 1.5, double 2.5, double 3.5, double 4.5]
declare double @sin(double)

define internal double @helper(double %x) noinline {
  %s = call double @sin(double %x)
  ret double %s
}

define double @f(double %x, i64 %i) {
  %c = load i64, ptr @counter
  %c1 = add i64 %c, 1
  store i64 %c1, ptr @counter
  %p = getelementptr [4 x double], ptr @table, i64 0, i64 %i
  %t = load double, ptr %p
  %h = call double @helper(double %x)
  %r = fadd double %t, %h
  %r2 = fmul double %r, 0x400921FB54442D18
  ret double %r2
}

define i64 @count() {
  %c = load i64, ptr @counter
  ret i64 %c
}
"""


def _compiled():
    lib = _backend.compile_ir(IR, ["f", "count"], name="elftest", opt=2)
    return lib.object_code


def test_loads_and_runs_like_llvm():
    obj = _compiled()
    img = _elf.load(obj, ["f", "count"], _backend._process_address)
    f = ctypes.CFUNCTYPE(ctypes.c_double, ctypes.c_double, ctypes.c_int64)(img["f"])
    count = ctypes.CFUNCTYPE(ctypes.c_int64)(img["count"])
    for i in range(4):
        want = ([1.5, 2.5, 3.5, 4.5][i] + math.sin(0.25 * i)) * math.pi
        assert f(0.25 * i, i) == pytest.approx(want, rel=1e-15)
    assert count() == 4  # writable data is private to this image, and works


def test_unknown_relocation_type_is_refused():
    obj = bytearray(_compiled())
    # find the RELA sections and change the first relocation's type to an unknown one
    shoff, = struct.unpack_from("<Q", obj, 0x28)
    shnum, = struct.unpack_from("<H", obj, 0x3C)
    changed = False
    for i in range(shnum):
        sh = struct.unpack_from("<IIQQQQIIQQ", obj, shoff + 64 * i)
        if sh[1] == 4 and sh[5]:
            info_at = sh[4] + 8
            info, = struct.unpack_from("<Q", obj, info_at)
            struct.pack_into("<Q", obj, info_at, (info & ~0xFFFFFFFF) | 37)
            changed = True
            break
    assert changed
    with pytest.raises(_elf.Unsupported):
        _elf.load(bytes(obj), ["f"], _backend._process_address)


def test_unresolved_symbol_is_refused():
    with pytest.raises(_elf.Unsupported, match="unresolved"):
        _elf.load(_compiled(), ["f"], lambda name: None)


def test_not_an_object_is_refused():
    with pytest.raises(_elf.Unsupported):
        _elf.load(b"\x7fELF" + b"\0" * 100, ["f"], _backend._process_address)


def test_load_object_falls_back_to_llvm(monkeypatch):
    obj = _compiled()
    monkeypatch.setenv("NUMJIT_LLVM_LOADER", "1")
    lib = _backend.load_object(obj, ["f", "count"], ["sin"], name="viallvm")
    assert not isinstance(lib._tracker, _elf.Loaded)
    monkeypatch.delenv("NUMJIT_LLVM_LOADER")
    lib2 = _backend.load_object(obj, ["f", "count"], ["sin"], name="viaelf")
    assert isinstance(lib2._tracker, _elf.Loaded)
    for lb in (lib, lib2):
        f = ctypes.CFUNCTYPE(ctypes.c_double, ctypes.c_double, ctypes.c_int64)(lb["f"])
        assert f(0.0, 1) == pytest.approx(2.5 * math.pi)
