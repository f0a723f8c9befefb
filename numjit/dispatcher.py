"""`@njit` / `@jit` and the Dispatcher they return.

A Dispatcher wraps a Python function. Called with arguments of types it has not seen, it
asks the compiler (numjit._service) for LLVM IR specialised to those types, JIT-compiles it
(numjit._backend) and keeps the resulting native entry point, keyed by the argument types.
Explicit signatures compile eagerly and restrict dispatch to themselves.

The call path. A Dispatcher is a `functools.partial` subclass: partial is the standard
callable type whose instances take attributes and carry their own vectorcall pointer.
Until something is compiled, calls take partial's path to a Python closure
(`_call_slow`: bind, typeof, lookup, compile, convert). Once native code exists,
numjit._fastpath points the instance's vectorcall at a native dispatch function that
compares the arguments' exact types with each compiled signature and jumps straight into
the matching entry point, falling back to `_call_slow` for anything else (keywords,
defaults, conversions, new types). The common call never runs Python bytecode.
"""
import functools
import inspect
import threading
import warnings

from . import config, errors
from . import types as nt

_compile_lock = threading.RLock()  # one compile at a time per process (the service is serial too)

# -- options ----------------------------------------------------------------------

_FASTMATH_FLAGS = {"nnan", "ninf", "nsz", "arcp", "contract", "afn", "reassoc", "fast"}
_BOOL_OPTIONS = ("nopython", "forceobj", "cache", "nogil", "looplift", "debug",
                 "no_cpython_wrapper", "no_cfunc_wrapper", "no_rewrites", "_nrt", "nrt",
                 "writable_args")
# accepted for compatibility with Numba programs, without effect
_IGNORED_OPTIONS = ("looplift", "debug", "no_cpython_wrapper", "no_cfunc_wrapper",
                    "no_rewrites", "_nrt", "nrt", "pipeline_class", "target", "writable_args",
                    "_dbg_extend_lifetimes", "_dbg_optnone")
_KNOWN_OPTIONS = set(_BOOL_OPTIONS) | set(_IGNORED_OPTIONS) | {
    "fastmath", "error_model", "boundscheck", "parallel", "inline", "locals"}


def validate_options(opts, decorator="njit"):
    """Checks the decorator's options; returns them normalised. Raises TypeError or
    ValueError saying which option is wrong and what it accepts."""
    unknown = sorted(set(opts) - _KNOWN_OPTIONS)
    if unknown:
        raise TypeError(f"{decorator}() got unknown option(s) {', '.join(map(repr, unknown))}; "
                        f"numjit accepts {', '.join(sorted(_KNOWN_OPTIONS - set(_IGNORED_OPTIONS)))}")
    out = dict(opts)
    for name in _BOOL_OPTIONS:
        if name in out and not isinstance(out[name], bool):
            if name == "cache" and isinstance(out[name], (int,)):
                out[name] = bool(out[name])
                continue
            raise TypeError(f"{decorator}({name}=...) must be True or False, not {out[name]!r}")
    fm = out.get("fastmath", False)
    if isinstance(fm, bool):
        pass
    elif isinstance(fm, (set, frozenset, list, tuple)):
        bad = sorted(str(f) for f in fm if f not in _FASTMATH_FLAGS)
        if bad:
            raise ValueError(f"{decorator}(fastmath=...) got unknown flag(s) {', '.join(bad)}; "
                             f"the flags are {', '.join(sorted(_FASTMATH_FLAGS))}")
        out["fastmath"] = sorted(fm)
    else:
        raise TypeError(f"{decorator}(fastmath=...) takes True, False or a set of flags such as "
                        f"{{'nnan', 'contract'}}, not {fm!r}")
    em = out.get("error_model", "python")
    if em not in ("python", "numpy"):
        raise ValueError(f"{decorator}(error_model=...) must be 'python' or 'numpy', not {em!r}")
    bc = out.get("boundscheck", None)
    if bc is not None and not isinstance(bc, bool):
        raise TypeError(f"{decorator}(boundscheck=...) must be True, False or None, not {bc!r}")
    par = out.get("parallel", False)
    if not isinstance(par, (bool, dict)):
        raise TypeError(f"{decorator}(parallel=...) must be True or False, not {par!r}")
    inl = out.get("inline", "never")
    if not (inl in ("never", "always") or callable(inl)):
        raise ValueError(f"{decorator}(inline=...) must be 'never', 'always' or a cost-model "
                         f"function, not {inl!r}")
    loc = out.get("locals", None) or {}
    if not isinstance(loc, dict):
        raise TypeError(f"{decorator}(locals=...) must be a dict of variable name to type")
    try:
        out["locals"] = {str(k): nt._as_type(v) for k, v in loc.items()}
    except TypeError as e:
        raise TypeError(f"{decorator}(locals=...): {e}") from None
    if out.get("forceobj") and out.get("nopython"):
        raise ValueError(f"{decorator}(): nopython=True and forceobj=True contradict each other")
    return out


