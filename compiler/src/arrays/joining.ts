/**
 * @fileoverview Joining arrays: np.concatenate, np.stack, np.vstack, np.hstack.
 *
 * In: BUILTINS handlers' argument types: a tuple of arrays of one ndim, and `axis` (an
 * integer value, default 0; for np.stack anywhere in [-(ndim+1), ndim]).
 * Out: `Impl`s allocating the joined C-contiguous array and copying each part into its
 * place with one loop nest per part; dtypes promote as in NumPy; mismatched shapes raise
 * ValueError.
 */
import { typingError } from "../diagnostics";
import { BUILTINS, type Builtin, type LowerCtx, type TypeCtx } from "../builtins";
import { arrayOf, int64, isInt, llvmType, type ArrayType, type ListType, type Type } from "../types";
import { itemPtr, listLen, loadItem } from "../lists/core";
import type { Impl } from "../builtins";
import {
  F_DATA, F_MEMINFO, F_NITEMS, F_PARENT, allocArray, elemPtr, field, loadElem, makeArray, normaliseAxis, shapeAt,
  storeElem, strideAt,
} from "./core";
import { countedLoop } from "./loops";
import { promote } from "./exprs";

function partsOf(c: TypeCtx): ArrayType[] {
  const t = c.args[0];
  if (t === undefined || t.tag !== "tuple" || t.items.length === 0 || !t.items.every((x) => x.tag === "array")) {
    throw typingError(`${c.name}() takes a tuple or a list of arrays in jitted code.`, c.span);
  }
  const parts = t.items as ArrayType[];
  if (!parts.every((p) => p.ndim === parts[0].ndim)) throw typingError(`${c.name}(): all the input arrays must have the same number of dimensions.`, c.span);
  return parts;
}

/** Copies the parts (array values `vals`) into a new array joined along the run-time `axis`. */
function join(l: LowerCtx, parts: ArrayType[], vals: string[], axis: string, ret: ArrayType): string {
  const f = l.f;
  const nd = ret.ndim;
  const pshape = parts.map((p, k) => Array.from({ length: p.ndim }, (_, d) => shapeAt(f, p, vals[k], d)));
  const isAx = Array.from({ length: nd }, (_, d) => f.op(`icmp eq i64 ${d}, ${axis}`));
  const shape: string[] = [];
  let bad = "false";
  for (let d = 0; d < nd; d++) {
    let total = "0";
    for (const s of pshape) total = f.op(`add i64 ${total}, ${s[d]}`);
    shape.push(f.op(`select i1 ${isAx[d]}, i64 ${total}, i64 ${pshape[0][d]}`));
    for (const s of pshape) bad = f.op(`or i1 ${bad}, ${f.op(`and i1 ${f.op(`xor i1 ${isAx[d]}, true`)}, ${f.op(`icmp ne i64 ${s[d]}, ${pshape[0][d]}`)}`)}`);
  }
  l.raiseIf(bad, "ValueError", "all the input array dimensions except for the concatenation axis must match exactly");
  const out = allocArray(f, ret, shape, l.raiseIf.bind(l));
  let off = "0";
  parts.forEach((p, k) => {
    const nest = (d: number, oidx: string[], pidx: string[]): void => {
      if (d === nd) {
        const x = l.cast(loadElem(f, p.dtype, elemPtr(f, { ...p, layout: "A" } as ArrayType, vals[k], pidx)), p.dtype, ret.dtype);
        storeElem(f, ret.dtype, elemPtr(f, ret, out, oidx), x);
        return;
      }
      countedLoop(f, pshape[k][d], [], (i) => {
        const oi = f.op(`add i64 ${i}, ${f.op(`select i1 ${isAx[d]}, i64 ${off}, i64 0`)}`);
        nest(d + 1, [...oidx, oi], [...pidx, i]);
        return [];
      });
    };
    nest(0, [], []);
    let sz = "0";
    for (let d = 0; d < nd; d++) sz = f.op(`select i1 ${isAx[d]}, i64 ${pshape[k][d]}, i64 ${sz}`);
    off = f.op(`add i64 ${off}, ${sz}`);
  });
  return out;
}

