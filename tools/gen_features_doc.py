"""Writes docs/supported.md: the supported-features reference.

The library part (builtins, math/cmath, NumPy functions, array methods, exceptions,
constants) is generated from the compiler's own registry (`numjitc builtins`), so it
cannot drift from what the compiler accepts; the language part is the template below.
Run `make docs` (or this script) after adding to the registry; tests/test_docs.py fails
when the page is out of date.
"""
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

from numjit._compiler import BUNDLE  # noqa: E402
from numjit._node import find_node  # noqa: E402

OUT = os.path.join(ROOT, "docs", "supported.md")

HEADER = """\
# Supported Python and NumPy

numjit compiles a subset of Python and NumPy in nopython mode, as Numba does. Anything
outside it raises `numjit.errors.TypingError` or `UnsupportedError` at the first call,
with `file:line:col`, the source line and a caret. This page is partly generated:
edit `tools/gen_features_doc.py`, then run `make docs`.

## Types

| Python / NumPy value | numjit type |
|---|---|
| `int` | `int64` (wraps on overflow, as in Numba) |
| `float` | `float64` |
| `bool` | `bool` |
| `complex` | `complex128` |
| NumPy scalars (`np.int32(1)`, `np.float32(2)`, ...) | themselves (`int32`, `float32`, ...) |
| `tuple` | `UniTuple(T x n)` when homogeneous, else `Tuple(T1, T2, ...)` |
| `None` | `none`; a variable that is `None` on one path and `T` on another is `OptionalType(T)` |
| `numpy.ndarray` | `array(dtype, Nd, C/F/A)`, `readonly array(...)` when not writeable (see [arrays](arrays.md)) |
| `str` (constants only) | `unicode_type`: `==`, `len`, printing |

A variable assigned an `int` on one path and a `float` on another is a `float64`.

## Language

Works:

- arithmetic with Python semantics: `/` is true division, `//` and `%` follow Python's
  signs, `**` on ints and floats; comparisons, chained comparisons; `and`/`or`/`not` with
  Python's value semantics; conditional expressions
- `if`/`elif`/`else`, `while` and `for` (with `else`), `break`, `continue`
- `for` over `range(...)` (any step), `enumerate`, `zip`, homogeneous tuples, arrays
  (first axis), `numjit.prange` (parallel in `parallel=True` functions, see
  [parallel](parallel.md))
- assignment, augmented assignment, tuple packing and unpacking, starred `*args` parameters
- tuples: constant indexing, `len`, iteration when homogeneous, comparison
- calls to other jitted functions (compiled into the same LLVM module), self and mutual
  recursion, keyword arguments and defaults, functions passed as arguments
- inner functions that capture variables (closures over values frozen at compile time)
- globals and closure variables frozen as constants at compile time (numbers, bools,
  strings, tuples of them, NumPy scalars); attributes of the user's own modules
- `raise` of built-in exceptions with a constant message, `assert`; `try`/`except` with
  specific classes (`except ValueError:`, `except (IndexError, KeyError):`, subclasses as
  in Python: `except LookupError` catches `IndexError`), catch-all handlers (bare `except`,
  `except Exception`), `except E as e` (`e` is the exception's message string, so
  `print(e)` and `str(e)` show what Python shows), `else` and `finally` (an exception no
  clause matches propagates, after the `finally` body)
- `print(...)` of numbers, strings, tuples, lists and arrays (output identical to Python's)
- f-strings as arguments of `print` (`print(f"x = {x:.3f}, n = {n!r}")`: conversions and
  constant format specs, values formatted by CPython's own `format()`), and computed
  exception messages: `raise ValueError(f"bad x: {x}")`, `raise KeyError(msg)` (a built-in
  class named directly; `except E as e` then sees an empty message)
- lists, as Numba's typed homogeneous lists (one item type: numbers, bools or tuples of
  them; `[1, 2.5]` is a list of float64): literals, `[]` typed by its first
  `append`/`insert`/`extend`, `append pop insert extend clear copy reverse index count
  sort` (numbers; no `key=`/`reverse=`), `sorted(lst)`, `+`, `+=` (in place), `*` by an
  integer, `==`/`!=`, `len`,
  indexing and item assignment with one negative wraparound (IndexError past the end),
  slicing with steps (a copy), `for x in lst` (sees items appended during the loop),
  `enumerate`/`zip` over lists, `in`/`not in`, truth, `sum min max any all`, `list()`
  and `list(iterable)` (ranges, arrays, tuples, lists, `zip`, ...),
  passing lists to other jitted functions (by reference: their mutations are seen),
  returning a list (a new Python list), Python lists of numbers (or of tuples of numbers)
  as arguments (`reflected list(int64)`, typed by the first item as in Numba; the items,
  mutated or not, are written back into the caller's list when the call returns or
  raises; an empty list cannot be typed), `np.array(lst)`, `np.array([[1, 2], [3, 4]])`,
  `np.concatenate([a, b])`, `np.stack/vstack/hstack([...])`. Lists live in reference-counted
  blocks of the runtime allocator and are freed with their last reference.
- list comprehensions (`[f(x) for x in range(n) if c]`, nested `for`s, over ranges, arrays,
  lists, `enumerate`/`zip`; the loop variables are the comprehension's own), and generator
  expressions as the argument of `sum min max any all list`
- `lambda` (an inner function value: assigned and called, capturing variables, with
  defaults, passed to other jitted functions)

Not supported (yet): lists of arrays or of lists (except as the literal argument of `np.array`/`np.concatenate`/
`np.stack`), `sort(key=...)`, dicts, sets, set and
dict comprehensions, generators, f-strings outside `print` and `raise` (as string
values), `nonlocal`, `return`/`break`/`continue` out of
a `try` with `finally`, a bare `raise`,
classes (`@jitclass`), string operations beyond comparison and `len`.

Choices that follow Numba rather than CPython: int64 arithmetic wraps (and, as in Numba,
the optimiser assumes signed `+ - *` do not overflow, so a test for overflow after the fact
is not reliable); `int ** negative`
is 0 (or ±1) and `0 ** negative` raises; `uint64` mixed with `int64` gives `float64`;
float overflow gives `inf` rather than `OverflowError`; `int(nan)` saturates.

## Options

`@njit(...)` and `@jit(...)` accept `nopython` (default `True`), `forceobj`, `cache`
(see [caching](caching.md)), `parallel`, `fastmath` (`True` or a set of
`{'nnan','ninf','nsz','arcp','contract','afn','reassoc'}`), `error_model`
(`'python'` raises `ZeroDivisionError`, `'numpy'` gives inf/nan), `boundscheck`, `nogil`,
`inline`, `locals`. Explicit signatures: `@njit("float64(float64, int64)")`, lists of
them, or `numjit.types` objects (`float64(int32, float32)`).

Environment: `NUMJIT_DISABLE_JIT=1` (decorators return the Python function),
`NUMJIT_OPT` (LLVM optimisation level), `NUMJIT_BOUNDSCHECK`, `NUMJIT_DEBUG` (internal
frames in tracebacks), `NUMJIT_DUMP_LLVM`, `NUMJIT_CACHE_DIR`, `NUMJIT_NUM_THREADS`.

## Library (generated from the compiler's registry)

"""

