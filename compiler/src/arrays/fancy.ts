/**
 * @fileoverview Fancy indexing: boolean masks and one integer array, read and assigned.
 *
 * In: at typing time (hooks in access.ts), the array type, the index array's type and,
 * for assignment, the value's type: `a[mask]`, `a[mask] = v`, `a[idx]`, `a[idx] = v`
 * (`a[mask] += v` is `a[mask] = a[mask] + v` by build_ir's desugaring).
 * A tuple index may hold index arrays (integer arrays of any ndim, broadcast together, or
 * one 1-D mask) among integers, slices and None (`a[:, idx]`, `a[2, idx]`, `a[i, j]`,
 * `a[1:, mask] = v`): the basic part is applied as a view would be, then the arrays'
 * broadcast dimensions replace the indexed axes in place, or lead the result when the
 * integers and the arrays are not consecutive (NumPy's rule, integers counting as
 * advanced indices).
 * Out: `Impl`s. A boolean mask covers the leading `mask.ndim` dimensions of `a` (the same
 * extents, else IndexError) and selects, in C order, the sub-arrays where it is true; an
 * integer array selects sub-arrays along axis 0 (negative indices wrap once; out of range
 * raises IndexError). Reading gives a new C array of shape `(count, *rest)` (for an
 * integer array, `idx.shape + rest`); assigning through a 1-D integer array is takeSetitem,
 * through an n-D one the tuple machinery below.
 * Assigning broadcasts the value to that shape as NumPy does: with a full mask the value
 * must be 0- or 1-D (TypeError otherwise) with 1 or `count` items (ValueError otherwise),
 * and is read in order while writing, as NumPy does; otherwise the usual broadcasting
 * rules (ValueError "shape mismatch"), and the value is first copied (converted to a's
 * dtype), so a value that overlaps `a` reads the old elements, as NumPy's mapping
 * iterator does. Duplicate integer indices keep the last value.
 *
 * Every check runs before the first allocation, so a raise never leaks an array.
 */
import { typingError, type Span } from "../diagnostics";
import type { Impl, LowerCtx } from "../builtins";
import type { Var } from "../ir";
import { arrayOf, bool, int64, isInt, isNumber, llvmType, none, type ArrayType, type SliceType, type Type } from "../types";
import { boundsCheck } from "./access";
import { raiseFreeing, withHeld, type Held } from "./sorting";
import { normalise } from "./slicing";
import {
  F_DATA, F_MEMINFO, F_NITEMS, allocArray, cStrides, decref, decrefHelperName, elemPtr, field, itemSize, loadElem, memType,
  shapeAt, storeElem, strideAt,
} from "./core";
import type { FnText } from "../llvm";
import { countedLoop } from "./loops";
import { copyArray } from "./library";
import type { InferCtx } from "./exprs";

const asA = (a: ArrayType): ArrayType => ({ ...a, layout: "A" } as ArrayType);

/** Checks that the mask's extents are `a`'s leading extents (NumPy's IndexError). */
function checkMaskShape(l: LowerCtx, a: ArrayType, A: string, m: ArrayType, M: string): void {
  const f = l.f;
  for (let d = 0; d < m.ndim; d++) {
    l.raiseIf(f.op(`icmp ne i64 ${shapeAt(f, a, A, d)}, ${shapeAt(f, m, M, d)}`), "IndexError",
      `boolean index did not match indexed array along axis ${d}`);
  }
}

/**
 * Visits the true elements of the mask in C order: `body(j, idx)` gets the running count
 * of earlier true elements and the mask position. Returns the number of true elements.
 */
function forEachTrue(l: LowerCtx, m: ArrayType, M: string, body: ((j: string, idx: string[]) => void) | null): string {
  const f = l.f;
  const nest = (d: number, idx: string[], j: string): string => {
    if (d === m.ndim) {
      const b = loadElem(f, bool, elemPtr(f, asA(m), M, idx));
      if (body !== null) {
        const yes = f.label("mtrue"), join = f.label("mnext");
        f.emit(`br i1 ${b}, label %${yes}, label %${join}`);
        f.start(yes);
        body(j, idx);
        f.emit(`br label %${join}`);
        f.start(join);
      }
      return f.op(`add i64 ${j}, ${f.op(`zext i1 ${b} to i64`)}`);
    }
    return countedLoop(f, shapeAt(f, m, M, d), [{ ty: "i64", init: j }], (i, [jj]) => [nest(d + 1, [...idx, i], jj)])[0];
  };
  return nest(0, [], "0");
}

/** The trailing extents of `a` after its first `k` dimensions. */
const restShape = (l: LowerCtx, a: ArrayType, A: string, k: number): string[] =>
  Array.from({ length: a.ndim - k }, (_, d) => shapeAt(l.f, a, A, d + k));

/**
 * Copies between the sub-array at `base` (a's strides from dimension `k`) and row `j` of
 * the C array at `data` whose rows hold `inner` elements. `toArray` stores into a.
 */
