"""numjit's types, with Numba's names: `int64`, `float64[:]`, `UniTuple(int64, 3)`, ...

Types are interned: each is created once per key, so they compare with `is` and hash by
identity. The key is Numba's spelling (`array(float64, 2d, C)`), which is also what travels
to the compiler (docs/protocol.md, "Type keys") and what keys the dispatcher's cache.

A type called with argument types makes a `Signature` (`float64(int64, float32)`);
a scalar type indexed with slices makes an array type (`float64[:, ::1]` is a C-contiguous
2-D array). `typeof(value)` gives the type numjit compiles a function for when it is
called with `value`.
"""
import numpy as np

__all__ = [
    "Type", "Boolean", "Integer", "Float", "Complex", "NoneType", "UnicodeType", "Array",
    "UniTuple", "Tuple", "Optional", "List", "Signature", "typeof", "parse_signature",
    "boolean", "bool_", "b1", "int8", "int16", "int32", "int64", "uint8", "uint16",
    "uint32", "uint64", "i1", "i2", "i4", "i8", "u1", "u2", "u4", "u8", "intp", "uintp",
    "intc", "uintc", "byte", "char", "uchar", "short", "ushort", "int_", "uint", "long_",
    "ulong", "longlong", "ulonglong", "float_", "float32", "float64", "f4", "f8", "double", "complex64",
    "complex128", "c8", "c16", "void", "none", "unicode_type", "string",
]


class Type:
    """Base of all types. Subclasses are created through `_intern` only."""

    _cache = {}
    key = "?"

    def __repr__(self):
        return self.key

    __str__ = __repr__

    @property
    def name(self):
        return self.key

    def __call__(self, *args):
        """`float64(int64, float64)` → the Signature with this return type."""
        if len(args) == 1 and isinstance(args[0], (tuple, list)):
            args = tuple(args[0])
        return Signature(self, tuple(_as_type(a) for a in args))

    def __reduce__(self):
        return (parse_type, (self.key,))

    # ordering is by key only so that sorted() is deterministic
    def __lt__(self, other):
        return self.key < other.key


def _intern(cls, key, **fields):
    t = Type._cache.get(key)
    if t is None:
        t = object.__new__(cls)
        t.key = key
        t.__dict__.update(fields)
        Type._cache[key] = t
    return t


class _Scalar(Type):
    def __getitem__(self, spec):
        """`float64[:]`, `float64[:, :]`, `float64[::1]` (C), `float64[::1, :]` (F)."""
        if not isinstance(spec, tuple):
            spec = (spec,)
        if not all(isinstance(s, slice) and s.start is None and s.stop is None for s in spec):
            raise TypeError(f"array types are written with slices, e.g. {self.key}[:, ::1]")
        steps = [s.step for s in spec]
        if any(st not in (None, 1) for st in steps):
            raise TypeError("only ::1 marks the contiguous dimension of an array type")
        layout = "A"
        if steps[-1] == 1 and all(st is None for st in steps[:-1]):
            layout = "C"
        elif steps[0] == 1 and all(st is None for st in steps[1:]):
            layout = "F"
        elif any(st == 1 for st in steps):
            raise TypeError("::1 may only mark the first (F) or the last (C) dimension")
        return Array(self, len(spec), layout)


class Boolean(_Scalar):
    bitwidth = 8


class Integer(_Scalar):
    pass


class Float(_Scalar):
    pass


class Complex(_Scalar):
    pass


class NoneType(Type):
    pass


class UnicodeType(Type):
    pass


def _mk_int(bits, signed):
    name = f"{'' if signed else 'u'}int{bits}"
    return _intern(Integer, name, bitwidth=bits, signed=signed)