TITLES = {
    "builtins": "Python builtins",
    "math": "`math`",
    "cmath": "`cmath`",
    "numpy": "`numpy` (as `np`)",
    "array": "array methods (`a.sum()`, ...)",
    "float": "`float` methods",
    "int": "`int` methods",
    "complex": "`complex` methods",
    "list": "list methods (`lst.append(x)`, ...)",
    "numjit": "`numjit`",
    "numba": "`numba` (the same functions, for `import numba` code run under numjit)",
}


def registry_lines():
    node = find_node()
    out = subprocess.run([node, BUNDLE, "builtins"], capture_output=True, text=True, check=True).stdout
    rows = []
    for line in out.splitlines():
        if ":" not in line:
            continue
        group, names = line.split(":", 1)
        group = group.strip()
        items = [n.strip() for n in names.split(",") if n.strip() and not n.strip().startswith(("__", "$"))]
        title = TITLES.get(group.split(" (")[0], group)
        if " (" in group:
            title = group
        rows.append(f"- **{title}**: " + ", ".join(f"`{n}`" for n in items))
    return rows


def render():
    return HEADER + "\n".join(registry_lines()) + "\n"


def main():
    text = render()
    if "--check" in sys.argv:
        with open(OUT, encoding="utf-8") as f:
            if f.read() != text:
                print("docs/supported.md is out of date: run `make docs`")
                return 1
        return 0
    with open(OUT, "w", encoding="utf-8") as f:
        f.write(text)
    print(f"wrote {os.path.relpath(OUT, ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