function blockCopy(l: LowerCtx, a: ArrayType, A: string, k: number, base: string, data: string, j: string,
  inner: string, toArray: boolean): void {
  const f = l.f, mt = memType(a.dtype);
  const rest = restShape(l, a, A, k);
  const nest = (d: number, ptr: string, off: string): string => {
    if (d === rest.length) {
      const q = f.op(`getelementptr ${mt}, ptr ${data}, i64 ${off}`);
      if (toArray) storeElem(f, a.dtype, ptr, loadElem(f, a.dtype, q));
      else storeElem(f, a.dtype, q, loadElem(f, a.dtype, ptr));
      return f.op(`add i64 ${off}, 1`);
    }
    const st = f.op(`extractvalue ${llvmType(a)} ${A}, 6, ${d + k}`);
    return countedLoop(f, rest[d], [{ ty: "i64", init: off }], (i, [o]) =>
      [nest(d + 1, f.op(`getelementptr i8, ptr ${ptr}, i64 ${f.op(`mul i64 ${i}, ${st}`)}`), o)])[0];
  };
  nest(0, base, f.op(`mul i64 ${j}, ${inner}`));
}

/** Stores the scalar `x` into every element of the sub-array at `base`. */
function blockFill(l: LowerCtx, a: ArrayType, A: string, k: number, base: string, x: string): void {
  const f = l.f;
  const rest = restShape(l, a, A, k);
  const nest = (d: number, ptr: string): void => {
    if (d === rest.length) { storeElem(f, a.dtype, ptr, x); return; }
    const st = f.op(`extractvalue ${llvmType(a)} ${A}, 6, ${d + k}`);
    countedLoop(f, rest[d], [], (i) => { nest(d + 1, f.op(`getelementptr i8, ptr ${ptr}, i64 ${f.op(`mul i64 ${i}, ${st}`)}`)); return []; });
  };
  nest(0, base);
}

/**
 * The value of an assignment as a C array of a's dtype, broadcast to `(count, *rest)`:
 * checks the shapes (raising as NumPy does), copies, and returns the copy with a function
 * that stores its part for selection `j` into the sub-array at `base`.
 */
function prepareValue(l: LowerCtx, a: ArrayType, A: string, k: number, vt: ArrayType, V: string, count: string,
  fullMask: boolean): { copy: string; ct: ArrayType; store: (j: string, base: string) => void } {
  const f = l.f;
  const rest = restShape(l, a, A, k);
  const target = [count, ...rest];
  const nd = target.length;
  if (fullMask) {
    if (vt.ndim >= 2) {
      l.raiseIf("true", "TypeError", `NumPy boolean array indexing assignment requires a 0 or 1-dimensional input, input has ${vt.ndim} dimensions`);
    } else if (vt.ndim === 1) {
      const n = shapeAt(f, vt, V, 0);
      const bad = f.op(`and i1 ${f.op(`icmp ne i64 ${n}, 1`)}, ${f.op(`icmp ne i64 ${n}, ${count}`)}`);
      l.raiseIf(bad, "ValueError", "NumPy boolean array indexing assignment cannot assign the input values to the output values where the mask is true");
    }
  } else if (vt.ndim > nd) {
    l.raiseIf("true", "ValueError", `shape mismatch: a ${vt.ndim}-dimensional value array could not be broadcast to a ${nd}-dimensional indexing result`);
  } else {
    let bad = "false";
    for (let dd = 0; dd < vt.ndim; dd++) {
      const e = shapeAt(f, vt, V, dd), t = target[dd + nd - vt.ndim];
      bad = f.op(`or i1 ${bad}, ${f.op(`and i1 ${f.op(`icmp ne i64 ${e}, 1`)}, ${f.op(`icmp ne i64 ${e}, ${t}`)}`)}`);
    }
    l.raiseIf(bad, "ValueError", "shape mismatch: value array could not be broadcast to indexing result");
  }
  const ct = arrayOf(a.dtype, vt.ndim, "C");
  const copy = copyArray(l, vt, V, a.dtype);
  const data = field(f, ct, copy, F_DATA);
  const vshape = Array.from({ length: vt.ndim }, (_, d) => shapeAt(f, ct, copy, d));
  const vstr = cStrides(f, vshape, 1); // element strides
  // element stride of the value along each target dimension (0 where broadcast)
  const bst = target.map((_, d) => {
    const dd = d - (nd - vt.ndim);
    if (dd < 0 || vt.ndim === 0) return "0";
    return f.op(`select i1 ${f.op(`icmp eq i64 ${vshape[dd]}, 1`)}, i64 0, i64 ${vstr[dd]}`);
  });
  const mt = memType(a.dtype);
  const store = (j: string, base: string): void => {
    const nest = (d: number, ptr: string, off: string): void => {
      if (d === nd) {
        storeElem(f, a.dtype, ptr, loadElem(f, a.dtype, f.op(`getelementptr ${mt}, ptr ${data}, i64 ${off}`)));
        return;
      }
      const st = f.op(`extractvalue ${llvmType(a)} ${A}, 6, ${d - 1 + k}`);
      countedLoop(f, target[d], [], (i) => {
        nest(d + 1, f.op(`getelementptr i8, ptr ${ptr}, i64 ${f.op(`mul i64 ${i}, ${st}`)}`), f.op(`add i64 ${off}, ${f.op(`mul i64 ${i}, ${bst[d]}`)}`));
        return [];
      });
    };
    nest(1, base, f.op(`mul i64 ${j}, ${bst[0]}`));
  };
  return { copy, ct, store };
}