boolean = bool_ = b1 = _intern(Boolean, "bool")
int8, int16, int32, int64 = (_mk_int(b, True) for b in (8, 16, 32, 64))
uint8, uint16, uint32, uint64 = (_mk_int(b, False) for b in (8, 16, 32, 64))
i1, i2, i4, i8 = int8, int16, int32, int64
u1, u2, u4, u8 = uint8, uint16, uint32, uint64
intp = int64 if np.dtype(np.intp).itemsize == 8 else int32
uintp = uint64 if intp is int64 else uint32
intc, uintc = int32, uint32
byte = uchar = uint8
char = int8
short, ushort = int16, uint16
int_, uint = intp, uintp
long_ = int64 if np.dtype(np.int_).itemsize == 8 else int32
ulong = uint64 if long_ is int64 else uint32
longlong, ulonglong = int64, uint64
float32 = f4 = float_ = _intern(Float, "float32", bitwidth=32)
float64 = f8 = double = _intern(Float, "float64", bitwidth=64)
complex64 = c8 = _intern(Complex, "complex64", bitwidth=64, underlying=float32)
complex128 = c16 = _intern(Complex, "complex128", bitwidth=128, underlying=float64)
none = void = _intern(NoneType, "none")
unicode_type = string = _intern(UnicodeType, "unicode_type")


class Array(Type):
    """array(dtype, ndim, layout), layout one of 'C', 'F', 'A'; optionally readonly."""

    def __new__(cls, dtype, ndim, layout="A", readonly=False, aligned=True):
        dtype = _as_type(dtype)
        if not isinstance(dtype, _Scalar):
            raise TypeError(f"arrays of {dtype} are not supported")
        if layout not in ("C", "F", "A"):
            raise ValueError(f"array layout must be 'C', 'F' or 'A', not {layout!r}")
        ndim = int(ndim)
        if ndim < 0:
            raise ValueError("an array type needs ndim >= 0")
        key = f"array({dtype.key}, {ndim}d, {layout})"
        if readonly:
            key = "readonly " + key
        if not aligned:
            key = "unaligned " + key
        return _intern(cls, key, dtype=dtype, ndim=ndim, layout=layout,
                       readonly=bool(readonly), aligned=bool(aligned), mutable=not readonly)

    def copy(self, dtype=None, ndim=None, layout=None, readonly=None):
        return Array(self.dtype if dtype is None else dtype, self.ndim if ndim is None else ndim,
                     self.layout if layout is None else layout,
                     self.readonly if readonly is None else readonly, self.aligned)


class BaseTuple(Type):
    pass


class UniTuple(BaseTuple):
    """A tuple of `count` items of one type: `UniTuple(int64, 3)`."""

    def __new__(cls, dtype, count):
        dtype = _as_type(dtype)
        count = int(count)
        return _intern(cls, f"UniTuple({dtype.key} x {count})", dtype=dtype, count=count,
                       types=(dtype,) * count)

    def __len__(self):
        return self.count


class Tuple(BaseTuple):
    """A tuple of items of different types: `Tuple((int64, float64))`. A homogeneous
    tuple becomes a UniTuple, as in Numba."""

    def __new__(cls, types, *more):
        if more or isinstance(types, Type):
            types = (types,) + more
        types = tuple(_as_type(t) for t in types)
        if types and all(t is types[0] for t in types):
            return UniTuple(types[0], len(types))
        key = "Tuple(" + ", ".join(t.key for t in types) + ")"
        return _intern(cls, key, types=types, count=len(types))

    def __len__(self):
        return self.count


class Optional(Type):
    """A value of `type` or None."""

    def __new__(cls, typ):
        typ = _as_type(typ)
        if isinstance(typ, (Optional, NoneType)):
            return typ
        return _intern(cls, f"OptionalType({typ.key})", type=typ)


class List(Type):
    """A homogeneous list of `dtype` items (Numba's `types.List`): `list(int64)`; a list
    passed in from Python is `reflected list(int64)`."""

    def __new__(cls, dtype, reflected=False):
        dtype = _as_type(dtype)
        key = f"{'reflected ' if reflected else ''}list({dtype.key})"
        return _intern(cls, key, dtype=dtype, reflected=bool(reflected))


def _as_type(t):
    if isinstance(t, Type):
        return t
    if isinstance(t, str):
        return parse_type(t)
    if isinstance(t, type) or isinstance(t, np.dtype):
        try:
            return from_dtype(np.dtype(t))
        except TypeError:
            pass
    raise TypeError(f"{t!r} is not a numjit type")


