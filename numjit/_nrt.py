"""The array runtime (NRT): memory for arrays that compiled code allocates.

In: nothing at import time. The first compiled module that declares a symbol named
`nj_rt_*` makes the backend (`_backend._process_address`) ask `address(name)` here.
Out: addresses of
  - `nj_rt_alloc(i64 nbytes) -> ptr meminfo`, `nj_rt_free(ptr meminfo)` and
    `nj_rt_capsule_dtor(ptr capsule)`: native functions compiled once per process from
    `RUNTIME_IR` below and kept alive for its lifetime (arrays handed to NumPy may
    outlive the module that made them, so their destructor must live here);
  - `nj_rt_stats`: two int64 counters (allocations, frees) that the leak tests read
    through `live_allocations()`;
  - `nj_rt_PyArray_New`, `nj_rt_PyArray_SetBaseObject`, `nj_rt_PyArray_Type`: entries of
    NumPy's C-API table (the `_ARRAY_API` capsule), used to box arrays for Python.

A meminfo is one malloc'd block: `{i64 refcount, i64 nbytes}` followed by the array data
(16-byte aligned). Compiled code increments and decrements the refcount inline
(compiler/src/arrays/refcount.ts) and calls `nj_rt_free` when it reaches zero. An array
returned to Python becomes an ndarray over that data whose `base` is a PyCapsule holding
the meminfo; the capsule's destructor drops the reference when NumPy frees the array.
"""
import ctypes

import numpy as np

_stats = (ctypes.c_int64 * 2)()
_lib = None
_api = {}

RUNTIME_IR = r"""
@nj_rt_stats = external global [2 x i64]
declare ptr @malloc(i64)
declare void @free(ptr)
declare ptr @PyCapsule_GetPointer(ptr, ptr)

define ptr @nj_rt_alloc(i64 %nbytes) {
entry:
  %total = add i64 %nbytes, 16
  %mi = call ptr @malloc(i64 %total)
  %fail = icmp eq ptr %mi, null
  br i1 %fail, label %out, label %ok
ok:
  store i64 1, ptr %mi
  %sz = getelementptr inbounds i8, ptr %mi, i64 8
  store i64 %nbytes, ptr %sz
  %n = load i64, ptr @nj_rt_stats
  %n1 = add i64 %n, 1
  store i64 %n1, ptr @nj_rt_stats
  br label %out
out:
  ret ptr %mi
}

define void @nj_rt_free(ptr %mi) {
entry:
  %p = getelementptr inbounds [2 x i64], ptr @nj_rt_stats, i64 0, i64 1
  %n = load i64, ptr %p
  %n1 = add i64 %n, 1
  store i64 %n1, ptr %p
  call void @free(ptr %mi)
  ret void
}

define void @nj_rt_capsule_dtor(ptr %cap) {
entry:
  %mi = call ptr @PyCapsule_GetPointer(ptr %cap, ptr null)
  %null = icmp eq ptr %mi, null
  br i1 %null, label %done, label %dec
dec:
  %c = load i64, ptr %mi
  %c1 = sub i64 %c, 1
  store i64 %c1, ptr %mi
  %zero = icmp eq i64 %c1, 0
  br i1 %zero, label %release, label %done
release:
  call void @nj_rt_free(ptr %mi)
  br label %done
done:
  ret void
}
"""

_EXPORTS = ("nj_rt_alloc", "nj_rt_free", "nj_rt_capsule_dtor")
# index in NumPy's C-API table (numpy/_core/include/numpy/__multiarray_api.h)
_API_INDEX = {"nj_rt_PyArray_New": 93, "nj_rt_PyArray_SetBaseObject": 282}


def _runtime():
    global _lib
    if _lib is None:
        from . import _cache  # compiled once per user, then loaded from the cache
        _lib = _cache.runtime_library(RUNTIME_IR, _EXPORTS, name="nrt", opt=None)
    return _lib


def _array_api():
    if not _api:
        try:
            from numpy._core import _multiarray_umath as mu
        except ImportError:  # NumPy 1.x
            from numpy.core import multiarray as mu
        cap = mu._ARRAY_API
        get = ctypes.pythonapi.PyCapsule_GetPointer
        get.restype = ctypes.c_void_p
        get.argtypes = [ctypes.py_object, ctypes.c_char_p]
        table = get(cap, None)
        for name, idx in _API_INDEX.items():
            _api[name] = ctypes.c_void_p.from_address(table + 8 * idx).value
    return _api


def address(name):
    """The address of runtime symbol `name` (`nj_rt_*`), or None if it is unknown."""
    if name == "nj_rt_stats":
        return ctypes.addressof(_stats)
    if name == "nj_rt_PyArray_Type":
        return id(np.ndarray)
    if name in _API_INDEX:
        return _array_api()[name]
    if name in _EXPORTS:
        return _runtime()[name]
    return None


def live_allocations():
    """Arrays allocated by compiled code and not yet freed (for leak tests)."""
    return _stats[0] - _stats[1]


def stats():
    """(allocations, frees) since the process started."""
    return _stats[0], _stats[1]