function checkMask(a: ArrayType, m: ArrayType, span: Span): void {
  if (m.ndim > a.ndim || m.ndim === 0) {
    throw typingError(`a boolean index must cover the leading dimensions of the ${a.ndim}-dimensional array (1 to ${a.ndim} dimensions), not ${m.ndim}.`, span);
  }
}

/** `a[mask]`: the selected elements (sub-arrays) in C order, a new array `(count, *rest)`. */
export function maskGetitem(a: ArrayType, m: ArrayType, span: Span): Impl {
  checkMask(a, m, span);
  const ret = arrayOf(a.dtype, a.ndim - m.ndim + 1, "C");
  return {
    name: "array.mask", args: [a, m], ret, owned: true,
    lower: (l) => {
      const f = l.f, A = l.args[0], M = l.args[1];
      checkMaskShape(l, a, A, m, M);
      const cnt = forEachTrue(l, m, M, null);
      const rest = restShape(l, a, A, m.ndim);
      const out = allocArray(f, ret, [cnt, ...rest], l.raiseIf.bind(l));
      const od = field(f, ret, out, F_DATA);
      if (rest.length === 0) {
        const mt = memType(a.dtype);
        forEachTrue(l, m, M, (j, idx) => {
          storeElem(f, a.dtype, f.op(`getelementptr ${mt}, ptr ${od}, i64 ${j}`), loadElem(f, a.dtype, elemPtr(f, a, A, idx)));
        });
      } else {
        let inner = "1";
        for (const s of rest) inner = inner === "1" ? s : f.op(`mul i64 ${inner}, ${s}`);
        forEachTrue(l, m, M, (j, idx) => blockCopy(l, a, A, m.ndim, elemPtr(f, asA(a), A, idx), od, j, inner, false));
      }
      return out;
    },
  };
}

/** `a[mask] = value`: Impl args [a, mask, value (a.dtype for a number, else the array)]. */
export function maskSetitem(a: ArrayType, m: ArrayType, vt: Type, span: Span): Impl {
  checkMask(a, m, span);
  if (a.readonly) throw typingError(`cannot assign into a read-only array (${a.key}).`, span);
  const scalar = vt.tag !== "array";
  if (scalar && !isNumber(vt)) throw typingError(`cannot assign a ${vt.key} into an array.`, span);
  if (!scalar && !isNumber(vt.dtype)) throw typingError(`cannot assign a ${vt.key} into an array.`, span);
  return {
    name: "array.mask_set", args: [a, m, scalar ? a.dtype : vt], ret: none,
    lower: (l) => {
      const f = l.f, A = l.args[0], V = l.args[2];
      checkMaskShape(l, a, A, m, l.args[1]);
      // a mask over all of a's dimensions is read as the elements are written, as NumPy's
      // boolean assignment does (b[b[::-1]] = False sees its own writes); a mask over the
      // leading ones is taken whole first, as NumPy turns it into indices
      const held: Held[] = [];
      const M = m.ndim < a.ndim ? indexSnapshot(l, a, A, m, l.args[1], held) : l.args[1];
      if (scalar) {
        forEachTrue(l, m, M, (_j, idx) => {
          if (m.ndim === a.ndim) storeElem(f, a.dtype, elemPtr(f, a, A, idx), V);
          else blockFill(l, a, A, m.ndim, elemPtr(f, asA(a), A, idx), V);
        });
        releaseHeld(f, held);
        return "0";
      }
      const cnt = forEachTrue(l, m, M, null);
      const va = vt as ArrayType;
      if (m.ndim === a.ndim && va.ndim <= 1) {
        // NumPy reads a 0/1-D value in order while writing, without a copy (an
        // overlapping value sees the elements already written)
        const n = va.ndim === 0 ? "1" : shapeAt(f, va, V, 0);
        const bad = f.op(`and i1 ${f.op(`icmp ne i64 ${n}, 1`)}, ${f.op(`icmp ne i64 ${n}, ${cnt}`)}`);
        raiseFreeing(l, held)(bad, "ValueError", "NumPy boolean array indexing assignment cannot assign the input values to the output values where the mask is true");
        const one = f.op(`icmp eq i64 ${n}, 1`);
        const last = f.op(`sub i64 ${n}, 1`);
        forEachTrue(l, m, M, (j, idx) => {
          // (clamped: a mask that overlaps a may gain true elements while it is written)
          const jj = f.op(`select i1 ${f.op(`icmp ult i64 ${j}, ${n}`)}, i64 ${j}, i64 ${last}`);
          const x = loadElem(f, va.dtype, elemPtr(f, va, V, va.ndim === 0 ? [] : [f.op(`select i1 ${one}, i64 0, i64 ${jj}`)]));
          storeElem(f, a.dtype, elemPtr(f, a, A, idx), l.cast(x, va.dtype, a.dtype));
        });
        releaseHeld(f, held);
        return "0";
      }
      const v = prepareValue(withHeld(l, held), a, A, m.ndim, vt as ArrayType, V, cnt, m.ndim === a.ndim);
      forEachTrue(l, m, M, (j, idx) => v.store(j, elemPtr(f, asA(a), A, idx)));
      decref(f, v.ct, v.copy);
      releaseHeld(f, held);
      return "0";
    },
  };
}