class Signature:
    """A function signature: return type (None when to be inferred) and argument types."""

    __slots__ = ("return_type", "args")

    def __init__(self, return_type, args):
        self.return_type = return_type
        self.args = tuple(args)

    def __repr__(self):
        args = ", ".join(a.key for a in self.args)
        if self.return_type is None:
            return f"({args})"
        return f"{self.return_type.key}({args})"

    __str__ = __repr__

    def __eq__(self, other):
        return (isinstance(other, Signature) and self.args == other.args
                and self.return_type is other.return_type)

    def __hash__(self):
        return hash((self.return_type, self.args))


# ---------------------------------------------------------------------------
# NumPy dtypes and Python values

_DTYPES = {
    "b": boolean, "?": boolean,
}
_BY_DTYPE = {
    np.dtype(np.bool_): boolean,
    np.dtype(np.int8): int8, np.dtype(np.int16): int16, np.dtype(np.int32): int32,
    np.dtype(np.int64): int64, np.dtype(np.uint8): uint8, np.dtype(np.uint16): uint16,
    np.dtype(np.uint32): uint32, np.dtype(np.uint64): uint64,
    np.dtype(np.float32): float32, np.dtype(np.float64): float64,
    np.dtype(np.complex64): complex64, np.dtype(np.complex128): complex128,
}


def from_dtype(dtype):
    """The numjit scalar type of a NumPy dtype (native byte order only)."""
    t = _BY_DTYPE.get(dtype)
    if t is None:
        raise TypeError(f"numjit does not support arrays or scalars of dtype {dtype}")
    return t


def as_dtype(t):
    """The NumPy dtype of a numjit scalar type."""
    if t is boolean:
        return np.dtype(np.bool_)
    return np.dtype(t.key)


_NP_SCALARS = {np.dtype(k).type: v for k, v in _BY_DTYPE.items()}
_PY_SCALARS = {bool: boolean, float: float64, complex: complex128, type(None): none,
               str: unicode_type}
_INT64_MIN, _INT64_MAX, _UINT64_MAX = -(1 << 63), (1 << 63) - 1, (1 << 64) - 1


def typeof(value):
    """The numjit type of a value, as used to pick or compile a specialisation.
    Raises TypeError naming the value's type when numjit cannot take it."""
    cls = type(value)
    t = _PY_SCALARS.get(cls)
    if t is not None:
        return t
    if cls is int:
        if _INT64_MIN <= value <= _INT64_MAX:
            return int64
        if 0 <= value <= _UINT64_MAX:
            return uint64
        raise TypeError(f"the integer {value} does not fit in 64 bits")
    t = _NP_SCALARS.get(cls)
    if t is not None:
        return t
    if isinstance(value, np.ndarray):
        return _typeof_array(value)
    if isinstance(value, tuple) and not hasattr(value, "_fields"):
        return Tuple(tuple(typeof(v) for v in value))
    if cls is list:
        # a reflected list, typed by its first item as Numba does
        if not value:
            raise TypeError("cannot type an empty list; pass a list with at least one item")
        item = typeof(value[0])
        if not _list_item_ok(item):
            raise TypeError(f"numjit takes lists of numbers, tuples of numbers or arrays, not of {item.key}")
        return List(item, reflected=True)
    # subclasses of the scalars (np.float64 is a float, IntEnum is an int, ...)
    for base, t in ((bool, boolean), (int, int64), (float, float64), (complex, complex128)):
        if isinstance(value, (np.generic, base)) and not isinstance(value, np.generic):
            if base is int and isinstance(value, int):
                return typeof(int(value))
            return t
    raise TypeError(f"numjit cannot take an argument of type {_type_name(cls)}")


def _list_item_ok(t, top=True):
    if isinstance(t, BaseTuple):
        return all(_list_item_ok(x, False) for x in t.types)
    if top and isinstance(t, Array):
        return True  # a list of arrays (every item must then have the first one's type)
    return t.key in ("bool", "int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64",
                     "float32", "float64", "complex64", "complex128")