/** Stacking copies part k into out[..., k, ...] (axis 0 only, checked at typing time). */
function nestStack(l: LowerCtx, p: ArrayType, v: string, ret: ArrayType, out: string, _ps: string[], _isAx: string[], nd: number, off: string): void {
  const f = l.f;
  const shape = Array.from({ length: p.ndim }, (_, d) => shapeAt(f, p, v, d));
  const nest = (d: number, idx: string[]): void => {
    if (d === p.ndim) {
      const x = l.cast(loadElem(f, p.dtype, elemPtr(f, { ...p, layout: "A" } as ArrayType, v, idx)), p.dtype, ret.dtype);
      storeElem(f, ret.dtype, elemPtr(f, ret, out, [off, ...idx]), x);
      return;
    }
    countedLoop(f, shape[d], [], (i) => { nest(d + 1, [...idx, i]); return []; });
  };
  void nd;
  nest(0, []);
}

/** The view of `v` with a unit dimension inserted at the run-time position `axis`. */
function withUnitAxis(l: LowerCtx, p: ArrayType, v: string, up: ArrayType, axis: string): string {
  const f = l.f, nd = up.ndim;
  const shape: string[] = [], strides: string[] = [];
  for (let d = 0; d < nd; d++) {
    // d < axis: dimension d; d == axis: the unit one; d > axis: dimension d - 1
    const lt = f.op(`icmp slt i64 ${d}, ${axis}`), eq = f.op(`icmp eq i64 ${d}, ${axis}`);
    const pick = (get: (k: number) => string): string => {
      const below = d < p.ndim ? get(d) : "0";
      const above = d >= 1 ? get(d - 1) : "0";
      return f.op(`select i1 ${lt}, i64 ${below}, i64 ${above}`);
    };
    shape.push(f.op(`select i1 ${eq}, i64 1, i64 ${pick((k) => shapeAt(f, p, v, k))}`));
    strides.push(f.op(`select i1 ${eq}, i64 0, i64 ${pick((k) => strideAt(f, p, v, k))}`));
  }
  return makeArray(f, up, field(f, p, v, F_MEMINFO), field(f, p, v, F_PARENT), field(f, p, v, F_NITEMS),
    field(f, p, v, F_DATA), shape, strides);
}

/**
 * Joining the arrays of a list (a run-time number of parts of one type): along `axis`, or
 * (stack) along a new unit axis there. Checks every shape before allocating.
 */
