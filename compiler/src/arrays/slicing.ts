/**
 * @fileoverview Basic slicing: `a[1:-1]`, `a[::2]`, `a[:, j]`, `a[i, 1:]`, `a[None, :]`,
 * and assignment through them (`a[1:-1] = expr`, `a[:] = 0`).
 *
 * In: at typing time, an array type and an index type made of integers, `slice(...)`
 * values (build_ir.ts turns `lo:hi:step` into a call of the `slice` builtin registered
 * here) and None (np.newaxis); for assignment, the value's type.
 * Out: an `Impl` giving a view (same memory and meminfo; strides scaled by the steps,
 * Python's clamping of the bounds, ValueError for a zero step), and for assignment the
 * typed statements `$view = a[idx]; array_expr(dest=$view, value)`, an in-place
 * elementwise copy that fuse.ts can merge with the expression producing the value.
 * The view's layout is C when the source is C and only its leading dimensions are
 * indexed by integers and one stepless slice, the rest untouched; otherwise A.
 */
import { typingError, type Span } from "../diagnostics";
import { BUILTINS, type Impl } from "../builtins";
import type { Var } from "../ir";
import { arrayOf, int64, isInt, none, sliceOf, type ArrayType, type SliceType, type Type } from "../types";
import { F_DATA, F_MEMINFO, F_PARENT, field, makeArray, product, shapeAt, strideAt } from "./core";
import { boundsCheck, type AccessOptions } from "./access";
import { makeEwImpl, type InferCtx } from "./exprs";
import { buildTupleSetitem, checkTuple, tupleGetitem } from "./fancy";

// slice(stop) / slice(start, stop[, step]) -> slice; the parts are ints or None
BUILTINS.set("slice", (c) => {
  if (c.args.length < 1 || c.args.length > 3 || c.kwargs.length > 0) throw typingError("slice() takes 1 to 3 arguments.", c.span);
  const parts = c.args.length === 1 ? [none, c.args[0], none] : [c.args[0], c.args[1], c.args[2] ?? none];
  for (const p of parts) {
    if (p !== none && !isInt(p)) throw typingError(`slice indices must be integers or None, not ${p.key}.`, c.span);
  }
  const ret = sliceOf(parts.map((p) => p !== none) as [boolean, boolean, boolean]);
  const argTypes = c.args.map((t) => (t === none ? none : int64));
  return {
    name: "slice", args: argTypes, ret,
    lower: (l) => {
      const vals = c.args.length === 1 ? ["0", l.args[0], "0"] : [l.args[0], l.args[1], l.args[2] ?? "0"];
      const given = c.args.length === 1 ? [false, true, false] : [c.args[0] !== none, c.args[1] !== none, (c.args[2] ?? none) !== none];
      let acc = "undef";
      vals.forEach((v, i) => { acc = l.f.op(`insertvalue {i64, i64, i64} ${acc}, i64 ${given[i] ? v : "0"}, ${i}`); });
      return acc;
    },
  };
});

type Item = { k: "int"; t: Type } | { k: "slice"; t: SliceType } | { k: "new" } | { k: "array"; t: ArrayType };

/**
 * The items of a basic index, or null when it is only integers (plain element access).
 * A tuple may hold one index array (fancy.ts's tuple indexing; arrayView and
 * buildSliceAssign hand such an index over).
 */
export function basicItems(a: ArrayType, idx: Type, span: Span): Item[] | null {
  const items = idx.tag === "tuple" ? idx.items : [idx];
  const out: Item[] = items.map((t) => {
    if (isInt(t)) return { k: "int", t } as Item;
    if (t.tag === "slice") return { k: "slice", t } as Item;
    if (t === none) return { k: "new" } as Item;
    if (t.tag === "array" && idx.tag === "tuple") return { k: "array", t } as Item;
    throw typingError(`arrays cannot be indexed by ${t.key} in jitted code (integers, slices, None and one boolean or integer array are supported).`, span);
  });
  if (out.every((x) => x.k === "int")) return null;
  if (out.some((x) => x.k === "array")) { checkTuple(a, out, span); return out; }
  const used = out.filter((x) => x.k !== "new").length;
  if (used > a.ndim) throw typingError(`too many indices for a ${a.ndim}-dimensional array.`, span);
  return out;
}