def _typeof_array(a):
    flags = a.flags
    layout = "C" if flags.c_contiguous else "F" if flags.f_contiguous else "A"
    return Array(from_dtype(a.dtype), a.ndim, layout, readonly=not flags.writeable,
                 aligned=flags.aligned)


def _type_name(cls):
    mod = cls.__module__
    return cls.__qualname__ if mod == "builtins" else f"{mod}.{cls.__qualname__}"


# ---------------------------------------------------------------------------
# parsing type keys and signature strings

def _namespace():
    ns = {n: globals()[n] for n in __all__ if isinstance(globals()[n], (Type, type))}
    ns.update(bool=boolean, int=int64, float=float64, complex=complex128,
              optional=Optional, array=Array, types=_TypesNamespace())
    return ns


class _TypesNamespace:
    """`types.float64` inside a signature string."""

    def __getattr__(self, name):
        t = globals().get(name)
        if t is None or name.startswith("_"):
            raise AttributeError(name)
        return t


_NS = None


def parse_type(text):
    """A type from its key (`array(float64, 1d, C)`, `UniTuple(int64 x 3)`) or from a
    Numba-style expression (`float64[:, ::1]`, `UniTuple(int64, 3)`)."""
    text = text.strip()
    t = Type._cache.get(text)
    if t is not None:
        return t
    if text.startswith("readonly "):
        return parse_type(text[9:]).copy(readonly=True)
    if text.startswith("array(") and text.endswith(")"):
        dt, nd, lay = (p.strip() for p in text[6:-1].rsplit(",", 2))
        return Array(parse_type(dt), int(nd.rstrip("d")), lay)
    if text.startswith("UniTuple(") and " x " in text:
        dt, n = text[9:-1].rsplit(" x ", 1)
        return UniTuple(parse_type(dt), int(n))
    if text.startswith("OptionalType("):
        return Optional(parse_type(text[13:-1]))
    if text.startswith("reflected list(") and text.endswith(")"):
        return List(parse_type(text[15:-1]), reflected=True)
    if text.startswith("list(") and text.endswith(")"):
        inner = text[5:-1]
        return List(parse_type("int64" if inner == "undefined" else inner))
    if text.startswith("Tuple(") and "[" not in text:
        inner = text[6:-1].strip()
        return Tuple(tuple(parse_type(p) for p in _split_top(inner)) if inner else ())
    t = _eval(text)
    if not isinstance(t, Type):
        raise TypeError(f"{text!r} is not a numjit type")
    return t


def _split_top(text):
    parts, depth, cur = [], 0, ""
    for ch in text:
        if ch in "([":
            depth += 1
        elif ch in ")]":
            depth -= 1
        if ch == "," and depth == 0:
            parts.append(cur)
            cur = ""
        else:
            cur += ch
    if cur.strip():
        parts.append(cur)
    return parts


def _eval(text):
    global _NS
    if _NS is None:
        _NS = _namespace()
    try:
        return eval(text, {"__builtins__": {}}, _NS)  # noqa: S307 - names are numjit types only
    except Exception as e:  # noqa: BLE001
        raise TypeError(f"cannot parse the type or signature {text!r}: {e}") from None


def parse_signature(sig):
    """A Signature from a string (`"float64(float64, int64)"`, `"(int64,)"`), a Signature,
    or a tuple of argument types (return type to be inferred)."""
    if isinstance(sig, Signature):
        return sig
    if isinstance(sig, (tuple, list)):
        return Signature(None, tuple(_as_type(a) for a in sig))
    if isinstance(sig, str):
        text = sig.strip()
        if text.startswith("("):
            value = _eval(text)
            if isinstance(value, Type):
                value = (value,)
            return parse_signature(tuple(value))
        value = _eval(text)
        if isinstance(value, Signature):
            return value
        raise TypeError(f"{sig!r} is not a signature: write it as \"float64(float64, int64)\"")
    raise TypeError(f"{sig!r} is not a signature: give a string such as "
                    "\"float64(float64, int64)\" or numjit.types.float64(float64, int64)")
