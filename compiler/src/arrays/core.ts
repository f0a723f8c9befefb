/**
 * @fileoverview Arrays in LLVM IR: the array struct, element access, allocation and
 * reference counting. Every other file of arrays/ builds on these primitives.
 *
 * In: array values (`ArrayType`, LLVM struct
 * `{ptr meminfo, ptr parent, i64 nitems, i64 itemsize, ptr data, [n x i64] shape, [n x i64] strides}`)
 * and a function body under construction (`FnText`).
 * Out: LLVM IR text: field reads, element pointers, new C-contiguous arrays, incref/decref.
 *
 * Ownership. `meminfo` is null for arrays that Python owns (arguments and views of them;
 * `parent` is then the ndarray object) and otherwise points at a runtime block
 * `{i64 refcount, i64 nbytes, data...}` (numjit/_nrt.py). Strides are in bytes, as NumPy's.
 * In memory, bool elements are bytes (`i8`), although bool values are `i1`.
 */
import type { FnText } from "../llvm";
import { listDecrefHelper } from "../lists/core";
import {
  arrayOf, bool, int64, iterOf, llvmType, type ArrayType, type IterType, type Type,
} from "../types";

export const F_MEMINFO = 0, F_PARENT = 1, F_NITEMS = 2, F_ITEMSIZE = 3, F_DATA = 4, F_SHAPE = 5, F_STRIDES = 6;

/** NumPy's type numbers for a dtype (int64 is NPY_LONG or NPY_LONGLONG on LP64). */
export function typeNums(t: Type): number[] {
  switch (t.key) {
    case "bool": return [0];
    case "int8": return [1];
    case "uint8": return [2];
    case "int16": return [3];
    case "uint16": return [4];
    case "int32": return [5];
    case "uint32": return [6];
    case "int64": return [7, 9];
    case "uint64": return [8, 10];
    case "float32": return [11];
    case "float64": return [12];
    case "complex64": return [14];
    case "complex128": return [15];
  }
  return [];
}

export function isDtype(t: Type): boolean { return typeNums(t).length > 0; }

/** Bytes per element. */
export function itemSize(t: Type): number {
  if (t === bool) return 1;
  if (t.tag === "int" || t.tag === "float" || t.tag === "complex") return t.bits / 8;
  throw new Error(`itemsize of ${t.key}`);
}

/** The LLVM type of one element in memory. */
export function memType(t: Type): string { return t === bool ? "i8" : llvmType(t); }

/** The iterator of `for x in a`: the array and the next index. */
export function arrayIterType(a: ArrayType): IterType {
  return iterOf("array", rowType(a), [a, int64]);
}

/** What `a[i]` gives: an element of a 1-D array, else a view of one dimension fewer. */
export function rowType(a: ArrayType): Type {
  if (a.ndim === 1) return a.dtype;
  return arrayOf(a.dtype, a.ndim - 1, a.layout === "C" ? "C" : "A", a.readonly);
}

// -- field access ------------------------------------------------------------------------

export function field(f: FnText, a: ArrayType, v: string, i: number): string {
  return f.op(`extractvalue ${llvmType(a)} ${v}, ${i}`);
}
export function shapeAt(f: FnText, a: ArrayType, v: string, d: number): string {
  return f.op(`extractvalue ${llvmType(a)} ${v}, ${F_SHAPE}, ${d}`);
}
export function strideAt(f: FnText, a: ArrayType, v: string, d: number): string {
  return f.op(`extractvalue ${llvmType(a)} ${v}, ${F_STRIDES}, ${d}`);
}

/** Loads an element from `p` as a value of type `t` (bool bytes become i1). */
export function loadElem(f: FnText, t: Type, p: string): string {
  const x = f.op(`load ${memType(t)}, ptr ${p}`);
  return t === bool ? f.op(`icmp ne i8 ${x}, 0`) : x;
}
export function storeElem(f: FnText, t: Type, p: string, v: string): void {
  const x = t === bool ? f.op(`zext i1 ${v} to i8`) : v;
  f.emit(`store ${memType(t)} ${x}, ptr ${p}`);
}

/**
 * The address of element `idx` (already wrapped, int64) of the array `v`. C and F
 * layouts index elements with the shape (so LLVM sees unit stride in the inner loop);
 * layout A adds byte strides.
 */