/** Visits `I`'s indices in C order (any ndim), wrapped once if negative: `body(j, i)`
 *  gets the running position and the index. */
function forEachIndex(l: LowerCtx, it: ArrayType, I: string, n0: string, body: (j: string, i: string, orig: string) => void): void {
  const f = l.f;
  const nest = (d: number, idx: string[], j: string): string => {
    if (d === it.ndim) {
      const i = l.cast(loadElem(f, it.dtype, elemPtr(f, asA(it), I, idx)), it.dtype, int64);
      body(j, f.op(`select i1 ${f.op(`icmp slt i64 ${i}, 0`)}, i64 ${f.op(`add i64 ${i}, ${n0}`)}, i64 ${i}`), i);
      return f.op(`add i64 ${j}, 1`);
    }
    return countedLoop(f, shapeAt(f, it, I, d), [{ ty: "i64", init: j }], (q, [jj]) => [nest(d + 1, [...idx, q], jj)])[0];
  };
  nest(0, [], "0");
}

/** Checks every index of `I` against axis 0 of `a` (NumPy's IndexError "index 5 is out
 *  of bounds for axis 0 with size 3"), before anything is allocated. */
function checkIndices(l: LowerCtx, it: ArrayType, I: string, n0: string): void {
  forEachIndex(l, it, I, n0, (_j, w, i) => boundsCheck(l, i, w, n0, 0));
}

function checkTake(a: ArrayType, it: ArrayType, span: Span, set: boolean): void {
  if (it.ndim === 0) throw typingError("indexing with a 0-dimensional integer array is not supported; use an integer.", span);
  if (set && it.ndim !== 1) throw typingError("assigning through a multi-dimensional integer array goes through tupleSetitem.", span);
  if (a.ndim === 0) throw typingError("a 0-dimensional array cannot be indexed by an integer array.", span);
}

/** `a[idx]` with an integer array on the first axis: a new array of shape
 *  `idx.shape + a.shape[1:]` holding those rows/items. */
export function takeGetitem(a: ArrayType, it: ArrayType, span: Span): Impl {
  checkTake(a, it, span, false);
  const ret = arrayOf(a.dtype, it.ndim + a.ndim - 1, "C");
  return {
    name: "array.take", args: [a, it], ret, owned: true,
    lower: (l) => {
      const f = l.f, A = l.args[0], I = l.args[1];
      const n0 = shapeAt(f, a, A, 0);
      checkIndices(l, it, I, n0);
      const rest = restShape(l, a, A, 1);
      const ishape = Array.from({ length: it.ndim }, (_, d) => shapeAt(f, it, I, d));
      const out = allocArray(f, ret, [...ishape, ...rest], l.raiseIf.bind(l));
      const od = field(f, ret, out, F_DATA);
      let inner = "1";
      for (const s of rest) inner = inner === "1" ? s : f.op(`mul i64 ${inner}, ${s}`);
      forEachIndex(l, it, I, n0, (j, i) => blockCopy(l, a, A, 1, elemPtr(f, asA(a), A, [i]), od, j, inner, false));
      return out;
    },
  };
}

/** `a[idx] = value` with a 1-D integer array: Impl args [a, idx, value]. */
export function takeSetitem(a: ArrayType, it: ArrayType, vt: Type, span: Span): Impl {
  checkTake(a, it, span, true);
  if (a.readonly) throw typingError(`cannot assign into a read-only array (${a.key}).`, span);
  const scalar = vt.tag !== "array";
  if (scalar && !isNumber(vt)) throw typingError(`cannot assign a ${vt.key} into an array.`, span);
  if (!scalar && !isNumber(vt.dtype)) throw typingError(`cannot assign a ${vt.key} into an array.`, span);
  return {
    name: "array.take_set", args: [a, it, scalar ? a.dtype : vt], ret: none,
    lower: (l) => {
      const f = l.f, A = l.args[0], V = l.args[2];
      const n0 = shapeAt(f, a, A, 0);
      checkIndices(l, it, l.args[1], n0);
      const held: Held[] = [];
      const I = indexSnapshot(l, a, A, it, l.args[1], held);
      if (scalar) {
        forEachIndex(l, it, I, n0, (_j, i) => blockFill(l, a, A, 1, elemPtr(f, asA(a), A, [i]), V));
        releaseHeld(f, held);
        return "0";
      }
      const v = prepareValue(withHeld(l, held), a, A, 1, vt as ArrayType, V, shapeAt(f, it, I, 0), false);
      forEachIndex(l, it, I, n0, (j, i) => v.store(j, elemPtr(f, asA(a), A, [i])));
      decref(f, v.ct, v.copy);
      releaseHeld(f, held);
      return "0";
    },
  };
}

