"""Native dispatch: the common call of a jitted function never runs Python bytecode.

A Dispatcher is a functools.partial subclass (dispatcher.py): partial is the standard
callable type whose instances take attributes and carry their own vectorcall pointer
(`partialobject.vectorcall`, at the type's tp_vectorcall_offset). Once a dispatcher has
native code, that pointer is set to `numjit_dispatch`, compiled once per process from the
IR below, so the interpreter calls it directly, with the dispatcher as `callable`.
The dispatcher's partial arguments are `(capsule,)`, a PyCapsule holding its table:

    Table { PyObject *fallback; int64 n; Entry *entries }
    Entry { entry_fn; int64 nargs; Check *checks }          // one per compiled signature
    Check { PyTypeObject *type, *alt; int32 kind, type_num, ndim, flag_mask, flag_value; pad }

An entry matches when nargs agrees and every argument's exact type is `type` or `alt`
(`alt`: the NumPy scalar typed the same, np.float64 for float64, ...; for arrays,
kind 1, also its ndim, dtype number and flags under `flag_mask`); `numjit_dispatch` then
tail-calls its entry point. Anything else (keywords, a new type, a value needing
conversion) goes to `fallback`, the dispatcher's Python path, which compiles or converts.
If CPython ever resets the pointer (partial.__setstate__), calls simply take partial's own
path to the same Python fallback.

The table is rewritten under the GIL whenever a signature is added; the native code only
reads it while holding the GIL, so it never sees a half-written table.
"""
import ctypes
import functools
import sys

import numpy as np

from . import types as nt

_NPY_C, _NPY_F, _NPY_ALIGNED, _NPY_WRITEABLE = 0x1, 0x2, 0x100, 0x400

DISPATCH_IR = r"""
declare ptr @PyObject_Vectorcall(ptr, ptr, i64, ptr)

; vectorcall: the dispatcher (a partial), the arguments, their count (the top bit is
; PY_VECTORCALL_ARGUMENTS_OFFSET), keyword names or NULL
define ptr @numjit_dispatch(ptr %disp, ptr %args, i64 %nargsf, ptr %kwnames) {
entry:
  %nargs = and i64 %nargsf, 9223372036854775807
  ; partialobject { PyObject_HEAD; fn; args; ... }: args (a 1-tuple) at 16 + PARTIAL_ARGS
  %argsp = getelementptr inbounds i8, ptr %disp, i64 PARTIAL_ARGS
  %pargs = load ptr, ptr %argsp
  ; PyTupleObject { PyObject_VAR_HEAD; ob_item[] }: item 0 at 24
  %capp = getelementptr inbounds i8, ptr %pargs, i64 24
  %cap = load ptr, ptr %capp
  ; PyCapsule { PyObject_HEAD; void *pointer; ... }: the table pointer at 16
  %tablep = getelementptr inbounds i8, ptr %cap, i64 16
  %table = load ptr, ptr %tablep
  %haskw = icmp ne ptr %kwnames, null
  br i1 %haskw, label %slow, label %start
start:
  %np = getelementptr inbounds i8, ptr %table, i64 8
  %n = load i64, ptr %np
  %ep = getelementptr inbounds i8, ptr %table, i64 16
  %entries = load ptr, ptr %ep
  br label %eloop
eloop:
  %e = phi i64 [ 0, %start ], [ %enext, %next ]
  %edone = icmp uge i64 %e, %n
  br i1 %edone, label %slow, label %ebody
ebody:
  %E = getelementptr inbounds [3 x i64], ptr %entries, i64 %e
  %enp = getelementptr inbounds i8, ptr %E, i64 8
  %en = load i64, ptr %enp
  %nmatch = icmp eq i64 %en, %nargs
  br i1 %nmatch, label %aprep, label %next
aprep:
  %cp = getelementptr inbounds i8, ptr %E, i64 16
  %checks = load ptr, ptr %cp
  br label %aloop
aloop:
  %a = phi i64 [ 0, %aprep ], [ %anext, %aok ]
  %adone = icmp uge i64 %a, %nargs
  br i1 %adone, label %call, label %abody
abody:
  %ap = getelementptr inbounds ptr, ptr %args, i64 %a
  %obj = load ptr, ptr %ap
  %tpp = getelementptr inbounds i8, ptr %obj, i64 8
  %tp = load ptr, ptr %tpp
  %C = getelementptr inbounds [5 x i64], ptr %checks, i64 %a
  %want = load ptr, ptr %C
  %altp = getelementptr inbounds i8, ptr %C, i64 8
  %alt = load ptr, ptr %altp
  %tmatch1 = icmp eq ptr %tp, %want
  %tmatch2 = icmp eq ptr %tp, %alt
  %tmatch = or i1 %tmatch1, %tmatch2
  br i1 %tmatch, label %kind, label %next
kind:
  %kp = getelementptr inbounds i8, ptr %C, i64 16
  %k = load i32, ptr %kp
  %isarr = icmp eq i32 %k, 1
  br i1 %isarr, label %arr, label %aok
arr:
  %ndp = getelementptr inbounds i8, ptr %obj, i64 24
  %nd = load i32, ptr %ndp
  %wndp = getelementptr inbounds i8, ptr %C, i64 24
  %wnd = load i32, ptr %wndp
  %ndok = icmp eq i32 %nd, %wnd
  br i1 %ndok, label %arr2, label %next
arr2:
  %dp = getelementptr inbounds i8, ptr %obj, i64 56
  %descr = load ptr, ptr %dp
  %tnp = getelementptr inbounds i8, ptr %descr, i64 28
  %tn = load i32, ptr %tnp
  %wtnp = getelementptr inbounds i8, ptr %C, i64 20
  %wtn = load i32, ptr %wtnp
  %tnok = icmp eq i32 %tn, %wtn
  br i1 %tnok, label %arr3, label %next
arr3:
  %fp = getelementptr inbounds i8, ptr %obj, i64 64
  %fl = load i32, ptr %fp
  %mp = getelementptr inbounds i8, ptr %C, i64 28
  %m = load i32, ptr %mp
  %vp = getelementptr inbounds i8, ptr %C, i64 32
  %v = load i32, ptr %vp
  %fm = and i32 %fl, %m
  %fok = icmp eq i32 %fm, %v
  br i1 %fok, label %aok, label %next
aok:
  %anext = add i64 %a, 1
  br label %aloop
call:
  %fn = load ptr, ptr %E
  %r = tail call ptr %fn(ptr null, ptr %args, i64 %nargs)
  ret ptr %r
next:
  %enext = add i64 %e, 1
  br label %eloop
slow:
  %fb = load ptr, ptr %table
  %r2 = tail call ptr @PyObject_Vectorcall(ptr %fb, ptr %args, i64 %nargs, ptr %kwnames)
  ret ptr %r2
}
"""


