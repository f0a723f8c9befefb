"""Turns the address of a native METH_FASTCALL function into a Python callable.

`wrap_fastcall(addr, name)` builds `PyCFunction_NewEx(&PyMethodDef{name, addr, flags,
doc}, self, NULL)` through ctypes, once per compiled function; calls then go straight
from the interpreter into native code, with no ctypes on the call path. The PyMethodDef
must outlive the function object, so the returned `NativeFunction` pairs them: keep it
(not only its `.func`) alive as long as the function may be called.
"""
import ctypes

METH_VARARGS = 0x1
METH_KEYWORDS = 0x2
METH_FASTCALL = 0x80


class PyMethodDef(ctypes.Structure):
    _fields_ = [
        ("ml_name", ctypes.c_char_p),
        ("ml_meth", ctypes.c_void_p),
        ("ml_flags", ctypes.c_int),
        ("ml_doc", ctypes.c_char_p),
    ]


_api = ctypes.pythonapi
_api.PyCFunction_NewEx.restype = ctypes.py_object
_api.PyCFunction_NewEx.argtypes = [ctypes.c_void_p, ctypes.py_object, ctypes.py_object]
_api.PyCapsule_New.restype = ctypes.py_object
_api.PyCapsule_New.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_void_p]


class NativeFunction:
    """A builtin function object over native code, with the PyMethodDef it points to."""

    __slots__ = ("func", "_def", "_keep")

    def __init__(self, func, mdef, keep):
        self.func = func
        self._def = mdef
        self._keep = keep


def wrap_fastcall(addr, name, doc=None, self_obj=None, keywords=False, keep=None):
    """A builtin function calling the native `PyObject *f(self, args, nargs[, kwnames])`
    at `addr`; `keep` is anything the native code needs kept alive (its JIT library).
    Unless `self_obj` is given, the function's `self` is the returned NativeFunction, so
    the builtin function alone keeps its PyMethodDef and its code alive."""
    mdef = PyMethodDef()
    mdef.ml_name = name.encode("utf-8")
    mdef.ml_meth = addr
    mdef.ml_flags = METH_FASTCALL | (METH_KEYWORDS if keywords else 0)
    mdef.ml_doc = doc.encode("utf-8") if doc else None
    holder = NativeFunction(None, mdef, keep)
    holder.func = _api.PyCFunction_NewEx(ctypes.addressof(mdef),
                                         holder if self_obj is None else self_obj, None)
    return holder


def capsule(addr):
    """A PyCapsule holding the raw pointer `addr` (no destructor)."""
    return _api.PyCapsule_New(addr, None, None)