/** `a[index array] = value` as a typed statement (access.ts's setitem hook). */
export function buildFancySetitem(ctx: InferCtx, a: ArrayType, target: Var, idx: Var, it: ArrayType, value: Var, vt: Type,
  span: Span): void {
  let impl: Impl;
  if (it.dtype === bool) impl = maskSetitem(a, it, vt, span);
  else if (isInt(it.dtype) && it.ndim > 1 && a.ndim > 0) {
    // an n-D integer array alone: the tuple machinery with the array as the only item
    const items: TupleItem[] = [{ k: "array", t: it }];
    checkTuple(a, items, span);
    impl = tupleSetitem(a, it, items, vt, span);
  } else if (isInt(it.dtype)) impl = takeSetitem(a, it, vt, span);
  else throw typingError(`arrays cannot be indexed by an array of ${it.dtype.key}.`, span);
  const args = [target, idx, ctx.cast(value, vt, impl.args[2], span)];
  ctx.emit({ k: "assign", target: ctx.fresh(none), value: { k: "intrinsic", type: none, impl, args }, span });
}

// -- index arrays among integers, slices and None: a[:, idx], a[2, idx], a[i, j], a[1:, mask] --

/** An item of a tuple index holding index arrays (slicing.ts's Item with the arrays). */
export type TupleItem = { k: "int"; t: Type } | { k: "slice"; t: SliceType } | { k: "new" } | { k: "array"; t: ArrayType };

/** One dimension of the result: a basic one (extent, byte stride), or the index array's. */
type Level = { k: "dim"; ext: string; st: string } | { k: "adv" };

/** An index array of a tuple index: its value and type, and the axis of `a` it indexes. */
interface Adv { v: string; t: ArrayType; axis: number; ext: string; st: string }

interface TuplePlan {
  data: string;             // a's data moved by the integer and slice starts
  levels: Level[];          // the result's dimensions in order; "adv" stands for the index arrays'
  advs: Adv[];              // the index arrays (one mask, or integer arrays)
  advShape: string[];       // their broadcast shape (a mask: the count of true elements)
}

/**
 * Checks a tuple index with one index array at typing time (slicing.ts's basicItems).
 * The index array's dimensions go first in the result when NumPy's rule says so (see
 * tupleShape): NumPy counts the integers as advanced
 * indices too, and when they and the array are not one consecutive run of the index
 * (a slice or None between them), the broadcast dimensions lead the result.
 */
export function checkTuple(a: ArrayType, items: TupleItem[], span: Span): void {
  const arrs = items.flatMap((x) => (x.k === "array" ? [x.t] : []));
  for (const arr of arrs) {
    if (arr.ndim === 0) throw typingError("indexing with a 0-dimensional array is not supported; use an integer.", span);
    if (arr.dtype === bool && arr.ndim !== 1) throw typingError("a boolean index beside other indices must be 1-dimensional in jitted code.", span);
    if (arr.dtype === bool && arrs.length > 1) throw typingError("a boolean index beside other index arrays is not supported in jitted code; use integer arrays (np.nonzero).", span);
    if (arr.dtype !== bool && !isInt(arr.dtype)) throw typingError(`arrays cannot be indexed by an array of ${arr.dtype.key}.`, span);
  }
  const used = items.filter((x) => x.k !== "new").length;
  if (used > a.ndim) throw typingError(`too many indices for a ${a.ndim}-dimensional array: ${used} were given.`, span);
}

/** The result's ndim of a checked tuple index, and whether the index array's dimensions lead. */
function tupleShape(a: ArrayType, items: TupleItem[]): { ndim: number; first: boolean } {
  const arrs = items.flatMap((x) => (x.k === "array" ? [x.t] : []));
  const used = items.filter((x) => x.k !== "new").length;
  const adv = items.map((x, k) => (x.k === "int" || x.k === "array" ? k : -1)).filter((k) => k >= 0);
  const first = adv[adv.length - 1] - adv[0] + 1 !== adv.length;
  const basic = items.filter((x) => x.k === "slice" || x.k === "new").length + (a.ndim - used);
  return { ndim: basic + (arrs[0].dtype === bool ? 1 : Math.max(...arrs.map((t) => t.ndim))), first };
}

/** Item `k` of the index value (an index that is not a tuple is its own only item). */
const tupleItem = (l: LowerCtx, idx: Type, k: number): string =>
  (idx.tag === "tuple" ? l.f.op(`extractvalue ${llvmType(idx)} ${l.args[1]}, ${k}`) : l.args[1]);

/**
 * Lowers the basic part of a tuple index and checks the index arrays (every check raises
 * before anything is allocated): integers wrap and must be in range, as NumPy checks them
 * with an index array (IndexError "index 5 is out of bounds for axis 0 with size 3");
 * integer arrays' indices likewise, and their shapes must broadcast together (IndexError
 * "shape mismatch"); a mask's length must be the axis's extent.
 */