function joinList(l: LowerCtx, lt: ListType, lst: string, axis: string, ret: ArrayType, stack: boolean): string {
  const f = l.f;
  const p0 = lt.elem as ArrayType;
  const k = listLen(f, lst);
  l.raiseIf(f.op(`icmp eq i64 ${k}, 0`), "ValueError", "need at least one array to concatenate");
  const item = (i: string): string => loadItem(f, p0, itemPtr(f, p0, lst, i));
  // as parts of ret's ndim: stacking inserts the unit axis
  const pt = stack ? arrayOf(p0.dtype, ret.ndim, "A") : p0;
  const part = (i: string): string => (stack ? withUnitAxis(l, p0, item(i), pt, axis) : item(i));
  const nd = ret.ndim;
  const first = part("0");
  const isAx = Array.from({ length: nd }, (_, d) => f.op(`icmp eq i64 ${d}, ${axis}`));
  const s0 = Array.from({ length: nd }, (_, d) => shapeAt(f, pt, first, d));
  const [total, bad] = countedLoop(f, k, [{ ty: "i64", init: "0" }, { ty: "i1", init: "false" }], (i, [acc, b]) => {
    const v = part(i);
    let ext = "0", bb = b;
    for (let d = 0; d < nd; d++) {
      const e = shapeAt(f, pt, v, d);
      ext = f.op(`select i1 ${isAx[d]}, i64 ${e}, i64 ${ext}`);
      bb = f.op(`or i1 ${bb}, ${f.op(`and i1 ${f.op(`xor i1 ${isAx[d]}, true`)}, ${f.op(`icmp ne i64 ${e}, ${s0[d]}`)}`)}`);
    }
    return [f.op(`add i64 ${acc}, ${ext}`), bb];
  });
  l.raiseIf(bad, "ValueError", stack ? "all input arrays must have the same shape"
    : "all the input array dimensions except for the concatenation axis must match exactly");
  const shape = s0.map((s, d) => f.op(`select i1 ${isAx[d]}, i64 ${total}, i64 ${s}`));
  const out = allocArray(f, ret, shape, l.raiseIf.bind(l));
  countedLoop(f, k, [{ ty: "i64", init: "0" }], (i, [off]) => {
    const v = part(i);
    const ps = Array.from({ length: nd }, (_, d) => shapeAt(f, pt, v, d));
    const nest = (d: number, oidx: string[], pidx: string[]): void => {
      if (d === nd) {
        const x = l.cast(loadElem(f, pt.dtype, elemPtr(f, { ...pt, layout: "A" } as ArrayType, v, pidx)), pt.dtype, ret.dtype);
        storeElem(f, ret.dtype, elemPtr(f, ret, out, oidx), x);
        return;
      }
      countedLoop(f, ps[d], [], (q) => {
        nest(d + 1, [...oidx, f.op(`add i64 ${q}, ${f.op(`select i1 ${isAx[d]}, i64 ${off}, i64 0`)}`)], [...pidx, q]);
        return [];
      });
    };
    nest(0, [], []);
    let sz = "0";
    for (let d = 0; d < nd; d++) sz = f.op(`select i1 ${isAx[d]}, i64 ${ps[d]}, i64 ${sz}`);
    return [f.op(`add i64 ${off}, ${sz}`)];
  });
  return out;
}

/** np.concatenate / stack / vstack / hstack of a list of arrays. */
export function listJoiner(c: TypeCtx, kind: "concatenate" | "stack" | "vstack" | "hstack", lt: ListType): Impl {
  const p0 = lt.elem;
  if (p0 === null || p0.tag !== "array") throw typingError(`${c.name}() takes a list of arrays, not ${lt.key}.`, c.span);
  const axisKw = c.kwargs.find((k) => k.name === "axis");
  if (c.kwargs.some((k) => k.name !== "axis") || c.args.length > 2) throw typingError(`${c.name}() takes a list of arrays and an axis.`, c.span);
  if (kind !== "concatenate" && kind !== "stack" && (axisKw !== undefined || c.args.length > 1)) throw typingError(`${c.name}() takes no axis.`, c.span);
  const axisT = axisKw?.type ?? c.args[1];
  if (axisT !== undefined && !isInt(axisT)) throw typingError(`axis must be an integer, not ${axisT.key}.`, c.span);
  const nd0 = p0.ndim;
  if (nd0 === 0) throw typingError(`${c.name}() of 0-dimensional arrays is not supported.`, c.span);
  const stack = kind === "stack" || (kind === "vstack" && nd0 === 1);
  const nd = stack ? nd0 + 1 : nd0;
  const ret = arrayOf(p0.dtype, nd, "C");
  return {
    name: c.name, args: axisT !== undefined ? [lt, int64] : [lt], ret, owned: true, kwargs: axisKw !== undefined ? ["axis"] : [],
    lower: (l) => {
      const given = kind === "hstack" ? (nd0 === 1 ? "0" : "1") : (l.args[1] ?? "0");
      const axis = normaliseAxis(l.f, given, nd, l.raiseIf.bind(l));
      return joinList(l, lt, l.args[0], axis, ret, stack);
    },
  };
}