function viewType(a: ArrayType, items: Item[]): ArrayType {
  let nd = 0;
  for (const x of items) if (x.k !== "int") nd++;
  nd += a.ndim - items.filter((x) => x.k !== "new").length;
  // C stays C for: ints*, then at most one stepless slice, then full slices / nothing
  let layout: "C" | "A" = "A";
  if (a.layout === "C" && !items.some((x) => x.k === "new")) {
    let i = 0;
    while (i < items.length && items[i].k === "int") i++;
    const it = items[i];
    if (it === undefined || (it.k === "slice" && !it.t.has[2])) {
      i++;
      const rest = items.slice(i);
      if (rest.every((x) => x.k === "slice" && !x.t.has.some((h) => h))) layout = "C";
    }
  }
  return arrayOf(a.dtype, nd, layout, a.readonly);
}

/** `a[basic index]`: a view. Impl args: [array, the index (tuple or single item)]. */
export function arrayView(a: ArrayType, idx: Type, items: Item[], opts: AccessOptions): Impl {
  if (items.some((x) => x.k === "array")) return tupleGetitem(a, idx, items);
  const ret = viewType(a, items);
  const single = idx.tag !== "tuple";
  // the index converted for lowering: ints to int64, slices and None as they are
  const conv: Type = single ? (isInt(idx) ? int64 : idx) : idx;
  return {
    name: "array.view", args: [a, conv], ret,
    lower: (l) => {
      const f = l.f, v = l.args[0];
      const itemVal = (k: number): string => (single ? l.args[1] : f.op(`extractvalue ${llvmOf(conv)} ${l.args[1]}, ${k}`));
      let data = field(f, a, v, F_DATA);
      const shape: string[] = [], strides: string[] = [];
      let d = 0;
      items.forEach((x, k) => {
        if (x.k === "new") { shape.push("1"); strides.push("0"); return; }
        const n = shapeAt(f, a, v, d), st = strideAt(f, a, v, d);
        if (x.k === "int") {
          let i = itemVal(k);
          if ((idx.tag === "tuple" ? idx.items[k] : idx) !== int64) i = l.cast(i, (idx.tag === "tuple" ? idx.items[k] : idx), int64);
          const w = f.op(`select i1 ${f.op(`icmp slt i64 ${i}, 0`)}, i64 ${f.op(`add i64 ${i}, ${n}`)}, i64 ${i}`);
          if (opts.boundscheck) boundsCheck(l, i, w, n, d);
          data = f.op(`getelementptr i8, ptr ${data}, i64 ${f.op(`mul i64 ${w}, ${st}`)}`);
        } else if (x.k === "slice") {
          const sv = itemVal(k);
          const [lo, len, step] = normalise(l, x.t, sv, n);
          data = f.op(`getelementptr i8, ptr ${data}, i64 ${f.op(`mul i64 ${lo}, ${st}`)}`);
          shape.push(len);
          strides.push(x.t.has[2] ? f.op(`mul i64 ${st}, ${step}`) : st);
        }
        d++;
      });
      for (; d < a.ndim; d++) { shape.push(shapeAt(f, a, v, d)); strides.push(strideAt(f, a, v, d)); }
      return makeArray(f, ret, field(f, a, v, F_MEMINFO), field(f, a, v, F_PARENT), product(f, shape), data, shape, strides);
    },
  };
}

function llvmOf(t: Type): string {
  // local import cycle guard: types.llvmType
  return llvmTypeOf(t);
}
import { llvmType as llvmTypeOf } from "../types";

