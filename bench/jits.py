"""Applying each JIT to the same plain-Python function, and reporting what went wrong.

`jit(module, fn, options)` returns `module.njit(fn)` (or `module.njit(**options)(fn)`).
A kernel that uses `prange` gets a copy of `fn` with the same code object, source file
and line, whose `prange` global is `module.prange`: the kernel modules bind `prange =
range` so that they run under plain CPython, and each JIT must see its own prange.
Every other kernel is handed to both JITs as the very same function object.
"""
import importlib
import os
import types

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def load(module_name):
    """Import numba or numjit; None if that fails."""
    try:
        return importlib.import_module(module_name)
    except Exception:
        return None


def rebind(fn, module):
    if "prange" not in fn.__code__.co_names:
        return fn
    g = dict(fn.__globals__)
    g["prange"] = module.prange  # AttributeError when the JIT has no prange: reported as such
    new = types.FunctionType(fn.__code__, g, fn.__name__, fn.__defaults__, fn.__closure__)
    new.__qualname__ = fn.__qualname__
    new.__module__ = fn.__module__
    new.__doc__ = fn.__doc__
    return new


def jit(module, fn, options=None):
    f = rebind(fn, module)
    if options:
        return module.njit(**options)(f)
    return module.njit(f)


def first_line(exc):
    """`Type: first line of the message`, the way the report quotes a failure."""
    text = str(exc).strip().replace(ROOT + os.sep, "")
    line = text.splitlines()[0].strip() if text else ""
    name = type(exc).__name__
    return f"{name}: {line}"[:300] if line else name