def _compiler_options(opts):
    """The `options` object of a FunctionDesc (docs/protocol.md)."""
    inl = opts.get("inline", "never")
    return {
        "fastmath": opts.get("fastmath", False),
        "error_model": opts.get("error_model", "python"),
        "boundscheck": (config.BOUNDSCHECK if config.BOUNDSCHECK is not None
                        else bool(opts.get("boundscheck") or False)),
        "nogil": bool(opts.get("nogil", False)),
        "parallel": bool(opts.get("parallel", False)),
        "inline": inl if inl in ("never", "always") else "never",
        "locals": {k: v.key for k, v in opts.get("locals", {}).items()},
    }


# -- compiled specialisations -------------------------------------------------------------

class Overload:
    """One compiled specialisation: argument types, return type, native entry."""

    def __init__(self, argtypes, restype, func, native=None, library=None, reply=None,
                 objmode=False):
        self.argtypes = argtypes      # tuple of numjit types
        self.restype = restype        # numjit type (None in object mode)
        self.func = func              # Python callable: the wrapped entry point (or py_func)
        self.native = native          # the NativeFunction keeping the PyMethodDef alive
        self.library = library        # numjit._backend.Library (IR, object code, addresses)
        self.reply = reply or {}      # the compiler's reply (annotations, raw IR)
        self.objmode = objmode

    @property
    def signature(self):
        return nt.Signature(self.restype, self.argtypes)

    @property
    def entry_point(self):
        return self.library[self.reply["entry"]] if self.library else None


_KIND_ORDER = (nt.Boolean, nt.Integer, nt.Float, nt.Complex)


def _conversion_cost(src, dst):
    """How far an argument of type src is from a parameter of type dst: 0 for the same
    type, None when it cannot be passed (explicit signatures only). Lower is better: a
    wider or narrower type of the same kind beats a change of kind (bool < int < float
    < complex); nothing converts down that order."""
    if src is dst:
        return 0
    if isinstance(dst, nt.Array) and isinstance(src, nt.Array):
        ok = (src.dtype is dst.dtype and src.ndim == dst.ndim
              and (dst.layout == "A" or src.layout == dst.layout)
              and (dst.readonly or not src.readonly))
        return 1 if ok else None
    if isinstance(src, _KIND_ORDER) and isinstance(dst, _KIND_ORDER):
        ks, kd = _KIND_ORDER.index(type(src)), _KIND_ORDER.index(type(dst))
        if kd < ks:
            return None
        return 10 * (kd - ks) + (1 if ks == kd else 0)
    if isinstance(src, nt.BaseTuple) and isinstance(dst, nt.BaseTuple):
        if len(src.types) != len(dst.types):
            return None
        costs = [_conversion_cost(a, b) for a, b in zip(src.types, dst.types)]
        return None if None in costs else sum(costs)
    if isinstance(dst, nt.Optional):
        if src is nt.none:
            return 1
        c = _conversion_cost(src, dst.type)
        return None if c is None else c + 1
    return None


