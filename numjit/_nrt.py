"""The array runtime (NRT): memory for arrays that compiled code allocates.

In: nothing at import time. The first compiled module that declares a symbol named
`nj_rt_*` makes the backend (`_backend._process_address`) ask `address(name)` here.
Out: addresses of
  - `nj_rt_alloc(i64 nbytes) -> ptr meminfo`, `nj_rt_free(ptr meminfo)` and
    `nj_rt_capsule_dtor(ptr capsule)`: native functions compiled once per process from
    `RUNTIME_IR` below and kept alive for its lifetime (arrays handed to NumPy may
    outlive the module that made them, so their destructor must live here);
  - `nj_rt_stats`: two int64 counters (allocations, frees; atomic, since prange
    threads allocate too) that the leak tests read
    through `live_allocations()`;
  - `nj_rt_PyArray_New`, `nj_rt_PyArray_SetBaseObject`, `nj_rt_PyArray_Type`: entries of
    NumPy's C-API table (the `_ARRAY_API` capsule), used to box arrays for Python.

A meminfo is one malloc'd block: `{i64 refcount, i64 capacity}` followed by the array data
(16-byte aligned). Freed blocks of 1 to 64 MiB go to a small lock-free cache (4 slots)
and serve later requests that fit, so a big temporary made on every call does not fault
its pages in again each time. Compiled code increments and decrements the refcount inline
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
; freed blocks of 1 to 64 MiB are kept (at most 4) and reused for a request of
; between half their capacity and all of it: big temporaries in a loop would otherwise
; go back to the OS and fault their pages in again on every call
@cache = internal global [4 x ptr] zeroinitializer
declare ptr @malloc(i64)
declare void @free(ptr)
declare ptr @PyCapsule_GetPointer(ptr, ptr)

define ptr @nj_rt_alloc(i64 %nbytes) {
entry:
  %twice = shl i64 %nbytes, 1
  %big = icmp uge i64 %nbytes, 1048576
  br i1 %big, label %s0, label %fresh
s0:
  %p0a = getelementptr inbounds [4 x ptr], ptr @cache, i64 0, i64 0
  %p0 = load atomic ptr, ptr %p0a monotonic, align 8
  %e0 = icmp eq ptr %p0, null
  br i1 %e0, label %s1, label %c0
c0:
  %cp0 = getelementptr inbounds i8, ptr %p0, i64 8
  %cap0 = load i64, ptr %cp0
  %ge0 = icmp uge i64 %cap0, %nbytes
  %le0 = icmp ule i64 %cap0, %twice
  %fit0 = and i1 %ge0, %le0
  br i1 %fit0, label %t0, label %s1
t0:
  %x0 = cmpxchg ptr %p0a, ptr %p0, ptr null acq_rel monotonic
  %ok0 = extractvalue {ptr, i1} %x0, 1
  br i1 %ok0, label %reuse0, label %s1
reuse0:
  store i64 1, ptr %p0
  br label %counted
s1:
  %p1a = getelementptr inbounds [4 x ptr], ptr @cache, i64 0, i64 1
  %p1 = load atomic ptr, ptr %p1a monotonic, align 8
  %e1 = icmp eq ptr %p1, null
  br i1 %e1, label %s2, label %c1
c1:
  %cp1 = getelementptr inbounds i8, ptr %p1, i64 8
  %cap1 = load i64, ptr %cp1
  %ge1 = icmp uge i64 %cap1, %nbytes
  %le1 = icmp ule i64 %cap1, %twice
  %fit1 = and i1 %ge1, %le1
  br i1 %fit1, label %t1, label %s2
t1:
  %x1 = cmpxchg ptr %p1a, ptr %p1, ptr null acq_rel monotonic
  %ok1 = extractvalue {ptr, i1} %x1, 1
  br i1 %ok1, label %reuse1, label %s2
reuse1:
  store i64 1, ptr %p1
  br label %counted
s2:
  %p2a = getelementptr inbounds [4 x ptr], ptr @cache, i64 0, i64 2
  %p2 = load atomic ptr, ptr %p2a monotonic, align 8
  %e2 = icmp eq ptr %p2, null
  br i1 %e2, label %s3, label %c2
c2:
  %cp2 = getelementptr inbounds i8, ptr %p2, i64 8
  %cap2 = load i64, ptr %cp2
  %ge2 = icmp uge i64 %cap2, %nbytes
  %le2 = icmp ule i64 %cap2, %twice
  %fit2 = and i1 %ge2, %le2
  br i1 %fit2, label %t2, label %s3
t2:
  %x2 = cmpxchg ptr %p2a, ptr %p2, ptr null acq_rel monotonic
  %ok2 = extractvalue {ptr, i1} %x2, 1
  br i1 %ok2, label %reuse2, label %s3
reuse2:
  store i64 1, ptr %p2
  br label %counted
s3:
  %p3a = getelementptr inbounds [4 x ptr], ptr @cache, i64 0, i64 3
  %p3 = load atomic ptr, ptr %p3a monotonic, align 8
  %e3 = icmp eq ptr %p3, null
  br i1 %e3, label %fresh, label %c3
c3:
  %cp3 = getelementptr inbounds i8, ptr %p3, i64 8
  %cap3 = load i64, ptr %cp3
  %ge3 = icmp uge i64 %cap3, %nbytes
  %le3 = icmp ule i64 %cap3, %twice
  %fit3 = and i1 %ge3, %le3
  br i1 %fit3, label %t3, label %fresh
t3:
  %x3 = cmpxchg ptr %p3a, ptr %p3, ptr null acq_rel monotonic
  %ok3 = extractvalue {ptr, i1} %x3, 1
  br i1 %ok3, label %reuse3, label %fresh
reuse3:
  store i64 1, ptr %p3
  br label %counted
fresh:
  %total = add i64 %nbytes, 16
  %mi = call ptr @malloc(i64 %total)
  %fail = icmp eq ptr %mi, null
  br i1 %fail, label %out, label %ok
ok:
  store i64 1, ptr %mi
  %sz = getelementptr inbounds i8, ptr %mi, i64 8
  store i64 %nbytes, ptr %sz
  br label %counted
counted:
  %blk = phi ptr [%mi, %ok], [%p0, %reuse0], [%p1, %reuse1], [%p2, %reuse2], [%p3, %reuse3]
  %n = atomicrmw add ptr @nj_rt_stats, i64 1 monotonic
  ret ptr %blk
out:
  ret ptr null
}

define void @nj_rt_free(ptr %mi) {
entry:
  %p = getelementptr inbounds [2 x i64], ptr @nj_rt_stats, i64 0, i64 1
  %n = atomicrmw add ptr %p, i64 1 monotonic
  %capp = getelementptr inbounds i8, ptr %mi, i64 8
  %cap = load i64, ptr %capp
  %big0 = icmp uge i64 %cap, 1048576
  %notHuge = icmp ule i64 %cap, 67108864
  %big = and i1 %big0, %notHuge
  br i1 %big, label %f0, label %release
f0:
  %q0a = getelementptr inbounds [4 x ptr], ptr @cache, i64 0, i64 0
  %y0 = cmpxchg ptr %q0a, ptr null, ptr %mi acq_rel monotonic
  %put0 = extractvalue {ptr, i1} %y0, 1
  br i1 %put0, label %done, label %f1
f1:
  %q1a = getelementptr inbounds [4 x ptr], ptr @cache, i64 0, i64 1
  %y1 = cmpxchg ptr %q1a, ptr null, ptr %mi acq_rel monotonic
  %put1 = extractvalue {ptr, i1} %y1, 1
  br i1 %put1, label %done, label %f2
f2:
  %q2a = getelementptr inbounds [4 x ptr], ptr @cache, i64 0, i64 2
  %y2 = cmpxchg ptr %q2a, ptr null, ptr %mi acq_rel monotonic
  %put2 = extractvalue {ptr, i1} %y2, 1
  br i1 %put2, label %done, label %f3
f3:
  %q3a = getelementptr inbounds [4 x ptr], ptr @cache, i64 0, i64 3
  %y3 = cmpxchg ptr %q3a, ptr null, ptr %mi acq_rel monotonic
  %put3 = extractvalue {ptr, i1} %y3, 1
  br i1 %put3, label %done, label %release
release:
  call void @free(ptr %mi)
  br label %done
done:
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


_gemm = {"nj_rt_dgemm": ctypes.c_void_p(0), "nj_rt_sgemm": ctypes.c_void_p(0)}
_gemm_loaded = False


def _load_gemm():
    """Points nj_rt_dgemm/sgemm at the cblas_[sd]gemm of the OpenBLAS NumPy ships
    (scipy-openblas, 64-bit integers), or leaves them null: compiled products then loop."""
    global _gemm_loaded
    if _gemm_loaded:
        return
    _gemm_loaded = True
    import glob
    import os

    root = os.path.dirname(os.path.dirname(np.__file__))
    for path in sorted(glob.glob(os.path.join(root, "numpy.libs", "libscipy_openblas64_*"))):
        try:
            lib = ctypes.CDLL(path)
            d, s = lib.scipy_cblas_dgemm64_, lib.scipy_cblas_sgemm64_
        except (OSError, AttributeError):
            continue
        _gemm["nj_rt_dgemm"].value = ctypes.cast(d, ctypes.c_void_p).value
        _gemm["nj_rt_sgemm"].value = ctypes.cast(s, ctypes.c_void_p).value
        return


def address(name):
    """The address of runtime symbol `name` (`nj_rt_*`), or None if it is unknown."""
    if name == "nj_rt_stats":
        return ctypes.addressof(_stats)
    if name in _gemm:
        _load_gemm()
        return ctypes.addressof(_gemm[name])
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
