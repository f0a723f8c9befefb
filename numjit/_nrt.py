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
    through `live_allocations()`, and a third, normally 0, that `fail_allocation(k)`
    sets so that the k-th allocation from then on fails as malloc failing would (the
    tests of MemoryError part-way through a call; one load and branch per allocation);
  - `nj_rt_PyArray_New`, `nj_rt_PyArray_SetBaseObject`, `nj_rt_PyArray_Type`: entries of
    NumPy's C-API table (the `_ARRAY_API` capsule), used to box arrays for Python.

A meminfo is `{i64 refcount, i64 capacity}` followed by the array data, inside one
malloc'd block: the data (at meminfo + 16, which compiled code relies on) starts on a
64-byte boundary, as Numba's aligned allocator places it, and the 8 bytes before the
meminfo hold the malloc'd pointer that `nj_rt_free` frees. Fresh blocks of 4 MiB or
more get madvise(MADV_HUGEPAGE) where NumPy does the same for its own arrays (Linux): a
fresh 80 MB result then faults in 2 MiB pages instead of 4 KiB ones, which made whole-array
kernels ~3x slower than NumPy's allocation of the same size. Freed blocks of 1 to 64 MiB go to a small lock-free cache (4 slots)
and serve later requests that fit, so a big temporary made on every call does not fault
its pages in again each time. Compiled code increments and decrements the refcount inline
(compiler/src/arrays/refcount.ts) and calls `nj_rt_free` when it reaches zero. An array
returned to Python becomes an ndarray over that data whose `base` is a PyCapsule holding
the meminfo; the capsule's destructor drops the reference when NumPy frees the array.
"""
import ctypes

import numpy as np

_stats = (ctypes.c_int64 * 3)()
_lib = None
_api = {}

RUNTIME_IR = r"""
@nj_rt_stats = external global [3 x i64]
; freed blocks of 1 to 64 MiB are kept (at most 4) and reused for a request of
; between half their capacity and all of it: big temporaries in a loop would otherwise
; go back to the OS and fault their pages in again on every call
@cache = internal global [@SLOTS@ x ptr] zeroinitializer
declare ptr @malloc(i64)
declare void @free(ptr)
declare i32 @madvise(ptr, i64, i32)
declare ptr @PyCapsule_GetPointer(ptr, ptr)

define ptr @nj_rt_alloc(i64 %nbytes) {
entry:
  ; fault injection (fail_allocation): a non-zero countdown fails the allocation that
  ; brings it to zero
  %fcp = getelementptr inbounds [3 x i64], ptr @nj_rt_stats, i64 0, i64 2
  %fc = load atomic i64, ptr %fcp monotonic, align 8
  %armed = icmp ne i64 %fc, 0
  br i1 %armed, label %inject, label %start, !prof !0
inject:
  %fc0 = atomicrmw sub ptr %fcp, i64 1 monotonic
  %now = icmp eq i64 %fc0, 1
  br i1 %now, label %out, label %start
start:
  %twice = shl i64 %nbytes, 1
  %big = icmp uge i64 %nbytes, 1048576
  br i1 %big, label %s0, label %fresh
@TAKE_SLOTS@
fresh:
  ; malloc's block (raw) holds the pointer to itself at mi - 8, then the meminfo at mi,
  ; then the data at mi + 16 on a 64-byte boundary (as Numba aligns array data)
  %huge = icmp ugt i64 %nbytes, 4611686018427387904
  br i1 %huge, label %out, label %sized
sized:
  %total = add i64 %nbytes, 88
  %raw = call ptr @malloc(i64 %total)
  %fail = icmp eq ptr %raw, null
  br i1 %fail, label %out, label %ok
ok:
  %rawi = ptrtoint ptr %raw to i64
  %d0 = add i64 %rawi, 87
  %d1 = and i64 %d0, -64
  %off = sub i64 %d1, %rawi
  %mioff = sub i64 %off, 16
  %mi = getelementptr inbounds i8, ptr %raw, i64 %mioff
  %back = getelementptr inbounds i8, ptr %mi, i64 -8
  store ptr %raw, ptr %back
  store i64 1, ptr %mi
  %sz = getelementptr inbounds i8, ptr %mi, i64 8
  store i64 %nbytes, ptr %sz
@ADVISE@
counted:
  %blk = phi ptr [%mi, %adv]@REUSED@
  %n = atomicrmw add ptr @nj_rt_stats, i64 1 monotonic
  ret ptr %blk
out:
  ret ptr null
}

define void @nj_rt_free(ptr %mi) {
entry:
  %p = getelementptr inbounds [3 x i64], ptr @nj_rt_stats, i64 0, i64 1
  %n = atomicrmw add ptr %p, i64 1 monotonic
  %capp = getelementptr inbounds i8, ptr %mi, i64 8
  %cap = load i64, ptr %capp
  %big0 = icmp uge i64 %cap, 1048576
  %notHuge = icmp ule i64 %cap, 67108864
  %big = and i1 %big0, %notHuge
  br i1 %big, label %f0, label %release
@PUT_SLOTS@
release:
  %backp = getelementptr inbounds i8, ptr %mi, i64 -8
  %raw = load ptr, ptr %backp
  call void @free(ptr %raw)
  br label %done
done:
  ret void
}