def _convert(value, dst):
    """The value as the Python object an entry point for `dst` takes."""
    if isinstance(dst, nt.Float):
        return float(value) if dst is nt.float64 else nt.as_dtype(dst).type(value)
    if isinstance(dst, nt.Integer):
        return int(value) if dst is nt.int64 else nt.as_dtype(dst).type(value)
    if isinstance(dst, nt.Complex):
        return complex(value) if dst is nt.complex128 else nt.as_dtype(dst).type(value)
    if dst is nt.boolean:
        return bool(value)
    if isinstance(dst, nt.BaseTuple) and isinstance(value, tuple):
        return tuple(_convert(v, t) for v, t in zip(value, dst.types))
    return value


# -- the dispatcher -----------------------------------------------------------------------

class Dispatcher(functools.partial):
    """A jitted function. Call it like the Python function it wraps."""

    __slots__ = ()

    def __new__(cls, *a, **k):  # partial's own pickling path calls this with no arguments
        return super().__new__(cls, *a, **k)

    def __repr__(self):
        return f"CPUDispatcher({self.py_func!r})"

    def __setstate__(self, state):
        raise TypeError("a numjit Dispatcher cannot be restored from partial state")

    def __reduce__(self):
        return (_rebuild, (self.py_func.__module__, self.py_func.__qualname__))

    def __copy__(self):
        return self

    def __deepcopy__(self, memo):
        return self

    def __get__(self, obj, objtype=None):
        """Lets a jitted function be used as a method, like a plain function."""
        if obj is None:
            return self
        import types as pytypes

        return pytypes.MethodType(self, obj)

    # attributes ---------------------------------------------------------------

    @property
    def signatures(self):
        """Argument-type tuples of the compiled specialisations, in compile order."""
        return [o.argtypes for o in self.overloads.values() if not o.objmode]

    @property
    def nopython_signatures(self):
        return [o.signature for o in self.overloads.values() if not o.objmode]

    @property
    def targetoptions(self):
        return dict(self._options)

    @property
    def stats(self):
        """Cache statistics, as Numba's: `cache_hits` and `cache_misses` by signature."""
        st = self.__dict__.get("_cache_stats")
        if st is None:
            from ._cache import CacheStats

            st = self.__dict__["_cache_stats"] = CacheStats()
        return st

    # compiling ------------------------------------------------------------------

    def _source(self):
        if self._src is None:
            from ._request import function_source

            self._src = function_source(self.py_func)
        return self._src

    def compile(self, sig):
        """Compiles for a signature (string, Signature, or tuple of argument types);
        returns the Overload."""
        sig = nt.parse_signature(sig)
        return self._compile(tuple(sig.args), sig.return_type)

    def _compile(self, argtypes, restype=None):
        with _compile_lock:
            o = self.overloads.get(argtypes)
            if o is not None:
                return o
            if self._options.get("forceobj"):
                return self._objmode(argtypes, "forceobj=True was given")
            try:
                o = self._compile_native(argtypes, restype)
            except (errors.TypingError, errors.UnsupportedError, errors.CompileSyntaxError) as e:
                if self._options.get("nopython") is False:
                    return self._objmode(argtypes, str(e))
                raise
            self.overloads[argtypes] = o
            from . import _fastpath

            _fastpath.update(self)
            return o

    def _compile_native(self, argtypes, restype):
        from . import _backend, _cpython, _request

        builder = _request.RequestBuilder()
        try:
            root = builder.add(self)
        except _request.SourceError as e:
            raise errors.UnsupportedError(str(e)) from None
        msg = {"op": "compile", "root": root, "argtypes": [t.key for t in argtypes],
               "functions": builder.functions}
        if restype is not None:
            msg["restype"] = restype.key

        def compile_now():
            from . import _service, _stats  # (not imported on a cache hit)

            _service.warm_backend()  # LLVM loads while the compiler works
            reply = _service.request(msg, what=f"compiling {self.py_func.__qualname__}")
            if not reply.get("ok"):
                raise _error_from_reply(reply, self)
            _stats.compiles += 1
            for w in reply.get("warnings") or ():
                text = w if isinstance(w, str) else (w.get("formatted") or w.get("message") or str(w))
                warnings.warn(errors.NumjitWarning(text.rstrip("\n")), stacklevel=6)
            if config.DUMP_LLVM:
                import sys

                print(f"--- LLVM IR of {self.py_func.__qualname__}{tuple(t.key for t in argtypes)} "
                      f"(as the compiler sent it) ---\n{reply.get('ir', '')}", file=sys.stderr)
            try:
                exports = [reply["entry"], reply["native"]]
                if reply.get("object") is not None:  # the shared server ran LLVM too
                    import binascii  # (base64's own module only adds an import)

                    lib = _backend.load_object(binascii.a2b_base64(reply["object"]), exports,
                                               reply.get("imports", ()), ir=reply.get("opt_ir", ""),
                                               name=self.py_func.__name__)
                else:
                    lib = _backend.compile_ir(reply["ir"], exports, name=self.py_func.__name__,
                                              noinline=[reply["native"]])
            except KeyError as e:
                raise errors.InternalError(f"the compiler's reply lacks {e}; {_backend.REPORT}") from None
            return reply, lib

        if self._options.get("cache"):
            from . import _cache

            reply, lib, hit = _cache.compile_cached(self, msg, compile_now)
            self.stats.record(argtypes, hit)
        else:
            reply, lib = compile_now()
        entry = reply["entry"]
        rt = nt.parse_type(reply["restype"]) if reply.get("restype") else restype
        nf = _cpython.wrap_fastcall(lib[entry], self.py_func.__name__, doc=None, keep=lib)
        return Overload(argtypes, rt, nf.func, native=nf, library=lib, reply=reply)

    def _objmode(self, argtypes, why, store=True):
        if not self._warned:
            self._warned = True
            warnings.warn(errors.NumjitObjectModeWarning(
                f"{self.py_func.__qualname__} runs in object mode (as plain Python, "
                f"not compiled): {why}"), stacklevel=5 if store else 4)
        o = Overload(argtypes, None, self.py_func, objmode=True)
        if store:
            self.overloads[argtypes] = o
        return o

    # calling --------------------------------------------------------------------

    def _call_slow(self, args, kwargs):
        if kwargs or len(args) != self._nparams:
            args = self._bind(args, kwargs)
        try:
            argtypes = tuple(nt.typeof(a) for a in args)
        except TypeError as e:
            if self._options.get("nopython") is False or self._options.get("forceobj"):
                self._objmode(None, str(e), store=False)  # warns once
                return self.py_func(*args)
            raise TypeError(f"{self.py_func.__qualname__}(): {e}") from None
        o = self.overloads.get(argtypes)
        if o is None:
            if self._fixed:
                o = self._conversions.get(argtypes)
                if o is None:
                    o = self._conversions[argtypes] = self._match_fixed(argtypes)
                args = tuple(_convert(v, t) for v, t in zip(args, o.argtypes))
            else:
                try:
                    o = self._compile(argtypes)
                except errors.NumjitError as e:
                    if config.DEBUG:
                        raise
                    # the user's traceback should end at their call, not in numjit's internals
                    raise e.with_traceback(None) from None
        return o.func(*args)

    def _bind(self, args, kwargs):
        """All parameters as one positional tuple, in order: defaults filled in,
        keyword-only parameters after the others, `*args` as one tuple."""
        names, defaults, npos = self._params
        if names is not None and len(args) <= npos:
            out = list(args)
            for name in names[len(args):]:
                if name in kwargs:
                    out.append(kwargs[name])
                elif name in defaults:
                    out.append(defaults[name])
                else:
                    break
            else:
                if len(kwargs) == sum(1 for n in names[len(args):] if n in kwargs):
                    return tuple(out)
        try:  # the general case, and Python's own error messages
            ba = self._pysig.bind(*args, **kwargs)
        except TypeError as e:
            raise TypeError(f"{self.py_func.__qualname__}(): {e}") from None
        ba.apply_defaults()
        out = []
        for p in self._pysig.parameters.values():
            if p.kind is p.VAR_KEYWORD:
                raise TypeError(f"{self.py_func.__qualname__}(): numjit does not support **{p.name}")
            out.append(ba.arguments[p.name])
        return tuple(out)

    def _match_fixed(self, argtypes):
        best, best_cost = None, None
        for o in self.overloads.values():
            if len(o.argtypes) != len(argtypes) or o.objmode:
                continue
            costs = [_conversion_cost(a, b) for a, b in zip(argtypes, o.argtypes)]
            if None in costs:
                continue
            if best is None or sum(costs) < best_cost:
                best, best_cost = o, sum(costs)
        if best is not None:
            return best
        have = "\n  ".join(str(o.signature) for o in self.overloads.values())
        raise TypeError(f"No matching definition for argument type(s) "
                        f"{', '.join(t.key for t in argtypes)}; {self.py_func.__qualname__} "
                        f"was compiled for:\n  {have}")

    # inspection -----------------------------------------------------------------

    def _select(self, signature):
        if signature is None:
            return None
        if isinstance(signature, nt.Signature):
            signature = signature.args
        elif isinstance(signature, str):
            signature = nt.parse_signature(signature).args
        return self.overloads[tuple(signature)]

    def inspect_llvm(self, signature=None):
        """The optimised LLVM IR: a dict by argument types, or one string."""
        if signature is not None:
            return self._select(signature).library.ir
        return {k: o.library.ir for k, o in self.overloads.items() if not o.objmode}

    def inspect_asm(self, signature=None):
        """The native assembly: a dict by argument types, or one string."""
        if signature is not None:
            return self._select(signature).library.asm()
        return {k: o.library.asm() for k, o in self.overloads.items() if not o.objmode}

    def inspect_types(self, file=None, signature=None, pretty=False):
        """Prints the source annotated with each variable's type, per signature."""
        import sys

        file = file or sys.stdout
        sel = [self._select(signature)] if signature is not None else list(self.overloads.values())
        for o in sel:
            if o.objmode:
                continue
            print(f"{self.py_func.__qualname__} {o.signature}", file=file)
            print("-" * 80, file=file)
            print(o.reply.get("annotations", "").rstrip("\n"), file=file)
            print("=" * 80, file=file)

    def get_annotation_info(self, signature=None):
        return {k: o.reply.get("annotations", "") for k, o in self.overloads.items()}

    def recompile(self):
        """Compiles every signature again (after globals it froze have changed)."""
        sigs = [(o.argtypes, o.restype if self._fixed else None) for o in self.overloads.values()]
        self.overloads.clear()
        self._conversions.clear()
        self._src = None
        from . import _fastpath

        _fastpath.update(self)
        for args, rt in sigs:
            self._compile(args, rt)

    def disable_compile(self, val=True):
        self._fixed = bool(val) or self._fixed