function joiner(kind: "concatenate" | "stack" | "vstack" | "hstack"): Builtin {
  // np.concatenate((a, b, ...), axis=0), np.stack((a, b, ...)), np.vstack(...), np.hstack(...)
  return (c) => {
    if (c.args[0]?.tag === "list") return listJoiner(c, kind, c.args[0]);
    const parts = partsOf(c);
    const axisKw = c.kwargs.find((k) => k.name === "axis");
    if (c.kwargs.some((k) => k.name !== "axis") || c.args.length > 2) throw typingError(`${c.name}() takes a tuple of arrays and an axis.`, c.span);
    let dtype: Type = parts[0].dtype;
    for (const p of parts.slice(1)) dtype = promote(dtype, p.dtype);
    const nd0 = parts[0].ndim;
    if (kind !== "concatenate" && kind !== "stack" && (axisKw !== undefined || c.args.length > 1)) {
      throw typingError(`${c.name}() takes no axis.`, c.span);
    }
    const axisT = axisKw?.type ?? c.args[1];
    if (axisT !== undefined && !isInt(axisT)) throw typingError(`axis must be an integer, not ${axisT.key}.`, c.span);
    const stack = kind === "stack" || (kind === "vstack" && nd0 === 1);
    const nd = stack ? nd0 + 1 : nd0;
    if (nd0 === 0) throw typingError(`${c.name}() of 0-dimensional arrays is not supported.`, c.span);
    const ret = arrayOf(dtype, nd, "C");
    const tt = c.args[0];
    const args: Type[] = axisT !== undefined ? [tt, int64] : [tt];
    return {
      name: c.name, args, ret, owned: true, kwargs: axisKw !== undefined ? ["axis"] : [],
      lower: (l) => {
        const f = l.f;
        const vals = parts.map((p, k) => f.op(`extractvalue ${llvmType(tt)} ${l.args[0]}, ${k}`));
        let axis = kind === "hstack" ? (nd0 === 1 ? "0" : "1") : (l.args[1] ?? "0");
        if (kind === "concatenate") {
          axis = normaliseAxis(f, axis, nd, l.raiseIf.bind(l));
        }
        if (stack) {
          // np.stack(axis=k): the new axis may be anywhere in [-(nd0+1), nd0]
          if (kind === "stack" && axisT !== undefined) axis = normaliseAxis(f, axis, nd, l.raiseIf.bind(l));
          for (const [k, p] of parts.entries()) {
            for (let d = 0; d < p.ndim; d++) {
              l.raiseIf(f.op(`icmp ne i64 ${shapeAt(f, p, vals[k], d)}, ${shapeAt(f, parts[0], vals[0], d)}`), "ValueError", "all input arrays must have the same shape");
            }
          }
          if (kind === "stack" && axisT !== undefined) {
            // each part as a view with a unit dimension at the axis, joined along it
            const ups = parts.map((p) => arrayOf(p.dtype, nd, "A"));
            const upv = parts.map((p, k) => withUnitAxis(l, p, vals[k], ups[k], axis));
            return join(l, ups, upv, axis, ret);
          }
          const shape = [String(parts.length), ...Array.from({ length: nd0 }, (_, d) => shapeAt(f, parts[0], vals[0], d))];
          const out = allocArray(f, ret, shape, l.raiseIf.bind(l));
          parts.forEach((p, k) => nestStack(l, p, vals[k], ret, out, [], [], nd, String(k)));
          return out;
        }
        return join(l, parts, vals, axis, ret);
      },
    };
  };
}
BUILTINS.set("numpy.concatenate", joiner("concatenate"));
BUILTINS.set("numpy.stack", joiner("stack"));
BUILTINS.set("numpy.vstack", joiner("vstack"));
BUILTINS.set("numpy.hstack", joiner("hstack"));
