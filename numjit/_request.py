"""Builds the compile request of docs/protocol.md from a live Python function.

For the root function and every jitted function reachable from it through globals or
closure cells (transitively), a FunctionDesc: its dedented source with the position where
that text starts, descriptors of every global/builtin name its code (and nested code)
uses, its closure cells and parameter defaults frozen as they are now, and its options.
"""
import builtins
import inspect
import linecache
import sys
import types as pytypes

import numpy as np

_CONST_SCALARS = {bool: "bool", int: "int64", float: "float64", complex: "complex128"}
# where a function or class found in a global may live, searched after its own __module__
_KNOWN_MODULES = ("numjit", "math", "cmath", "numpy", "numpy.random", "numpy.linalg",
                  "operator", "random", "builtins")
# modules the compiler knows itself; other modules' attributes are described in `attrs`
_LIBRARY_ROOTS = ("numjit", "math", "cmath", "numpy", "operator", "random", "builtins")


class SourceError(Exception):
    """The function's source is not available (defined in a REPL string, a lambda, ...)."""


def _source_lines(fn):
    """(lines, first line number) of the def, decorators included, from the line cache
    and the code's instruction positions (3.11+): the block runs from co_firstlineno to
    the last line any instruction of the function or its nested code covers. About 50x
    cheaper than inspect.getsourcelines, whose tokenizer costs ~10 ms on first use;
    None when that cannot be used (lambdas, Python < 3.11, no file)."""
    code = fn.__code__
    if fn.__name__ == "<lambda>" or not hasattr(code, "co_positions"):
        return None
    filename = code.co_filename
    linecache.checkcache(filename)
    lines = linecache.getlines(filename, fn.__globals__)
    first = code.co_firstlineno
    if not lines or first > len(lines):
        return None
    head = lines[first - 1].lstrip()
    if not head.startswith(("@", "def ", "async def ")):
        return None
    last = first
    stack = [code]
    while stack:
        c = stack.pop()
        for pos in c.co_positions():
            if pos[1] is not None and pos[1] > last:
                last = pos[1]
        stack.extend(k for k in c.co_consts if isinstance(k, pytypes.CodeType))
    return lines[first - 1:last], first


def function_source(fn):
    """(dedented source, filename, firstlineno, col_offset) of a function's def."""
    code = fn.__code__
    found = _source_lines(fn)
    if found is not None:
        lines, lineno = found
        filename = code.co_filename
    else:
        try:
            lines, lineno = inspect.getsourcelines(fn)
        except (OSError, TypeError) as e:
            raise SourceError(f"numjit compiles Python source, and the source of {fn.__qualname__} "
                              f"is not available ({e}); define it in a .py file") from None
        filename = inspect.getsourcefile(fn) or code.co_filename
    first = lines[0]
    indent = len(first) - len(first.lstrip(" \t"))
    prefix = first[:indent]
    out = []
    for ln in lines:
        if ln.startswith(prefix):
            out.append(ln[indent:])
        elif not ln.strip():
            out.append("\n")
        else:
            out.append(ln)  # less indented: inside a multi-line string; keep as written
    text = "".join(out)
    if not text.endswith("\n"):
        text += "\n"
    return text, filename, lineno, indent


def const_desc(value):
    """A constant descriptor C, or None when the value is not a constant numjit freezes."""
    cls = type(value)
    if value is None:
        return {"type": "none"}
    if cls is bool:
        return {"type": "bool", "value": value}
    if cls is int:
        if -(1 << 63) <= value < (1 << 63):
            return {"type": "int64", "value": str(value)}
        if 0 <= value < (1 << 64):
            return {"type": "uint64", "value": str(value)}
        return None
    if cls is float:
        return {"type": "float64", "value": repr(value)}
    if cls is complex:
        return {"type": "complex128", "real": repr(value.real), "imag": repr(value.imag)}
    if cls is str:
        return {"type": "str", "value": value}
    if cls is tuple:
        items = [const_desc(v) for v in value]
        if any(i is None for i in items):
            return None
        return {"type": "tuple", "items": items}
    if cls is np.ndarray:
        return _array_const(value)
    if isinstance(value, np.generic):
        from .types import typeof

        try:
            t = typeof(value).key
        except TypeError:
            return None
        if isinstance(value, np.bool_):
            return {"type": "bool", "value": bool(value)}
        if isinstance(value, np.integer):
            return {"type": t, "value": str(int(value))}
        if isinstance(value, np.floating):
            return {"type": t, "value": repr(float(value))}
        if isinstance(value, np.complexfloating):
            return {"type": t, "real": repr(float(value.real)), "imag": repr(float(value.imag))}
    return None


_ARRAY_CONST_LIMIT = 1 << 20


def _array_const(a):
    """A global ndarray frozen as a constant (compiler/src/arrays/constants.ts), or None
    when it is too big (over 1 MiB) or of a dtype numjit does not compile."""
    import base64

    from .types import from_dtype

    try:
        dt = from_dtype(a.dtype)
    except TypeError:
        return None
    if a.nbytes > _ARRAY_CONST_LIMIT:
        return None
    data = base64.b64encode(np.ascontiguousarray(a).tobytes()).decode("ascii")
    return {"type": "array", "dtype": dt.key, "shape": list(a.shape), "data": data}