from ._fastpath import _enable_vectorcall  # noqa: E402

_enable_vectorcall(Dispatcher)


def _rebuild(module, qualname):
    import importlib

    mod = obj = importlib.import_module(module)
    for part in qualname.split("."):
        obj = getattr(obj, part)
    if not isinstance(obj, Dispatcher):  # jitted under another name: `g = njit(f)`
        for value in vars(mod).values():
            if isinstance(value, Dispatcher) and value.py_func is obj:
                return value
    return obj


def _error_from_reply(reply, disp):
    err = reply.get("error") or {}
    cls = errors.BY_NAME.get(err.get("type"), errors.InternalError)
    text = err.get("formatted") or err.get("message") or "the compiler gave no message"
    if cls is errors.InternalError:
        from ._backend import REPORT

        text = f"{text.rstrip()}\n{REPORT}"
    if config.DEBUG:
        import json

        text += "\n--- compiler error object ---\n" + json.dumps(err, indent=1)
    return cls(text.rstrip("\n"), info=err)


def _make_dispatcher(pyfunc, options, sigs):
    if not callable(pyfunc) or not hasattr(pyfunc, "__code__"):
        raise TypeError(f"numjit can only compile Python functions, not {pyfunc!r}")
    import weakref

    from ._fastpath import Table

    ref = None

    def slow(*args, **kwargs):  # the native dispatcher's fallback
        return ref()._call_slow(args, kwargs)

    def slow_partial(_capsule, *args, **kwargs):  # partial's own call path
        return ref()._call_slow(args, kwargs)

    table = Table(slow)
    d = Dispatcher(slow_partial, table.capsule)
    ref = weakref.ref(d)
    functools.update_wrapper(d, pyfunc)
    d.py_func = pyfunc
    d.overloads = {}
    d._options = options
    d._compiler_options = _compiler_options(options)
    d._src = None
    d._fixed = False
    d._conversions = {}  # argument types -> the explicit signature they convert to
    d._warned = False
    d._slow = slow
    d._pysig = inspect.signature(pyfunc)
    ps = list(d._pysig.parameters.values())
    if all(p.kind in (p.POSITIONAL_OR_KEYWORD, p.KEYWORD_ONLY) for p in ps):
        d._params = ([p.name for p in ps], {p.name: p.default for p in ps if p.default is not p.empty},
                     sum(p.kind is p.POSITIONAL_OR_KEYWORD for p in ps))
    else:  # positional-only or star parameters: always the general binder
        d._params = (None, None, 0)
    code = pyfunc.__code__
    d._nparams = code.co_argcount + code.co_kwonlyargcount
    if code.co_flags & (inspect.CO_VARARGS | inspect.CO_VARKEYWORDS) or code.co_kwonlyargcount:
        d._nparams = -1  # always bind: the entry takes *args as one tuple
    d._fast = table  # numjit._fastpath state
    if sigs:
        for sig in sigs:
            s = nt.parse_signature(sig)
            d._compile(tuple(s.args), s.return_type)
        d._fixed = True
        from . import _fastpath

        _fastpath.update(d)  # again: explicit signatures take any compatible array layout
    elif not options.get("forceobj"):
        if not (options.get("cache") and _cache_has_entries(d)):
            from . import _service

            _service.prestart()  # (a cached function most likely loads: no Node, no LLVM)
    return d


