/**
 * @fileoverview 0-d arrays as numbers: `float(z)`, `int(z)`, `complex(z)`, `bool(z)` of a
 * 0-d array, and `a.item()` (an array of one element, else NumPy's ValueError).
 *
 * In: BUILTINS handlers' argument types (each conversion builtin is wrapped: numbers still
 * go to the previous handler).
 * Out: `Impl`s that load the one element and convert it as the number handler would.
 * (Elementwise operations on 0-d arrays giving numbers, as NumPy's ufuncs do, are in
 * exprs.ts's `scalarOf0d`.)
 */
import { typingError } from "../diagnostics";
import { BUILTINS, type Impl } from "../builtins";
import { arrayOf, isNumber, type ArrayType } from "../types";
import { F_DATA, F_NITEMS, allocArray, field, isDtype, loadElem, storeElem } from "./core";
import { bindLowerCtx } from "./access";

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