function planTuple(l: LowerCtx, a: ArrayType, idx: Type, items: TupleItem[], first: boolean): TuplePlan {
  const f = l.f, A = l.args[0];
  let data = field(f, a, A, F_DATA);
  const levels: Level[] = [];
  let d = 0, advAt = -1;
  const advs: Adv[] = [];
  items.forEach((x, k) => {
    if (x.k === "new") { levels.push({ k: "dim", ext: "1", st: "0" }); return; }
    const n = shapeAt(f, a, A, d), st = strideAt(f, a, A, d);
    const v = tupleItem(l, idx, k);
    if (x.k === "int") {
      const i = x.t === int64 ? v : l.cast(v, x.t, int64);
      const w = f.op(`select i1 ${f.op(`icmp slt i64 ${i}, 0`)}, i64 ${f.op(`add i64 ${i}, ${n}`)}, i64 ${i}`);
      boundsCheck(l, i, w, n, d);
      data = f.op(`getelementptr i8, ptr ${data}, i64 ${f.op(`mul i64 ${w}, ${st}`)}`);
    } else if (x.k === "slice") {
      const [lo, len, step] = normalise(l, x.t, v, n);
      data = f.op(`getelementptr i8, ptr ${data}, i64 ${f.op(`mul i64 ${lo}, ${st}`)}`);
      levels.push({ k: "dim", ext: len, st: x.t.has[2] ? f.op(`mul i64 ${st}, ${step}`) : st });
    } else {
      advs.push({ v, t: x.t, axis: d, ext: n, st });
      if (advAt < 0) advAt = levels.length;
    }
    d++;
  });
  for (; d < a.ndim; d++) levels.push({ k: "dim", ext: shapeAt(f, a, A, d), st: strideAt(f, a, A, d) });
  levels.splice(first ? 0 : advAt, 0, { k: "adv" });
  const m0 = advs[0];
  if (m0.t.dtype === bool) {
    l.raiseIf(f.op(`icmp ne i64 ${shapeAt(f, m0.t, m0.v, 0)}, ${m0.ext}`), "IndexError",
      `boolean index did not match indexed array along axis ${m0.axis}`);
    return { data, levels, advs, advShape: [forEachTrue(l, m0.t, m0.v, null)] };
  }
  // the broadcast shape (right-aligned): each extent 1 or the common one
  const nb = Math.max(...advs.map((x) => x.t.ndim));
  const advShape: string[] = [];
  let bad = "false";
  for (let e = 0; e < nb; e++) {
    let ext = "1";
    for (const x of advs) {
      const q = e - (nb - x.t.ndim);
      if (q < 0) continue;
      const n = shapeAt(f, x.t, x.v, q);
      if (ext !== "1") bad = f.op(`or i1 ${bad}, ${f.op(`and i1 ${f.op(`icmp ne i64 ${n}, 1`)}, ${f.op(`and i1 ${f.op(`icmp ne i64 ${ext}, 1`)}, ${f.op(`icmp ne i64 ${n}, ${ext}`)}`)}`)}`);
      ext = ext === "1" ? n : f.op(`select i1 ${f.op(`icmp eq i64 ${n}, 1`)}, i64 ${ext}, i64 ${n}`);
    }
    advShape.push(ext);
  }
  if (advs.length > 1) l.raiseIf(bad, "IndexError", "shape mismatch: indexing arrays could not be broadcast together");
  for (const x of advs) forEachIndex(l, x.t, x.v, x.ext, (_j, w, i) => boundsCheck(l, i, w, x.ext, x.axis));
  return { data, levels, advs, advShape };
}

/** The result's shape for a plan. */
const planShape = (p: TuplePlan): string[] => p.levels.flatMap((lv) => (lv.k === "adv" ? p.advShape : [lv.ext]));

/**
 * Visits the selected elements in the result's C order: `leaf(ptr, vals)` gets the
 * element's address in `a` and the carried values; `vstr` gives the element stride of a
 * broadcast value along each result dimension (its offset is carried as the last value).
 */
function walkTuple(l: LowerCtx, p: TuplePlan, vstr: string[] | null, leaf: (ptr: string, voff: string) => void): void {
  const f = l.f;
  // result dimension where each level starts
  const starts: number[] = [];
  let od = 0;
  for (const lv of p.levels) { starts.push(od); od += lv.k === "adv" ? p.advShape.length : 1; }
  const vs = (dim: number, i: string, voff: string): string =>
    (vstr === null || vstr[dim] === "0" ? voff : f.op(`add i64 ${voff}, ${f.op(`mul i64 ${i}, ${vstr[dim]}`)}`));
  const nest = (k: number, ptr: string, voff: string): void => {
    if (k === p.levels.length) { leaf(ptr, voff); return; }
    const lv = p.levels[k];
    const at = (i: string, st: string): string => f.op(`getelementptr i8, ptr ${ptr}, i64 ${f.op(`mul i64 ${i}, ${st}`)}`);
    if (lv.k === "dim") {
      countedLoop(f, lv.ext, [], (i) => { nest(k + 1, at(i, lv.st), vs(starts[k], i, voff)); return []; });
      return;
    }
    const m0 = p.advs[0];
    if (m0.t.dtype === bool) {
      // the running count of true elements is the position along the result dimension
      countedLoop(f, m0.ext, [{ ty: "i64", init: "0" }], (i, [cnt]) => {
        const b = loadElem(f, bool, elemPtr(f, asA(m0.t), m0.v, [i]));
        const yes = f.label("mtrue"), join = f.label("mnext");
        f.emit(`br i1 ${b}, label %${yes}, label %${join}`);
        f.start(yes);
        nest(k + 1, at(i, m0.st), vs(starts[k], cnt, voff));
        f.emit(`br label %${join}`);
        f.start(join);
        return [f.op(`add i64 ${cnt}, ${f.op(`zext i1 ${b} to i64`)}`)];
      });
      return;
    }
    const nb = p.advShape.length;
    const inner = (q: number, ix: string[], vo: string): void => {
      if (q === nb) {
        // each index array's index at this position (broadcast: 0 along its extents of 1)
        let ptr2 = ptr;
        for (const x of p.advs) {
          const xi = ix.slice(nb - x.t.ndim).map((i, e) => (p.advs.length === 1 ? i
            : f.op(`select i1 ${f.op(`icmp eq i64 ${shapeAt(f, x.t, x.v, e)}, 1`)}, i64 0, i64 ${i}`)));
          const i = l.cast(loadElem(f, x.t.dtype, elemPtr(f, asA(x.t), x.v, xi)), x.t.dtype, int64);
          const w = f.op(`select i1 ${f.op(`icmp slt i64 ${i}, 0`)}, i64 ${f.op(`add i64 ${i}, ${x.ext}`)}, i64 ${i}`);
          ptr2 = f.op(`getelementptr i8, ptr ${ptr2}, i64 ${f.op(`mul i64 ${w}, ${x.st}`)}`);
        }
        nest(k + 1, ptr2, vo);
        return;
      }
      countedLoop(f, p.advShape[q], [], (i) => { inner(q + 1, [...ix, i], vs(starts[k] + q, i, vo)); return []; });
    };
    inner(0, [], voff);
  };
  nest(0, p.data, "0");
}

