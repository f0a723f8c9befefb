/**
 * @fileoverview Array attributes, integer indexing and iteration.
 *
 * In: at typing time (infer.ts hooks), an array type and the attribute name or the index
 * and value types of `a.attr`, `a[i]`, `a[i, j]`, `a[i] = v`, `for x in a`.
 * Out: `Impl`s (see builtins.ts) whose `lower` writes the access: attributes read struct
 * fields; an index wraps once if negative (`i + n`), is checked against the extent only
 * under `boundscheck=True`, and gives an element (all dimensions indexed) or a view of the
 * remaining dimensions sharing the array's memory. Iteration yields elements of a 1-D
 * array and row views of an n-D one.
 */
import { typingError, type Span } from "../diagnostics";
import type { Impl, LowerCtx } from "../builtins";
import type { FnText } from "../llvm";
import type { Var } from "../ir";
import { arrayView, basicItems, buildSliceAssign, emitAssignInto } from "./slicing";
import type { InferCtx } from "./exprs";
import { extraAttr } from "./methods";
import { buildFancySetitem, maskGetitem, takeGetitem } from "./fancy";
import { arrayOf, bool, int64, isInt, llvmType, none, tupleOf, type ArrayType, type IterType, type Type } from "../types";
import {
  F_DATA, F_MEMINFO, F_NITEMS, F_PARENT, elemPtr, field, itemSize, loadElem, makeArray, rowType, shapeAt, storeElem,
  strideAt,
} from "./core";

export interface AccessOptions { boundscheck: boolean }

// -- attributes --------------------------------------------------------------------------

/** `a.<attr>` for the non-method attributes; null when `attr` is not one. */
export function arrayAttr(a: ArrayType, attr: string): Impl | null {
  const dims = (l: LowerCtx, which: number, scale = 1) => {
    const tt = tupleOf(Array(a.ndim).fill(int64));
    if (a.ndim === 0) return "zeroinitializer";
    let acc = "undef";
    for (let d = 0; d < a.ndim; d++) {
      const x = l.f.op(`extractvalue ${llvmType(a)} ${l.args[0]}, ${which}, ${d}`);
      acc = l.f.op(`insertvalue ${llvmType(tt)} ${acc}, i64 ${scale === 1 ? x : x}, ${d}`);
    }
    return acc;
  };
  const ints = tupleOf(Array(a.ndim).fill(int64));
  switch (attr) {
    case "shape": return { name: "array.shape", args: [a], ret: ints, lower: (l) => dims(l, 5) };
    case "strides": return { name: "array.strides", args: [a], ret: ints, lower: (l) => dims(l, 6) };
    case "ndim": return { name: "array.ndim", args: [a], ret: int64, lower: () => String(a.ndim) };
    case "size": return { name: "array.size", args: [a], ret: int64, lower: (l) => field(l.f, a, l.args[0], F_NITEMS) };
    case "itemsize": return { name: "array.itemsize", args: [a], ret: int64, lower: () => String(itemSize(a.dtype)) };
    case "nbytes": return {
      name: "array.nbytes", args: [a], ret: int64,
      lower: (l) => l.f.op(`mul i64 ${field(l.f, a, l.args[0], F_NITEMS)}, ${itemSize(a.dtype)}`),
    };
    case "T": return transposeImpl(a);
  }
  return extraAttr(a, attr);
}

/** `a.T`, `a.transpose()`: the view with the axes reversed. */
export function transposeImpl(a: ArrayType): Impl {
  const layout = a.ndim <= 1 ? a.layout : a.layout === "C" ? "F" : a.layout === "F" ? "C" : "A";
  const ret = arrayOf(a.dtype, a.ndim, layout, a.readonly);
  return {
    name: "array.T", args: [a], ret,
    lower: (l) => {
      const f = l.f, v = l.args[0];
      const shape: string[] = [], strides: string[] = [];
      for (let d = a.ndim - 1; d >= 0; d--) { shape.push(shapeAt(f, a, v, d)); strides.push(strideAt(f, a, v, d)); }
      return makeArray(f, ret, field(f, a, v, F_MEMINFO), field(f, a, v, F_PARENT), field(f, a, v, F_NITEMS),
        field(f, a, v, F_DATA), shape, strides);
    },
  };
}

// -- indexing ----------------------------------------------------------------------------