!0 = !{!"branch_weights", i32 1, i32 1000}

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


def _slot_blocks(slots):
    """The cache-slot blocks of RUNTIME_IR: `nj_rt_alloc` tries each slot in turn for a
    block of at least `nbytes` and at most twice that (s/c/t/reuse), `nj_rt_free` parks a
    big block in the first empty slot (f); both fall through to malloc/free."""
    take, put, reused = [], [], []
    for i in range(slots):
        nxt_take = f"s{i + 1}" if i + 1 < slots else "fresh"
        nxt_put = f"f{i + 1}" if i + 1 < slots else "release"
        slot = f"getelementptr inbounds [{slots} x ptr], ptr @cache, i64 0, i64 {i}"
        take.append(f"""s{i}:
  %p{i}a = {slot}
  %p{i} = load atomic ptr, ptr %p{i}a monotonic, align 8
  %e{i} = icmp eq ptr %p{i}, null
  br i1 %e{i}, label %{nxt_take}, label %c{i}
c{i}:
  %cp{i} = getelementptr inbounds i8, ptr %p{i}, i64 8
  %cap{i} = load i64, ptr %cp{i}
  %ge{i} = icmp uge i64 %cap{i}, %nbytes
  %le{i} = icmp ule i64 %cap{i}, %twice
  %fit{i} = and i1 %ge{i}, %le{i}
  br i1 %fit{i}, label %t{i}, label %{nxt_take}
t{i}:
  %x{i} = cmpxchg ptr %p{i}a, ptr %p{i}, ptr null acq_rel monotonic
  %ok{i} = extractvalue {{ptr, i1}} %x{i}, 1
  br i1 %ok{i}, label %reuse{i}, label %{nxt_take}
reuse{i}:
  store i64 1, ptr %p{i}
  br label %counted
""")
        put.append(f"""f{i}:
  %q{i}a = {slot}
  %y{i} = cmpxchg ptr %q{i}a, ptr null, ptr %mi acq_rel monotonic
  %put{i} = extractvalue {{ptr, i1}} %y{i}, 1
  br i1 %put{i}, label %done, label %{nxt_put}
""")
        reused.append(f", [%p{i}, %reuse{i}]")
    return "".join(take).rstrip("\n"), "".join(put).rstrip("\n"), "".join(reused)


def _hugepages():
    """Whether NumPy asks the kernel for transparent huge pages on big blocks (Linux,
    on by default): numjit then does the same, so a fresh 80 MB result faults in
    2 MiB pages as NumPy's own arrays do rather than 20,000 small ones."""
    import sys
    if not sys.platform.startswith("linux"):
        return False
    try:
        from numpy._core import multiarray as mu
    except ImportError:  # NumPy 1.x
        from numpy.core import multiarray as mu
    get = getattr(mu, "_get_madvise_hugepage", None)
    try:
        return bool(get()) if get is not None else False
    except Exception:
        return False


# blocks of 4 MiB or more: madvise(MADV_HUGEPAGE = 14 on Linux) over the whole pages of
# the data, as NumPy does for its own arrays
_ADVISE = """  %hp = icmp uge i64 %nbytes, 4194304
  br i1 %hp, label %adv0, label %adv
adv0:
  %hbeg0 = add i64 %d1, 4095
  %hbeg1 = and i64 %hbeg0, -4096
  %hend0 = add i64 %d1, %nbytes
  %hend1 = and i64 %hend0, -4096
  %hlen = sub i64 %hend1, %hbeg1
  %hptr = inttoptr i64 %hbeg1 to ptr
  %adv_r = call i32 @madvise(ptr %hptr, i64 %hlen, i32 14)
  br label %adv
adv:
  br label %counted"""
_NO_ADVISE = """  br label %adv
adv:
  br label %counted"""

_CACHE_SLOTS = 4
_take, _put, _reused = _slot_blocks(_CACHE_SLOTS)
RUNTIME_IR = (RUNTIME_IR.replace("@SLOTS@", str(_CACHE_SLOTS)).replace("@TAKE_SLOTS@", _take)
              .replace("@PUT_SLOTS@", _put).replace("@REUSED@", _reused)
              .replace("@ADVISE@", _ADVISE if _hugepages() else _NO_ADVISE))

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


def fail_allocation(k):
    """Makes the k-th allocation of compiled code from now on fail (return null, as
    malloc failing would: compiled code raises MemoryError); 0 disarms it. For tests."""
    _stats[2] = max(0, int(k))


def stats():
    """(allocations, frees) since the process started."""
    return _stats[0], _stats[1]
