/**
 * @fileoverview 0-d arrays as numbers: `float(z)`, `int(z)`, `complex(z)`, `bool(z)` of a
 * 0-d array, and `a.item()` (an array of one element, else NumPy's ValueError).
 *
 * In: BUILTINS handlers' argument types (each conversion builtin is wrapped: numbers still
 * go to the previous handler).
 * Also `x.item()` of a number (a NumPy scalar, e.g. `(z * 2).item()` where `z * 2` of a
 * 0-d array is a number; Numba allows it, and only `.item() .real .imag .conjugate()`, on
 * numbers) and `a.reshape(())` / `np.reshape(a, ())`, a 0-d view of an array of one
 * element (wrapping methods.ts's reshape handler).
 * Out: `Impl`s that load the one element and convert it as the number handler would.
 * (Elementwise operations on 0-d arrays giving numbers, as NumPy's ufuncs do, are in
 * exprs.ts's `scalarOf0d`.)
 */
import { typingError } from "../diagnostics";
import { BUILTINS, type Impl } from "../builtins";
import { arrayOf, isNumber, type ArrayType } from "../types";
import { F_DATA, F_MEMINFO, F_NITEMS, F_PARENT, allocArray, field, isDtype, loadElem, makeArray, storeElem } from "./core";
import { bindLowerCtx } from "./access";
import "./methods"; // registers array.reshape / numpy.reshape, wrapped below

/** Impl `inner` (over the element) applied to the one element of the 0-d array `a`. */
function onElement(name: string, a: ArrayType, inner: Impl, checkSize: boolean): Impl {
  return {
    name, args: [a], ret: inner.ret,
    lower: (l) => {
      const f = l.f;
      if (checkSize) {
        l.raiseIf(f.op(`icmp ne i64 ${field(f, a, l.args[0], F_NITEMS)}, 1`), "ValueError", "can only convert an array of size 1 to a Python scalar");
      }
      const x = loadElem(f, a.dtype, field(f, a, l.args[0], F_DATA));
      return inner.lower({ ...bindLowerCtx(l), args: [l.cast(x, a.dtype, inner.args[0])], types: [inner.args[0]] });
    },
  };
}

for (const name of ["float", "int", "complex", "bool"]) {
  const prev = BUILTINS.get(name)!;
  BUILTINS.set(name, (c) => {
    const a = c.args[0];
    if (c.args.length !== 1 || c.kwargs.length > 0 || a.tag !== "array") return prev(c);
    if (a.ndim !== 0) {
      throw typingError(`${name}() of a ${a.ndim}-dimensional array is not supported in jitted code; index an element, or use a.item() for an array of one element.`, c.span);
    }
    return onElement(c.name, a, prev({ ...c, args: [a.dtype] }), false);
  });
}

// a.item() -> the element of an array of one element, as a number
BUILTINS.set("array.item", (c) => {
  const a = c.args[0] as ArrayType;
  if (c.args.length !== 1 || c.kwargs.length > 0) throw typingError("item() with arguments is not supported in jitted code; index the array instead.", c.span);
  if (!isDtype(a.dtype)) throw typingError(`item() of ${a.key} is not supported.`, c.span);
  const id: Impl = { name: "item", args: [a.dtype], ret: a.dtype, lower: (l) => l.args[0] };
  const impl = onElement(c.name, a, id, true);
  // the element of any layout: the first (and only) one is at the data pointer
  return impl;
});

// np.array(x) of a number -> a 0-d array (other arguments go to the previous handler)
const prevArray = BUILTINS.get("numpy.array")!;
BUILTINS.set("numpy.array", (c) => {
  const x = c.args[0];
  if (c.args.length !== 1 || c.kwargs.length > 0 || x === undefined || !isNumber(x)) return prevArray(c);
  const ret = arrayOf(x, 0, "C");
  return {
    name: c.name, args: [x], ret, owned: true,
    lower: (l) => {
      const out = allocArray(l.f, ret, [], l.raiseIf.bind(l));
      storeElem(l.f, x, field(l.f, ret, out, F_DATA), l.args[0]);
      return out;
    },
  };
});

// x.item() of a number (int, float, complex, bool) -> the number itself
for (const fam of ["int", "float", "complex"]) {
  BUILTINS.set(`${fam}.item`, (c) => {
    if (c.args.length !== 1 || c.kwargs.length > 0) throw typingError("item() with arguments is not supported in jitted code.", c.span);
    const t = c.args[0];
    return { name: "item", args: [t], ret: t, lower: (l) => l.args[0] };
  });
}

// a.reshape(()) / np.reshape(a, ()) -> a 0-d view of an array of one element (ValueError
// otherwise, as NumPy); other shapes go to the previous handler
for (const name of ["array.reshape", "numpy.reshape"]) {
  const prev = BUILTINS.get(name)!;
  BUILTINS.set(name, (c) => {
    const a = c.args[0], shape = c.args[1];
    if (c.args.length !== 2 || c.kwargs.length > 0 || a.tag !== "array" || shape.tag !== "tuple" || shape.items.length !== 0) return prev(c);
    const ret = arrayOf(a.dtype, 0, "C", a.readonly);
    return {
      name: c.name, args: [a, shape], ret,
      lower: (l) => {
        const f = l.f, v = l.args[0];
        const n = field(f, a, v, F_NITEMS);
        l.raiseIf(f.op(`icmp ne i64 ${n}, 1`), "ValueError", "cannot reshape array into shape ()");
        // the one element of any layout is at the data pointer
        return makeArray(f, ret, field(f, a, v, F_MEMINFO), field(f, a, v, F_PARENT), "1", field(f, a, v, F_DATA), [], []);
      },
    };
  });
}