export function elemPtr(f: FnText, a: ArrayType, v: string, idx: string[]): string {
  const data = field(f, a, v, F_DATA);
  const et = memType(a.dtype);
  if (idx.length === 0) return data;
  if (a.layout === "A" || idx.length < a.ndim) {
    let off: string | null = null;
    idx.forEach((i, d) => {
      const term = f.op(`mul i64 ${i}, ${strideAt(f, a, v, d)}`);
      off = off === null ? term : f.op(`add i64 ${off}, ${term}`);
    });
    return f.op(`getelementptr i8, ptr ${data}, i64 ${off}`);
  }
  const order = a.layout === "C" ? idx.map((_, d) => d) : idx.map((_, d) => idx.length - 1 - d);
  let lin = idx[order[0]];
  for (const d of order.slice(1)) {
    lin = f.op(`add i64 ${f.op(`mul i64 ${lin}, ${shapeAt(f, a, v, d)}`)}, ${idx[d]}`);
  }
  return f.op(`getelementptr ${et}, ptr ${data}, i64 ${lin}`);
}

/** Builds an array struct value from its fields. */
export function makeArray(f: FnText, a: ArrayType, meminfo: string, parent: string, nitems: string, data: string,
  shape: string[], strides: string[]): string {
  const ty = llvmType(a);
  let acc = f.op(`insertvalue ${ty} undef, ptr ${meminfo}, ${F_MEMINFO}`);
  acc = f.op(`insertvalue ${ty} ${acc}, ptr ${parent}, ${F_PARENT}`);
  acc = f.op(`insertvalue ${ty} ${acc}, i64 ${nitems}, ${F_NITEMS}`);
  acc = f.op(`insertvalue ${ty} ${acc}, i64 ${itemSize(a.dtype)}, ${F_ITEMSIZE}`);
  acc = f.op(`insertvalue ${ty} ${acc}, ptr ${data}, ${F_DATA}`);
  shape.forEach((s, d) => { acc = f.op(`insertvalue ${ty} ${acc}, i64 ${s}, ${F_SHAPE}, ${d}`); });
  strides.forEach((s, d) => { acc = f.op(`insertvalue ${ty} ${acc}, i64 ${s}, ${F_STRIDES}, ${d}`); });
  return acc;
}

/** C-order byte strides for `shape`. */
export function cStrides(f: FnText, shape: string[], itemsize: number): string[] {
  const out: string[] = new Array(shape.length);
  let acc = String(itemsize);
  for (let d = shape.length - 1; d >= 0; d--) {
    out[d] = acc;
    if (d > 0) acc = f.op(`mul i64 ${acc}, ${shape[d]}`);
  }
  return out;
}

/** Product of the shape values. */
export function product(f: FnText, shape: string[]): string {
  let n = "1";
  for (const s of shape) n = n === "1" ? s : f.op(`mul i64 ${n}, ${s}`);
  return n;
}

/**
 * A run-time `axis` of an `nd`-dimensional array, wrapped once if negative (as NumPy);
 * an axis still out of range raises NumPy's ValueError through `raiseIf`.
 */
export function normaliseAxis(f: FnText, axis: string, nd: number,
  raiseIf: (cond: string, exc: string, msg: string | null) => void): string {
  const ax = f.op(`select i1 ${f.op(`icmp slt i64 ${axis}, 0`)}, i64 ${f.op(`add i64 ${axis}, ${nd}`)}, i64 ${axis}`);
  raiseIf(f.op(`icmp uge i64 ${ax}, ${nd}`), "ValueError", `axis is out of bounds for array of dimension ${nd}`);
  return ax;
}

/**
 * A new C-contiguous array of `shape` (int64 values, not checked here) from the runtime
 * allocator; its reference count is 1 (the caller owns it). Raises MemoryError through
 * `raiseIf` when malloc fails or the shape is negative.
 */
export function allocArray(f: FnText, a: ArrayType, shape: string[],
  raiseIf: (cond: string, exc: string, msg: string | null) => void): string {
  for (const s of shape) raiseIf(f.op(`icmp slt i64 ${s}, 0`), "ValueError", "negative dimensions are not allowed");
  const n = product(f, shape);
  const nbytes = f.op(`mul i64 ${n}, ${itemSize(a.dtype)}`);
  f.m.declare("nj_rt_alloc", "declare noalias ptr @nj_rt_alloc(i64) #0");
  const mi = f.call("ptr", "@nj_rt_alloc", [`i64 ${nbytes}`]);
  raiseIf(f.op(`icmp eq ptr ${mi}, null`), "MemoryError", "out of memory allocating an array");
  const data = f.op(`getelementptr inbounds i8, ptr ${mi}, i64 16`);
  return makeArray(f, a, mi, "null", n, data, shape, cStrides(f, shape, itemSize(a.dtype)));
}

