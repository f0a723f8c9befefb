"""numjit: a just-in-time compiler for numerical Python with Numba's API.

Importing numjit is cheap: it starts no Node.js process and imports no llvmlite, and its
submodules load on first use (`numjit.njit` imports the dispatcher, `numjit.types`
the type system). Both the compiler process and LLVM start on the first compile.
"""
__version__ = "0.1.0"

# name -> (submodule, attribute or None for the module itself)
_LAZY = {
    "njit": ("dispatcher", "njit"),
    "jit": ("dispatcher", "jit"),
    "Dispatcher": ("dispatcher", "Dispatcher"),
    "types": ("types", None),
    "errors": ("errors", None),
    "config": ("config", None),
    "typeof": ("types", "typeof"),
    "from_dtype": ("types", "from_dtype"),
    "NumjitError": ("errors", "NumjitError"),
    "TypingError": ("errors", "TypingError"),
    "NumbaError": ("errors", "NumjitError"),
    "core": ("core", None),
    "_stats": ("_stats", None),
    "set_num_threads": ("_parallel", "set_num_threads"),
    "get_num_threads": ("_parallel", "get_num_threads"),
    "get_thread_id": ("_parallel", "get_thread_id"),
    "set_parallel_chunksize": ("_parallel", "set_parallel_chunksize"),
    "get_parallel_chunksize": ("_parallel", "get_parallel_chunksize"),
    "threading_layer": ("_parallel", "threading_layer"),
}
_TYPE_NAMES = {
    "boolean", "bool_", "b1", "int8", "int16", "int32", "int64", "uint8", "uint16", "uint32",
    "uint64", "intp", "uintp", "intc", "uintc", "float32", "float64", "double", "complex64",
    "complex128", "void", "none", "i1", "i2", "i4", "i8", "u1", "u2", "u4", "u8", "f4", "f8",
    "c8", "c16", "byte", "Array", "UniTuple", "Tuple", "Optional", "optional",
    "unicode_type", "string",
}


def prange(*args):
    """`range` that the compiler may run in parallel inside `parallel=True` functions;
    outside compiled code it is `range`."""
    return range(*args)


def literal_unroll(container):
    """Marks a heterogeneous tuple for unrolled iteration in compiled code; outside
    compiled code it returns its argument."""
    return container


def __getattr__(name):
    import importlib

    if name in _LAZY:
        mod, attr = _LAZY[name]
        m = importlib.import_module("." + mod, __name__)
        value = m if attr is None else getattr(m, attr)
    elif name in _TYPE_NAMES:
        from . import types

        value = types.Optional if name == "optional" else getattr(types, name)
    else:
        raise AttributeError(f"module 'numjit' has no attribute {name!r}")
    globals()[name] = value
    return value


def __dir__():
    return sorted(set(globals()) | set(_LAZY) | _TYPE_NAMES)