def _cache_has_entries(d):
    from . import _cache

    try:
        return _cache.has_entries(d)
    except Exception:  # noqa: BLE001 - the first call reports problems properly
        return False


# -- decorators ---------------------------------------------------------------------------

def _signatures(arg):
    if isinstance(arg, (str, nt.Signature)):
        return [arg]
    if isinstance(arg, tuple) and all(isinstance(a, (nt.Type, str)) for a in arg):
        return [arg]
    if isinstance(arg, list):
        return list(arg)
    raise TypeError(f"expected a function or a signature, not {arg!r}")


def jit(signature_or_function=None, locals=None, cache=False, pipeline_class=None,
        boundscheck=None, **options):
    """Compiles a function to native code (nopython mode unless nopython=False or
    forceobj=True). Use as `@jit`, `@jit(**options)` or `@jit("float64(float64)")`."""
    return _decorate("jit", signature_or_function, dict(
        options, locals=locals or {}, cache=cache, boundscheck=boundscheck))


def njit(signature_or_function=None, locals=None, cache=False, pipeline_class=None,
         boundscheck=None, **options):
    """Compiles a function to native code in nopython mode. Use as `@njit`,
    `@njit(**options)` or `@njit("float64(float64, int64)")`."""
    if options.get("nopython") is False or options.get("forceobj"):
        raise ValueError("njit means nopython=True; use jit(nopython=False) or "
                         "jit(forceobj=True) for object mode")
    options["nopython"] = True
    return _decorate("njit", signature_or_function, dict(
        options, locals=locals or {}, cache=cache, boundscheck=boundscheck))


def _decorate(name, arg, options):
    options = validate_options(options, name)
    options.setdefault("nopython", not options.get("forceobj", False))
    if config.DISABLE_JIT:
        if arg is None or isinstance(arg, (str, list, tuple, nt.Signature)):
            return lambda f: f
        return arg
    if arg is None:
        return lambda f: _make_dispatcher(f, options, None)
    if callable(arg) and not isinstance(arg, nt.Signature) and hasattr(arg, "__code__"):
        return _make_dispatcher(arg, options, None)
    sigs = _signatures(arg)
    for s in sigs:
        nt.parse_signature(s)  # errors at decoration, before any compile
    return lambda f: _make_dispatcher(f, options, sigs)