class _Check(ctypes.Structure):
    _fields_ = [("type", ctypes.c_void_p), ("alt", ctypes.c_void_p), ("kind", ctypes.c_int32),
                ("type_num", ctypes.c_int32), ("ndim", ctypes.c_int32),
                ("mask", ctypes.c_int32), ("value", ctypes.c_int32), ("pad", ctypes.c_int32)]


class _Entry(ctypes.Structure):
    _fields_ = [("fn", ctypes.c_void_p), ("nargs", ctypes.c_int64), ("checks", ctypes.c_void_p)]


class _Table(ctypes.Structure):
    _fields_ = [("fallback", ctypes.c_void_p), ("n", ctypes.c_int64),
                ("entries", ctypes.c_void_p)]


assert ctypes.sizeof(_Check) == 40 and ctypes.sizeof(_Entry) == 24

_dispatch_addr = None
_dispatch_lib = None
_SCALAR_PYTYPES = {nt.int64: (int, np.int64), nt.float64: (float, np.float64),
                   nt.boolean: (bool, np.bool_), nt.complex128: (complex, np.complex128),
                   nt.none: (type(None), None), nt.unicode_type: (str, None)}


def _native_ok():
    """True where the fixed object layouts this relies on hold (64-bit, GIL build)."""
    gil = getattr(sys, "_is_gil_enabled", None)
    return (ctypes.sizeof(ctypes.c_void_p) == 8 and sys.implementation.name == "cpython"
            and (gil is None or gil()))


def _check_for(t, relaxed):
    """The Check of one parameter type, or None when native dispatch cannot test it."""
    c = _Check()
    py = _SCALAR_PYTYPES.get(t)
    if py is not None:
        c.type = id(py[0])
        c.alt = id(py[1]) if py[1] is not None else 0
        return c
    if isinstance(t, (nt.Integer, nt.Float, nt.Complex)):
        c.type = id(nt.as_dtype(t).type)
        return c
    if isinstance(t, nt.Array) and t.aligned:
        c.type = id(np.ndarray)
        c.kind = 1
        c.type_num = nt.as_dtype(t.dtype).num
        c.ndim = t.ndim
        mask, value = _NPY_ALIGNED, _NPY_ALIGNED
        if t.layout == "C":
            mask, value = mask | _NPY_C, value | _NPY_C
        elif t.layout == "F":
            mask, value = mask | _NPY_F | (0 if relaxed else _NPY_C), value | _NPY_F
        elif not relaxed:
            mask |= _NPY_C | _NPY_F
        if not t.readonly:
            mask, value = mask | _NPY_WRITEABLE, value | _NPY_WRITEABLE
        elif not relaxed:
            mask |= _NPY_WRITEABLE
        c.mask, c.value = mask, value
        return c
    return None