/** Python's slice.indices(n): [start, length, step] of the selected items. */
export function normalise(l: Parameters<Impl["lower"]>[0], t: SliceType, sv: string, n: string): [string, string, string] {
  const f = l.f;
  const part = (i: number) => f.op(`extractvalue {i64, i64, i64} ${sv}, ${i}`);
  if (!t.has[2]) {
    // step 1: clamp into [0, n]
    const clamp = (x: string) => {
      const w = f.op(`select i1 ${f.op(`icmp slt i64 ${x}, 0`)}, i64 ${f.op(`add i64 ${x}, ${n}`)}, i64 ${x}`);
      const lo = f.op(`select i1 ${f.op(`icmp slt i64 ${w}, 0`)}, i64 0, i64 ${w}`);
      return f.op(`select i1 ${f.op(`icmp sgt i64 ${lo}, ${n}`)}, i64 ${n}, i64 ${lo}`);
    };
    const start = t.has[0] ? clamp(part(0)) : "0";
    const stop = t.has[1] ? clamp(part(1)) : n;
    const len0 = f.op(`sub i64 ${stop}, ${start}`);
    const len = f.op(`select i1 ${f.op(`icmp slt i64 ${len0}, 0`)}, i64 0, i64 ${len0}`);
    return [start, len, "1"];
  }
  const step = part(2);
  l.raiseIf(f.op(`icmp eq i64 ${step}, 0`), "ValueError", "slice step cannot be zero");
  const pos = f.op(`icmp sgt i64 ${step}, 0`);
  const nm1 = f.op(`sub i64 ${n}, 1`);
  // defaults: step > 0 → [0, n); step < 0 → [n-1, -1)
  const bound = (x: string, dflt: string) => {
    const w = f.op(`select i1 ${f.op(`icmp slt i64 ${x}, 0`)}, i64 ${f.op(`add i64 ${x}, ${n}`)}, i64 ${x}`);
    // step > 0: clamp to [0, n]; step < 0: clamp to [-1, n-1]
    const loP = f.op(`select i1 ${f.op(`icmp slt i64 ${w}, 0`)}, i64 0, i64 ${w}`);
    const p = f.op(`select i1 ${f.op(`icmp sgt i64 ${loP}, ${n}`)}, i64 ${n}, i64 ${loP}`);
    const loN = f.op(`select i1 ${f.op(`icmp slt i64 ${w}, 0`)}, i64 -1, i64 ${w}`);
    const q = f.op(`select i1 ${f.op(`icmp sgt i64 ${loN}, ${nm1}`)}, i64 ${nm1}, i64 ${loN}`);
    void dflt;
    return f.op(`select i1 ${pos}, i64 ${p}, i64 ${q}`);
  };
  const start = t.has[0] ? bound(part(0), "") : f.op(`select i1 ${pos}, i64 0, i64 ${nm1}`);
  const stop = t.has[1] ? bound(part(1), "") : f.op(`select i1 ${pos}, i64 ${n}, i64 -1`);
  // length: ceil((stop - start) / step), at least 0
  const diff = f.op(`sub i64 ${stop}, ${start}`);
  const adj = f.op(`select i1 ${pos}, i64 ${f.op(`sub i64 ${step}, 1`)}, i64 ${f.op(`add i64 ${step}, 1`)}`);
  const q = f.op(`sdiv i64 ${f.op(`add i64 ${diff}, ${adj}`)}, ${step}`);
  const len = f.op(`select i1 ${f.op(`icmp slt i64 ${q}, 0`)}, i64 0, i64 ${q}`);
  return [start, len, step];
}

/**
 * `a[idx] = value` where `a[idx]` is a view (or the whole array for a basic index):
 * emits `$view = a[idx]` and an in-place elementwise copy of `value` into it.
 */
export function buildSliceAssign(ctx: InferCtx, a: ArrayType, target: Var, idx: Var, idxT: Type, items: Item[],
  value: Var, valT: Type, span: Span, opts: AccessOptions): void {
  if (items.some((x) => x.k === "array")) { buildTupleSetitem(ctx, a, target, idx, idxT, items, value, valT, span); return; }
  if (a.readonly) throw typingError(`cannot assign into a read-only array (${a.key}).`, span);
  const view = arrayView(a, idxT, items, opts);
  const vt = view.ret as ArrayType;
  const vv = ctx.fresh(vt);
  ctx.emit({ k: "assign", target: vv, value: { k: "intrinsic", type: vt, impl: view, args: [target, ctx.cast(idx, idxT, view.args[1], span)] }, span });
  emitAssignInto(ctx, vv, vt, value, valT, span);
}

/** The in-place elementwise copy `dest[...] = value` (broadcasting the value). */
export function emitAssignInto(ctx: InferCtx, dest: Var, dt: ArrayType, value: Var, valT: Type, span: Span): void {
  const et = valT.tag === "array" ? valT.dtype : valT;
  if (valT.tag === "array" && valT.ndim > dt.ndim) throw typingError(`cannot assign a ${valT.ndim}-dimensional array into a ${dt.ndim}-dimensional one.`, span);
  if (valT.tag !== "array" && !(et.tag === "int" || et.tag === "float" || et.tag === "complex" || et.tag === "bool")) {
    throw typingError(`cannot assign a ${valT.key} into an array.`, span);
  }
  const tree = { k: "op" as const, kernel: (_l: unknown, vals: string[]) => vals[1], operandTypes: [dt.dtype, dt.dtype], out: dt.dtype,
    children: [{ k: "leaf" as const, index: 0 }, { k: "leaf" as const, index: 1 }] };
  const impl = makeEwImpl([dt, valT], dt, tree, true);
  const r = ctx.fresh(dt);
  ctx.emit({ k: "assign", target: r, value: { k: "intrinsic", type: dt, impl, args: [dest, value] }, span });
}

export type { Item };
