/**
 * @fileoverview Transposing with a permutation: `a.transpose(axes)`, `a.transpose(i, j, ...)`,
 * `np.transpose(a)`, `np.transpose(a, axes)`.
 *
 * In: BUILTINS handlers' argument types: the array, then a tuple of integers or separate
 * integers (run-time values), or nothing / None (axes reversed, as `.T`).
 * Out: an `Impl` giving a view (same memory and meminfo): dimension d of the result is
 * dimension `axes[d]` of the array. Each axis wraps once if negative; one out of range
 * raises NumPy's ValueError (AxisError is a ValueError), a repeated one ValueError, as
 * NumPy does. The view's layout is A (the permutation is only known at run time).
 */
import { typingError } from "../diagnostics";
import { BUILTINS, type Builtin, type Impl, type TypeCtx } from "../builtins";
import { arrayOf, int64, isInt, llvmType, none, tupleOf, type ArrayType, type Type } from "../types";
import { F_DATA, F_MEMINFO, F_NITEMS, F_PARENT, field, makeArray, shapeAt, strideAt } from "./core";
import { bindLowerCtx, transposeImpl } from "./access";

/** The view of `a` with its dimensions permuted by run-time axes. Impl args: [a, UniTuple(int64 x n)]. */
function permuteImpl(c: TypeCtx, a: ArrayType, axesT: Type): Impl {
  const nd = a.ndim;
  const tt = tupleOf(Array(nd).fill(int64));
  const ret = arrayOf(a.dtype, nd, nd <= 1 ? a.layout : "A", a.readonly);
  void c;
  return {
    name: "array.transpose", args: [a, nd === 0 ? axesT : tt], ret,
    lower: (l) => {
      const f = l.f, v = l.args[0];
      const axes = Array.from({ length: nd }, (_, d) => {
        const x = f.op(`extractvalue ${llvmType(tt)} ${l.args[1]}, ${d}`);
        const w = f.op(`select i1 ${f.op(`icmp slt i64 ${x}, 0`)}, i64 ${f.op(`add i64 ${x}, ${nd}`)}, i64 ${x}`);
        l.raiseIf(f.op(`icmp uge i64 ${w}, ${nd}`), "ValueError", `axis is out of bounds for array of dimension ${nd}`);
        return w;
      });
      // a repeated axis: some dimension is not named
      let seen = "0";
      for (const x of axes) seen = f.op(`or i64 ${seen}, ${f.op(`shl i64 1, ${x}`)}`);
      l.raiseIf(f.op(`icmp ne i64 ${seen}, ${nd >= 64 ? "-1" : String((1n << BigInt(nd)) - 1n)}`), "ValueError", "repeated axis in transpose");
      const pick = (vals: string[], k: string): string => {
        let r = vals[0];
        for (let d = 1; d < nd; d++) r = f.op(`select i1 ${f.op(`icmp eq i64 ${k}, ${d}`)}, i64 ${vals[d]}, i64 ${r}`);
        return r;
      };
      const shape0 = Array.from({ length: nd }, (_, d) => shapeAt(f, a, v, d));
      const strides0 = Array.from({ length: nd }, (_, d) => strideAt(f, a, v, d));
      return makeArray(f, ret, field(f, a, v, F_MEMINFO), field(f, a, v, F_PARENT), field(f, a, v, F_NITEMS),
        field(f, a, v, F_DATA), axes.map((k) => pick(shape0, k)), axes.map((k) => pick(strides0, k)));
    },
  };
}

/** `transpose(a, *rest)`: rest empty or None → reversed; a tuple or n integers → permuted. */
function transposeWith(c: TypeCtx, a: Type, rest: Type[]): Impl {
  if (a.tag !== "array") throw typingError(`${c.name}() needs an array.`, c.span);
  if (c.kwargs.some((k) => k.name !== "axes") || c.kwargs.length > 1) throw typingError(`${c.name}() takes only axes= as a keyword.`, c.span);
  const kw = c.kwargs.find((k) => k.name === "axes");
  const given = kw !== undefined ? [...rest, kw.type] : rest;
  if (given.length === 0 || (given.length === 1 && given[0] === none)) {
    const impl = transposeImpl(a);
    // the None, when passed, is an argument the lowering ignores
    if (given.length === 0) return impl;
    return { ...impl, args: [a, none], kwargs: kw !== undefined ? ["axes"] : [], lower: (l) => impl.lower({ ...bindLowerCtx(l), args: [l.args[0]] }) };
  }
  const nd = a.ndim;
  if (given.length === 1 && given[0].tag === "tuple") {
    const t = given[0];
    if (!t.items.every(isInt)) throw typingError(`${c.name}(): axes must be integers, not ${t.key}.`, c.span);
    if (t.items.length !== nd) throw typingError(`${c.name}(): axes don't match array (${t.items.length} axes for a ${nd}-dimensional array).`, c.span);
    const impl = permuteImpl(c, a, t);
    return { ...impl, kwargs: kw !== undefined ? ["axes"] : [] };
  }
  if (kw !== undefined) throw typingError(`${c.name}(): axes= must be a tuple of integers.`, c.span);
  if (!given.every(isInt)) throw typingError(`${c.name}(): axes must be integers or a tuple of integers, not (${given.map((t) => t.key).join(", ")}).`, c.span);
  if (given.length !== nd) throw typingError(`${c.name}(): axes don't match array (${given.length} axes for a ${nd}-dimensional array).`, c.span);
  // separate integers: gather them into the tuple the view takes
  const tt = tupleOf(Array(nd).fill(int64));
  const inner = permuteImpl(c, a, tt);
  return {
    ...inner, args: [a, ...Array(nd).fill(int64)],
    lower: (l) => {
      let acc = "undef";
      l.args.slice(1).forEach((x, d) => { acc = l.f.op(`insertvalue ${llvmType(tt)} ${acc}, i64 ${x}, ${d}`); });
      return inner.lower({ ...bindLowerCtx(l), args: [l.args[0], acc] });
    },
  };
}

// a.transpose(), a.transpose(axes), a.transpose(i, j, ...) -> a view
const method: Builtin = (c) => transposeWith(c, c.args[0], c.args.slice(1));
BUILTINS.set("array.transpose", method);
// np.transpose(a, axes=None) -> a view
BUILTINS.set("numpy.transpose", (c) => transposeWith(c, c.args[0], c.args.slice(1)));