_VECTORCALL_OFFSET = None  # partial's tp_vectorcall_offset, once checked
_PARTIAL_ARGS = 24  # offsetof(partialobject, args) on 64-bit CPython


def _layout_ok(disp, st):
    """Checks the partial layout the native code relies on, on this very object."""
    global _VECTORCALL_OFFSET
    if _VECTORCALL_OFFSET is None:
        vco = ctypes.c_ssize_t.from_address(id(functools.partial) + 56).value
        _VECTORCALL_OFFSET = vco if vco > _PARTIAL_ARGS else 0
    if not _VECTORCALL_OFFSET or not type(disp).__flags__ & (1 << 11):
        return False
    at = lambda off: ctypes.c_void_p.from_address(id(disp) + off).value  # noqa: E731
    return (at(16) == id(disp.func) and at(_PARTIAL_ARGS) == id(disp.args)
            and len(disp.args) == 1 and disp.args[0] is st.capsule
            and at(_VECTORCALL_OFFSET) is not None)


def _ensure_dispatch():
    global _dispatch_addr, _dispatch_lib
    if _dispatch_addr is None:
        from . import _backend, _cache

        # under the backend's lock: the LLVM warm-up thread and the first call may both
        # get here, and a second library replacing the first would free code in use
        with _backend.LOCK:
            if _dispatch_addr is None:
                ir = DISPATCH_IR.replace("PARTIAL_ARGS", str(_PARTIAL_ARGS))
                # hand-written: O3 only costs time; the object code is cached per user
                _dispatch_lib = _cache.runtime_library(ir, ["numjit_dispatch"], name="dispatch", opt=0)
                _dispatch_addr = _dispatch_lib["numjit_dispatch"]
    return _dispatch_addr


class Table:
    """A dispatcher's table, with everything it points to kept alive."""

    def __init__(self, fallback):
        from . import _cpython

        self.table = _Table()
        self.table.fallback = id(fallback)  # the dispatcher keeps `fallback` alive
        self.capsule = _cpython.capsule(ctypes.addressof(self.table))
        self.keep = []
        self.installed = False


def update(disp):
    """Rebuilds `disp`'s native table from its overloads, and points its calls at the
    native dispatch function the first time it has something native to call."""
    if not _native_ok() or disp._nparams < 0:
        return  # keyword-only or star parameters: always bind in Python
    rows = []
    for o in disp.overloads.values():
        if o.objmode or o.native is None:
            continue
        checks = [_check_for(t, disp._fixed) for t in o.argtypes]
        if any(c is None for c in checks):
            continue
        rows.append((o, checks))
    st = disp._fast
    if not rows and not st.installed:
        return
    entries = (_Entry * max(len(rows), 1))()
    arrays = []
    for i, (o, checks) in enumerate(rows):
        arr = (_Check * max(len(checks), 1))(*checks)
        arrays.append(arr)
        entries[i].fn = o.native._def.ml_meth
        entries[i].nargs = len(checks)
        entries[i].checks = ctypes.addressof(arr)
    # old tables, and the code they point to, stay valid as long as the dispatcher lives
    st.keep.append((entries, arrays, [o for o, _ in rows]))
    st.table.n = 0
    st.table.entries = ctypes.addressof(entries)
    st.table.n = len(rows)
    if not st.installed:
        addr = _ensure_dispatch()
        if _layout_ok(disp, st):
            ctypes.c_void_p.from_address(id(disp) + _VECTORCALL_OFFSET).value = addr
        st.installed = True


def _enable_vectorcall(cls):
    """CPython 3.11 does not give a Python subclass of functools.partial partial's
    vectorcall slot (3.12 does), so calls would build an argument tuple. The subclass has
    partial's layout and tp_call, so setting Py_TPFLAGS_HAVE_VECTORCALL on it is sound;
    done only when the layout checks below confirm it."""
    import functools

    HAVE_VECTORCALL = 1 << 11
    base = functools.partial
    if cls.__flags__ & HAVE_VECTORCALL or not base.__flags__ & HAVE_VECTORCALL:
        return
    if ctypes.sizeof(ctypes.c_void_p) != 8 or sys.implementation.name != "cpython":
        return
    flags = ctypes.c_ulong.from_address(id(cls) + 168)
    vco = lambda t: ctypes.c_ssize_t.from_address(id(t) + 56).value  # noqa: E731
    call = lambda t: ctypes.c_void_p.from_address(id(t) + 128).value  # noqa: E731
    if (flags.value != cls.__flags__ or vco(cls) != vco(base) or vco(base) <= 0
            or call(cls) != call(base) or cls.__basicsize__ != base.__basicsize__):
        return
    flags.value |= HAVE_VECTORCALL
    ctypes.pythonapi.PyType_Modified(ctypes.py_object(cls))