/** The index types `a[...]` accepts here: an integer or a tuple of integers. */
function indexCount(a: ArrayType, idx: Type, span: Span): number {
  const isIdx = (t: Type) => isInt(t);
  if (isIdx(idx)) return 1;
  if (idx.tag === "tuple" && idx.items.every(isIdx)) {
    if (idx.items.length > a.ndim) throw typingError(`too many indices for a ${a.ndim}-dimensional array: ${idx.items.length} were given.`, span);
    return idx.items.length;
  }
  if (idx === bool) throw typingError("a boolean scalar index is not supported on arrays in jitted code.", span);
  throw typingError(`arrays can only be indexed by integers or tuples of integers in jitted code, not ${idx.key}.`, span);
}

/** The int64 index values, each wrapped once if negative and checked under boundscheck. */
function indexValues(l: LowerCtx, a: ArrayType, arr: string, idx: string, n: number, scalar: boolean, opts: AccessOptions): string[] {
  const f = l.f;
  const raw = scalar ? [idx] : Array.from({ length: n }, (_, d) => f.op(`extractvalue [${n} x i64] ${idx}, ${d}`));
  return raw.map((i, d) => {
    const ext = shapeAt(f, a, arr, d);
    const w = wrapIndex(f, i, ext);
    if (opts.boundscheck) boundsCheck(l, i, w, ext, d);
    return w;
  });
}

/**
 * `i + n` if `i` is negative, else `i`: a branch expected not taken rather than a select,
 * so that the element's address depends on the index alone and not on the sign test
 * (a select puts the test and an add on the address's critical path: histogram's
 * `counts[int(x[i] * nbins)] += 1` ran ~25% slower that way). An index LLVM can prove
 * non-negative (loop counters, `i - 1` in `range(1, n)`) folds either way.
 */
export function wrapIndex(f: FnText, i: string, n: string): string {
  const fn = f.m.helper("nj.wrap_index", () => {
    f.m.declare("llvm.expect.i1", "declare i1 @llvm.expect.i1(i1, i1) #0");
    return [
      "define internal i64 @nj.wrap_index(i64 %i, i64 %n) alwaysinline nounwind willreturn memory(none) {",
      "entry:",
      "  %neg = icmp slt i64 %i, 0",
      "  %likely = call i1 @llvm.expect.i1(i1 %neg, i1 false)",
      "  br i1 %likely, label %wrap, label %done",
      "wrap:",
      "  %w = add i64 %i, %n",
      "  br label %done",
      "done:",
      "  %r = phi i64 [ %i, %entry ], [ %w, %wrap ]",
      "  ret i64 %r",
      "}",
    ].join("\n");
  });
  return f.call("i64", fn, [`i64 ${i}`, `i64 ${n}`]);
}

/** IndexError("index I is out of bounds for axis D with size N") when the index is outside. */
export function boundsCheck(l: LowerCtx, orig: string, wrapped: string, extent: string, axis: number): void {
  const f = l.f;
  const bad = f.op(`icmp uge i64 ${wrapped}, ${extent}`);
  const fail = f.label("oob"), ok = f.label("inbounds");
  f.emit(`br i1 ${bad}, label %${fail}, label %${ok}`);
  f.start(fail);
  const fn = indexErrorHelper(f);
  f.call("void", fn, [`i64 ${orig}`, `i64 ${axis}`, `i64 ${extent}`]);
  l.raise("IndexError", null);
  f.emit("unreachable");
  f.start(ok);
}

/**
 * Sets IndexError with NumPy's message (GIL taken, as code may run under nogil), then the
 * caller raises the `IndexError` site whose null message means "already set"
 * (see entry.ts raise helper).
 */
function indexErrorHelper(f: FnText): string {
  const m = f.m;
  m.presetErrors = true;
  m.declare("PyGILState_Ensure", "declare i32 @PyGILState_Ensure()");
  m.declare("PyGILState_Release", "declare void @PyGILState_Release(i32)");
  m.declare("PyErr_Format", "declare ptr @PyErr_Format(ptr, ptr, ...)");
  m.declare("PyExc_IndexError", "@PyExc_IndexError = external global ptr");
  const fmt = m.cstring("index %lld is out of bounds for axis %lld with size %lld");
  return m.helper("nj.index_error", () => [
    "define internal void @nj.index_error(i64 %i, i64 %axis, i64 %n) #2 {",
    "entry:",
    "  %g = call i32 @PyGILState_Ensure()",
    "  %e = load ptr, ptr @PyExc_IndexError",
    `  %r = call ptr (ptr, ptr, ...) @PyErr_Format(ptr %e, ptr ${fmt}, i64 %i, i64 %axis, i64 %n)`,
    "  call void @PyGILState_Release(i32 %g)",
    "  ret void",
    "}",
  ].join("\n"));
}