/** `a[items]` with index arrays among integers, slices and None: a new C array. */
export function tupleGetitem(a: ArrayType, idx: Type, items: TupleItem[]): Impl {
  const { ndim, first } = tupleShape(a, items);
  const ret = arrayOf(a.dtype, ndim, "C");
  return {
    name: "array.fancy_tuple", args: [a, idx], ret, owned: true,
    lower: (l) => {
      const f = l.f;
      const p = planTuple(l, a, idx, items, first);
      const out = allocArray(f, ret, planShape(p), l.raiseIf.bind(l));
      const od = field(f, ret, out, F_DATA), mt = memType(a.dtype);
      // the result is C: its element offset is the C strides' sum, carried like a value's
      walkTuple(l, p, cStrides(f, planShape(p), 1), (ptr, k) => {
        f.emit(`store ${mt} ${f.op(`load ${mt}, ptr ${ptr}`)}, ptr ${f.op(`getelementptr ${mt}, ptr ${od}, i64 ${k}`)}`);
      });
      return out;
    },
  };
}

/**
 * `a[items] = value` with index arrays among integers, slices and None. Impl args:
 * [a, index, value (a.dtype for a number, else the array)]. An array value broadcasts to
 * the result's shape (ValueError "shape mismatch" otherwise) and is read in place, or from a
 * copy made first when its memory overlaps `a`'s (so it reads the old elements); duplicate
 * indices keep the last value.
 */
export function tupleSetitem(a: ArrayType, idx: Type, items: TupleItem[], vt: Type, span: Span): Impl {
  const { ndim, first } = tupleShape(a, items);
  if (a.readonly) throw typingError(`cannot assign into a read-only array (${a.key}).`, span);
  const scalar = vt.tag !== "array";
  if (scalar && !isNumber(vt)) throw typingError(`cannot assign a ${vt.key} into an array.`, span);
  if (!scalar && !isNumber(vt.dtype)) throw typingError(`cannot assign a ${vt.key} into an array.`, span);
  if (!scalar && vt.ndim > ndim) throw typingError(`shape mismatch: a ${vt.ndim}-dimensional value cannot be broadcast to the ${ndim}-dimensional indexing result.`, span);
  return {
    name: "array.fancy_tuple_set", args: [a, idx, scalar ? a.dtype : vt], ret: none,
    lower: (l) => {
      const f = l.f, V = l.args[2];
      const p = planTuple(l, a, idx, items, first);
      const held: Held[] = [];
      for (const x of p.advs) x.v = indexSnapshot(l, a, l.args[0], x.t, x.v, held);
      if (scalar) {
        walkTuple(l, p, null, (ptr) => storeElem(f, a.dtype, ptr, V));
        releaseHeld(f, held);
        return "0";
      }
      const va = vt as ArrayType;
      const target = planShape(p);
      let bad = "false";
      for (let dd = 0; dd < va.ndim; dd++) {
        const e = shapeAt(f, va, V, dd), t = target[dd + ndim - va.ndim];
        bad = f.op(`or i1 ${bad}, ${f.op(`and i1 ${f.op(`icmp ne i64 ${e}, 1`)}, ${f.op(`icmp ne i64 ${e}, ${t}`)}`)}`);
      }
      raiseFreeing(l, held)(bad, "ValueError", "shape mismatch: value array could not be broadcast to indexing result");
      // the value is read where it is, unless its memory overlaps a's: then from a copy
      // (of its own dtype, so both paths read the same way)
      const ct = arrayOf(va.dtype, va.ndim, "C");
      // each path's data, meminfo (null: nothing to release) and byte strides
      const parts = (t: ArrayType, v: string, mi: string): string[] =>
        [field(f, t, v, F_DATA), mi, ...Array.from({ length: va.ndim }, (_, d) => strideAt(f, t, v, d))];
      const ov = spansIntersect(f, a, l.args[0], va, V);
      const direct = parts(va, V, "null");
      const pre = f.block, cp = f.label("fvcopy"), join = f.label("fvjoin");
      f.emit(`br i1 ${ov}, label %${cp}, label %${join}`);
      f.start(cp);
      const copy = copyArray(withHeld(l, held), va, V, va.dtype);
      const copied = parts(ct, copy, field(f, ct, copy, F_MEMINFO));
      const cpEnd = f.block;
      f.emit(`br label %${join}`);
      f.start(join);
      const [data, mi, ...vbst] = direct.map((x, k) => f.op(`phi ${k < 2 ? "ptr" : "i64"} [${x}, %${pre}], [${copied[k]}, %${cpEnd}]`));
      // byte stride of the value along each target dimension (0 where broadcast)
      const vstr = target.map((_, d) => {
        const dd = d - (ndim - va.ndim);
        if (dd < 0) return "0";
        return f.op(`select i1 ${f.op(`icmp eq i64 ${shapeAt(f, va, V, dd)}, 1`)}, i64 0, i64 ${vbst[dd]}`);
      });
      walkTuple(l, p, vstr, (ptr, voff) => {
        const x = loadElem(f, va.dtype, f.op(`getelementptr i8, ptr ${data}, i64 ${voff}`));
        storeElem(f, a.dtype, ptr, l.cast(x, va.dtype, a.dtype));
      });
      f.call("void", decrefHelperName(f), [`ptr ${mi}`]);
      releaseHeld(f, held);
      return "0";
    },
  };
}