def _module_attr(value):
    name = getattr(value, "__name__", None)
    if not isinstance(name, str):
        return None
    own = getattr(value, "__module__", None)
    for modname in ((own,) if isinstance(own, str) else ()) + _KNOWN_MODULES:
        mod = sys.modules.get(modname)
        if mod is not None and getattr(mod, name, None) is value:
            if modname == "builtins":
                return {"kind": "builtin", "name": name}
            if modname.startswith("numpy."):  # np.core.* etc.: prefer the public spelling
                top = sys.modules.get("numpy")
                if getattr(top, name, None) is value and modname not in ("numpy.random", "numpy.linalg"):
                    modname = "numpy"
            return {"kind": "module_attr", "module": modname, "attr": name}
    return None


def _unsupported(value):
    cls = type(value)
    try:
        r = repr(value)
    except Exception:  # noqa: BLE001
        r = f"<{cls.__name__} object>"
    if len(r) > 200:
        r = r[:197] + "..."
    mod = cls.__module__
    pytype = cls.__qualname__ if mod == "builtins" else f"{mod}.{cls.__qualname__}"
    return {"kind": "unsupported", "pytype": pytype, "repr": r}


def code_names(code):
    """Every name in co_names of `code` and of the code objects nested in it."""
    names, stack = [], [code]
    seen = set()
    while stack:
        c = stack.pop()
        for n in c.co_names:
            if n not in seen:
                seen.add(n)
                names.append(n)
        stack.extend(k for k in c.co_consts if isinstance(k, pytypes.CodeType))
    return names


class RequestBuilder:
    """Collects the FunctionDescs of a root dispatcher and what it reaches."""

    def __init__(self):
        self.functions = {}
        self._keys = {}  # id(dispatcher) -> key

    def add(self, disp):
        """Describes `disp` (a Dispatcher) and, transitively, the jitted functions it
        uses; returns its key: `module.qualname`, with `#2`, `#3`, ... for further
        functions of the same name in this request (so the request, and a cache key made
        from it, is the same in every process)."""
        key = self._keys.get(id(disp))
        if key is not None:
            return key
        fn = disp.py_func
        base = key = f"{fn.__module__}.{fn.__qualname__}"
        n = 1
        while key in self.functions:
            n += 1
            key = f"{base}#{n}"
        self._keys[id(disp)] = key
        self.functions[key] = None  # placeholder: recursion refers to it by key
        self.functions[key] = self._describe(disp)
        return key

    def _describe(self, disp):
        saved = getattr(self, "_names", set())
        self._names = set(code_names(disp.py_func.__code__))  # for module attrs
        try:
            return self._describe_names(disp)
        finally:
            self._names = saved

    def _describe_names(self, disp):
        fn = disp.py_func
        source, filename, lineno, col = disp._source()
        code = fn.__code__
        g = fn.__globals__
        gl = {}
        for name in code_names(code):
            if name in g:
                gl[name] = self.value(g[name])
            elif hasattr(builtins, name):
                gl[name] = {"kind": "builtin", "name": name}
        free = {}
        for name, cell in zip(code.co_freevars, fn.__closure__ or ()):
            try:
                free[name] = self.value(cell.cell_contents)
            except ValueError:
                free[name] = {"kind": "unsupported", "pytype": "cell", "repr": "<empty cell>"}
        return {
            "name": fn.__name__, "qualname": fn.__qualname__, "module": fn.__module__ or "",
            "source": source, "filename": filename, "firstlineno": lineno, "col_offset": col,
            "globals": gl, "freevars": free, "defaults": self.defaults(fn),
            "options": disp._compiler_options,
        }

    def module(self, mod, depth):
        """A module descriptor; for a module the compiler does not know by itself (the
        user's own), `attrs` describes its attributes that the code names, so that
        `helpers.f(x)` and `helpers.N` resolve."""
        desc = {"kind": "module", "module": mod.__name__}
        if mod.__name__.split(".")[0] in _LIBRARY_ROOTS or depth >= 3:
            return desc
        attrs = {}
        for name in sorted(self._names):
            if name in vars(mod):
                v = vars(mod)[name]
                attrs[name] = (self.module(v, depth + 1) if isinstance(v, pytypes.ModuleType)
                               else self.value(v))
        desc["attrs"] = attrs
        return desc

    def defaults(self, fn):
        out = {}
        code = fn.__code__
        params = code.co_varnames[:code.co_argcount]
        for name, value in zip(params[len(params) - len(fn.__defaults__ or ()):], fn.__defaults__ or ()):
            out[name] = const_desc(value) or {"type": "unsupported", **_unsupported(value)}
        for name, value in (fn.__kwdefaults__ or {}).items():
            out[name] = const_desc(value) or {"type": "unsupported", **_unsupported(value)}
        for d in out.values():
            d.pop("kind", None)
        return out

    def value(self, value):
        """The global descriptor G of a value found for a name."""
        from .dispatcher import Dispatcher

        if isinstance(value, Dispatcher):
            return {"kind": "function", "ref": self.add(value)}
        if isinstance(value, pytypes.ModuleType):
            return self.module(value, 0)
        c = const_desc(value)
        if c is not None:
            return {"kind": "const", "value": c}
        if callable(value):
            m = _module_attr(value)
            if m is not None:
                return m
        return _unsupported(value)