// -- reference counting ------------------------------------------------------------------

/** Whether values of type `t` hold array references. */
export function hasRefs(t: Type): boolean {
  switch (t.tag) {
    case "array": return true;
    case "list": return true;
    case "tuple": return t.items.some(hasRefs);
    case "iter": return t.parts.some(hasRefs);
    case "optional": return hasRefs(t.inner);
    case "closure": return t.captured.some(hasRefs);
    case "method": return hasRefs(t.self);
    default: return false;
  }
}

/** The meminfo pointers inside a value of type `t` (a list is its own block, whose
 *  release also frees its items: `out` gets the list's decref helper with it). */
function meminfos(f: FnText, t: Type, v: string, out: string[], lists: Map<string, string> = new Map()): void {
  const ty = llvmType(t);
  switch (t.tag) {
    case "array": out.push(f.op(`extractvalue ${ty} ${v}, ${F_MEMINFO}`)); return;
    case "list": out.push(v); lists.set(v, listDecrefHelper(f, t)); return;
    case "tuple": t.items.forEach((it, i) => { if (hasRefs(it)) meminfos(f, it, f.op(`extractvalue ${ty} ${v}, ${i}`), out, lists); }); return;
    case "iter": t.parts.forEach((it, i) => { if (hasRefs(it)) meminfos(f, it, f.op(`extractvalue ${ty} ${v}, ${i}`), out, lists); }); return;
    case "optional": meminfos(f, t.inner, f.op(`extractvalue ${ty} ${v}, 1`), out, lists); return;
    case "closure": t.captured.forEach((it, i) => { if (hasRefs(it)) meminfos(f, it, f.op(`extractvalue ${ty} ${v}, ${i}`), out, lists); }); return;
    case "method": meminfos(f, t.self, v, out, lists); return;
    default: return;
  }
}

function increfHelper(f: FnText): string {
  return f.m.helper("nj.incref", () => [
    "define internal void @nj.incref(ptr %mi) #1 {",
    "entry:",
    "  %null = icmp eq ptr %mi, null",
    "  br i1 %null, label %done, label %inc",
    "inc:",
    ...(f.m.atomicRefcounts
      ? ["  %c = atomicrmw add ptr %mi, i64 1 monotonic"]
      : ["  %c = load i64, ptr %mi", "  %c1 = add i64 %c, 1", "  store i64 %c1, ptr %mi"]),
    "  br label %done",
    "done:",
    "  ret void",
    "}",
  ].join("\n"));
}

function decrefHelper(f: FnText): string {
  f.m.declare("nj_rt_free", "declare void @nj_rt_free(ptr) #0");
  return f.m.helper("nj.decref", () => [
    "define internal void @nj.decref(ptr %mi) #1 {",
    "entry:",
    "  %null = icmp eq ptr %mi, null",
    "  br i1 %null, label %done, label %dec",
    "dec:",
    ...(f.m.atomicRefcounts
      ? ["  %c = atomicrmw sub ptr %mi, i64 1 acq_rel", "  %zero = icmp eq i64 %c, 1"]
      : ["  %c = load i64, ptr %mi", "  %c1 = sub i64 %c, 1", "  store i64 %c1, ptr %mi", "  %zero = icmp eq i64 %c1, 0"]),
    "  br i1 %zero, label %free, label %done",
    "free:",
    "  call void @nj_rt_free(ptr %mi)",
    "  br label %done",
    "done:",
    "  ret void",
    "}",
  ].join("\n"));
}

/** The name of the array release helper (`@nj.decref`, declared in the module). */
export function decrefHelperName(f: FnText): string { return decrefHelper(f); }

export function incref(f: FnText, t: Type, v: string): void {
  if (!hasRefs(t)) return;
  const mis: string[] = [];
  meminfos(f, t, v, mis);
  const fn = increfHelper(f);
  for (const mi of mis) f.call("void", fn, [`ptr ${mi}`]);
}

export function decref(f: FnText, t: Type, v: string): void {
  if (!hasRefs(t)) return;
  const mis: string[] = [];
  const lists = new Map<string, string>();
  meminfos(f, t, v, mis, lists);
  const fn = decrefHelper(f);
  for (const mi of mis) f.call("void", lists.get(mi) ?? fn, [`ptr ${mi}`]);
}