/**
 * The index array `I` to read while writing into `a`: itself, or a copy when its memory
 * overlaps a's (a[a] = v, a[0, a[0]] = v): NumPy reads every index before it writes, and
 * re-reading an index a write changed could also write out of bounds. The copy's meminfo
 * (null when none was made) joins `held`, released by the caller and by a later failing
 * allocation.
 */
function indexSnapshot(l: LowerCtx, a: ArrayType, A: string, it: ArrayType, I: string, held: Held[]): string {
  const f = l.f;
  const ov = spansIntersect(f, a, A, it, I);
  const pre = f.block, cp = f.label("fisnap"), join = f.label("fisnapj");
  f.emit(`br i1 ${ov}, label %${cp}, label %${join}`);
  f.start(cp);
  const ct = arrayOf(it.dtype, it.ndim, "C");
  const copy = copyArray(withHeld(l, held), it, I, it.dtype);
  const cmi = field(f, ct, copy, F_MEMINFO);
  const end = f.block;
  f.emit(`br label %${join}`);
  f.start(join);
  const v = f.op(`phi ${llvmType(it)} [${I}, %${pre}], [${copy}, %${end}]`);
  held.push({ mi: f.op(`phi ptr [null, %${pre}], [${cmi}, %${end}]`) });
  return v;
}

/** Releases what `indexSnapshot` held. */
function releaseHeld(f: FnText, held: Held[]): void {
  for (const h of held) if ("mi" in h) f.call("void", decrefHelperName(f), [`ptr ${h.mi}`]);
}

/** Whether the memory spans of two arrays intersect (empty arrays intersect nothing). */
function spansIntersect(f: FnText, a: ArrayType, av: string, b: ArrayType, bv: string): string {
  const span = (t: ArrayType, v: string): [string, string] => {
    const base = f.op(`ptrtoint ptr ${field(f, t, v, F_DATA)} to i64`);
    let lo = base, hi = f.op(`add i64 ${base}, ${itemSize(t.dtype)}`);
    for (let d = 0; d < t.ndim; d++) {
      const ext = f.op(`mul i64 ${f.op(`sub i64 ${shapeAt(f, t, v, d)}, 1`)}, ${strideAt(f, t, v, d)}`);
      const neg = f.op(`icmp slt i64 ${ext}, 0`);
      lo = f.op(`add i64 ${lo}, ${f.op(`select i1 ${neg}, i64 ${ext}, i64 0`)}`);
      hi = f.op(`add i64 ${hi}, ${f.op(`select i1 ${neg}, i64 0, i64 ${ext}`)}`);
    }
    const empty = f.op(`icmp eq i64 ${field(f, t, v, F_NITEMS)}, 0`);
    return [f.op(`select i1 ${empty}, i64 0, i64 ${lo}`), f.op(`select i1 ${empty}, i64 0, i64 ${hi}`)];
  };
  const [alo, ahi] = span(a, av), [blo, bhi] = span(b, bv);
  return f.op(`and i1 ${f.op(`icmp ult i64 ${alo}, ${bhi}`)}, ${f.op(`icmp ult i64 ${blo}, ${ahi}`)}`);
}

/** `a[items] = value` as a typed statement (slicing.ts's setitem path for a tuple index). */
export function buildTupleSetitem(ctx: InferCtx, a: ArrayType, target: Var, idx: Var, idxT: Type, items: TupleItem[],
  value: Var, vt: Type, span: Span): void {
  const impl = tupleSetitem(a, idxT, items, vt, span);
  const args = [target, idx, ctx.cast(value, vt, impl.args[2], span)];
  ctx.emit({ k: "assign", target: ctx.fresh(none), value: { k: "intrinsic", type: none, impl, args }, span });
}