/** What indexing `a` with `n` integers gives. */
function indexedType(a: ArrayType, n: number): Type {
  if (n === a.ndim) return a.dtype;
  return arrayOf(a.dtype, a.ndim - n, a.layout === "C" ? "C" : "A", a.readonly);
}

/** The address of the indexed element, or the view of the remaining dimensions. */
function indexInto(f: FnText, a: ArrayType, arr: string, idx: string[]): { ptr: string; view: string | null } {
  if (idx.length === a.ndim) return { ptr: elemPtr(f, a, arr, idx), view: null };
  const rt = indexedType(a, idx.length) as ArrayType;
  const data = elemPtr(f, { ...a, layout: "A" } as ArrayType, arr, idx);
  const shape: string[] = [], strides: string[] = [];
  for (let d = idx.length; d < a.ndim; d++) { shape.push(shapeAt(f, a, arr, d)); strides.push(strideAt(f, a, arr, d)); }
  let n = "1";
  for (const s of shape) n = n === "1" ? s : f.op(`mul i64 ${n}, ${s}`);
  const view = makeArray(f, rt, field(f, a, arr, F_MEMINFO), field(f, a, arr, F_PARENT), n, data, shape, strides);
  return { ptr: data, view };
}

/** `a[i]`, `a[i, j, ...]` with integer indices. Impl args: [array, int64 | UniTuple(int64 x n)]. */
export function arrayGetitem(a: ArrayType, idx: Type, span: Span, opts: AccessOptions): Impl {
  if (idx.tag === "array") {
    if (idx.dtype === bool) return maskGetitem(a, idx, span);
    if (isInt(idx.dtype)) return takeGetitem(a, idx, span);
    throw typingError(`arrays cannot be indexed by an array of ${idx.dtype.key}.`, span);
  }
  const items = basicItems(a, idx, span);
  if (items !== null) return arrayView(a, idx, items, opts);
  const n = indexCount(a, idx, span);
  const scalar = idx.tag !== "tuple";
  const it = scalar ? int64 : tupleOf(Array(n).fill(int64));
  const ret = indexedType(a, n);
  return {
    name: "array.getitem", args: [a, it], ret,
    lower: (l) => {
      const ix = indexValues(l, a, l.args[0], l.args[1], n, scalar, opts);
      const r = indexInto(l.f, a, l.args[0], ix);
      return r.view ?? loadElem(l.f, a.dtype, r.ptr);
    },
  };
}

/** `a[k]` with a constant integer `k` (the IR's static_getitem). Impl args: [array]. */
export function arrayGetitemConst(a: ArrayType, k: number, span: Span, opts: AccessOptions): Impl {
  if (a.ndim === 0) throw typingError("a 0-dimensional array cannot be indexed by an integer.", span);
  const inner = arrayGetitem(a, int64, span, opts);
  return { name: "array.getitem", args: [a], ret: inner.ret, lower: (l) => inner.lower({ ...bind(l), args: [l.args[0], String(k)] }) };
}

/** A LowerCtx whose methods stay bound to the original (so a copy with other args works). */
function bind(l: LowerCtx): LowerCtx {
  return {
    f: l.f, m: l.m, args: l.args, types: l.types, ret: l.ret, errorModel: l.errorModel,
    raise: l.raise.bind(l), raiseIf: l.raiseIf.bind(l), cast: l.cast.bind(l), truth: l.truth.bind(l),
    arith: l.arith.bind(l), cmp: l.cmp.bind(l), getiter: l.getiter.bind(l), box: l.box.bind(l),
  };
}
export { bind as bindLowerCtx };

/** `a[i, ...] = v` with integer indices. Impl args: [array, index, value]; returns none. */
export function arraySetitem(a: ArrayType, idx: Type, val: Type, span: Span, opts: AccessOptions): Impl {
  if (a.readonly) throw typingError(`cannot assign to an element of a read-only array (${a.key}).`, span);
  const n = indexCount(a, idx, span);
  const scalar = idx.tag !== "tuple";
  const it = scalar ? int64 : tupleOf(Array(n).fill(int64));
  if (n !== a.ndim) throw typingError("assigning to a part of an array (a row or a slice) is not supported yet; assign elements in a loop.", span);
  if (val.tag === "array") throw typingError(`cannot assign an array to one element of ${a.key}.`, span);
  return {
    name: "array.setitem", args: [a, it, a.dtype], ret: none,
    lower: (l) => {
      const ix = indexValues(l, a, l.args[0], l.args[1], n, scalar, opts);
      storeElem(l.f, a.dtype, elemPtr(l.f, a, l.args[0], ix), l.args[2]);
      return "0";
    },
  };
}

/**
 * `a[idx] = value` as typed statements: one element store for a full integer index,
 * otherwise an elementwise copy into the view `a[idx]` (rows, slices; value broadcast).
 */
export function buildSetitem(ctx: InferCtx, a: ArrayType, target: Var, idx: Var, it: Type, value: Var, vt: Type,
  span: Span, opts: AccessOptions): void {
  if (it.tag === "array") { buildFancySetitem(ctx, a, target, idx, it, value, vt, span); return; }
  const items = basicItems(a, it, span);
  if (items !== null) { buildSliceAssign(ctx, a, target, idx, it, items, value, vt, span, opts); return; }
  const n = indexCount(a, it, span);
  if (n < a.ndim) {
    const view = arrayGetitem(a, it, span, opts);
    const v = ctx.fresh(view.ret);
    ctx.emit({ k: "assign", target: v, value: { k: "intrinsic", type: view.ret, impl: view, args: [target, ctx.cast(idx, it, view.args[1], span)] }, span });
    if (a.readonly) throw typingError(`cannot assign into a read-only array (${a.key}).`, span);
    emitAssignInto(ctx, v, view.ret as ArrayType, value, vt, span);
    return;
  }
  const impl = arraySetitem(a, it, vt, span, opts);
  const args = [target, ctx.cast(idx, it, impl.args[1], span), ctx.cast(value, vt, impl.args[2], span)];
  ctx.emit({ k: "assign", target: ctx.fresh(impl.ret), value: { k: "intrinsic", type: impl.ret, impl, args }, span });
}

// -- iteration ---------------------------------------------------------------------------

/** `getiter(a)`: the iterator struct `{array, i64 0}`. */
export function arrayGetiter(f: FnText, a: ArrayType, v: string, it: IterType): string {
  const ty = llvmType(it);
  const x = f.op(`insertvalue ${ty} undef, ${llvmType(a)} ${v}, 0`);
  return f.op(`insertvalue ${ty} ${x}, i64 0, 1`);
}

/** Advances the array iterator stored at `p`; returns [value, valid]. */
export function arrayIterNext(f: FnText, p: string, it: IterType): [string, string] {
  const a = it.parts[0] as ArrayType;
  const ty = llvmType(it);
  const arr = f.op(`load ${llvmType(a)}, ptr ${f.op(`getelementptr inbounds ${ty}, ptr ${p}, i32 0, i32 0`)}`);
  const pi = f.op(`getelementptr inbounds ${ty}, ptr ${p}, i32 0, i32 1`);
  const i = f.op(`load i64, ptr ${pi}`);
  const n = a.ndim === 0 ? "0" : shapeAt(f, a, arr, 0);
  const valid = f.op(`icmp slt i64 ${i}, ${n}`);
  f.emit(`store i64 ${f.op(`add i64 ${i}, 1`)}, ptr ${pi}`);
  // the item at a clamped index (never read when invalid, but must be addressable)
  const safe = f.op(`select i1 ${valid}, i64 ${i}, i64 0`);
  const r = indexInto(f, a, arr, [safe]);
  if (r.view !== null) return [r.view, valid];
  // an element load at index 0 of an empty array would read out of bounds: load only when valid
  const yes = f.label("iteritem"), join = f.label("iterjoin");
  const from = f.block;
  f.emit(`br i1 ${valid}, label %${yes}, label %${join}`);
  f.start(yes);
  const x = loadElem(f, a.dtype, r.ptr);
  const from2 = f.block;
  f.emit(`br label %${join}`);
  f.start(join);
  const et = llvmType(rowType(a));
  return [f.op(`phi ${et} [${x}, %${from2}], [${a.dtype === bool ? "false" : zeroOf(et)}, %${from}]`), valid];
}

function zeroOf(ty: string): string {
  if (ty === "float" || ty === "double") return "0.0";
  if (ty.startsWith("{")) return "zeroinitializer";
  return "0";
}
