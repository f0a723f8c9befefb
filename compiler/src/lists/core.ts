/**
 * @fileoverview Typed lists in LLVM IR: the list block, item access, growth and release.
 * Every other file of lists/ builds on these primitives.
 *
 * In: list values (`ListType`, LLVM `ptr`) and a function body under construction.
 * Out: LLVM IR text: length, item addresses, new lists, growth, the release helper.
 *
 * A list value is a pointer to a runtime block from `nj_rt_alloc` (numjit/_nrt.py), so it
 * is reference-counted exactly as arrays are (arrays/core.ts `incref`/`decref`):
 *
 *     +0 refcount   +8 nbytes (runtime's)   +16 len   +24 capacity   +32 items block
 *
 * The items live in a second runtime block (`{refcount, nbytes, items...}`, items at +16),
 * or the pointer is null while the capacity is 0. Growth allocates a new items block of
 * twice the capacity (at least 4) and frees the old one. Releasing the last reference
 * frees both blocks (`nj.list_decref`, an atomic decrement: in modules with parallel
 * regions `nj.incref` is atomic too, parallel/region.ts). Items hold no references
 * (numbers, bools and tuples of them), so copying items is copying bytes.
 */
import type { FnText } from "../llvm";
import { bool, llvmType, type ListType, type Type } from "../types";

export const L_LEN = 16, L_CAP = 24, L_ITEMS = 32;
const HEADER_BYTES = 24;

/** The in-memory LLVM type of one item (bools are bytes, as in arrays). */
export function itemMem(t: Type): string { return t === bool ? "i8" : llvmType(t); }

/** The item type of a list whose items inference has seen; int64 stands in for none. */
export function elemOf(t: ListType): Type {
  return t.elem ?? ({ tag: "int", key: "int64", bits: 64, signed: true } as Type);
}

/** Bytes per item, as an LLVM constant expression. */
export function itemBytes(t: Type): string {
  return `ptrtoint (ptr getelementptr (${itemMem(t)}, ptr null, i32 1) to i64)`;
}

function fieldPtr(f: FnText, l: string, off: number): string {
  return f.op(`getelementptr inbounds i8, ptr ${l}, i64 ${off}`);
}

export function listLen(f: FnText, l: string): string { return f.op(`load i64, ptr ${fieldPtr(f, l, L_LEN)}`); }
export function setLen(f: FnText, l: string, n: string): void { f.emit(`store i64 ${n}, ptr ${fieldPtr(f, l, L_LEN)}`); }

/** The address of the first item (meaningless while the capacity is 0). */
export function itemsPtr(f: FnText, l: string): string {
  const blk = f.op(`load ptr, ptr ${fieldPtr(f, l, L_ITEMS)}`);
  return f.op(`getelementptr i8, ptr ${blk}, i64 16`);
}

export function itemPtr(f: FnText, t: Type, l: string, i: string): string {
  return f.op(`getelementptr ${itemMem(t)}, ptr ${itemsPtr(f, l)}, i64 ${i}`);
}

export function loadItem(f: FnText, t: Type, p: string): string {
  const x = f.op(`load ${itemMem(t)}, ptr ${p}`);
  return t === bool ? f.op(`icmp ne i8 ${x}, 0`) : x;
}
export function storeItem(f: FnText, t: Type, p: string, v: string): void {
  const x = t === bool ? f.op(`zext i1 ${v} to i8`) : v;
  f.emit(`store ${itemMem(t)} ${x}, ptr ${p}`);
}

function declareRuntime(f: FnText): void {
  f.m.declare("nj_rt_alloc", "declare noalias ptr @nj_rt_alloc(i64) #0");
  f.m.declare("nj_rt_free", "declare void @nj_rt_free(ptr) #0");
  f.m.declare("llvm.memmove.p0.p0.i64", "declare void @llvm.memmove.p0.p0.i64(ptr, ptr, i64, i1)");
}

/** `@nj.list_new(i64 n, i64 itembytes) -> ptr`: a list of `n` uninitialised items
 *  (refcount 1), or null when memory runs out. */
function newHelper(f: FnText): string {
  declareRuntime(f);
  return f.m.helper("nj.list_new", () => [
    "define internal ptr @nj.list_new(i64 %n, i64 %sz) #0 {",
    "entry:",
    `  %l = call ptr @nj_rt_alloc(i64 ${HEADER_BYTES})`,
    "  %nol = icmp eq ptr %l, null",
    "  br i1 %nol, label %fail, label %items",
    "items:",
    "  %empty = icmp sle i64 %n, 0",
    "  br i1 %empty, label %fill, label %alloc",
    "alloc:",
    "  %nb = mul i64 %n, %sz",
    "  %blk0 = call ptr @nj_rt_alloc(i64 %nb)",
    "  %noblk = icmp eq ptr %blk0, null",
    "  br i1 %noblk, label %freel, label %fill",
    "freel:",
    "  call void @nj_rt_free(ptr %l)",
    "  br label %fail",
    "fill:",
    "  %blk = phi ptr [null, %items], [%blk0, %alloc]",
    "  %cap = select i1 %empty, i64 0, i64 %n",
    `  %pl = getelementptr inbounds i8, ptr %l, i64 ${L_LEN}`,
    "  store i64 %cap, ptr %pl",
    `  %pc = getelementptr inbounds i8, ptr %l, i64 ${L_CAP}`,
    "  store i64 %cap, ptr %pc",
    `  %pi = getelementptr inbounds i8, ptr %l, i64 ${L_ITEMS}`,
    "  store ptr %blk, ptr %pi",
    "  ret ptr %l",
    "fail:",
    "  ret ptr null",
    "}",
  ].join("\n"));
}

/** `@nj.list_reserve(ptr l, i64 need, i64 itembytes) -> i1`: makes room for `need`
 *  items; false when memory runs out (the list is unchanged then). */
function reserveHelper(f: FnText): string {
  declareRuntime(f);
  return f.m.helper("nj.list_reserve", () => [
    "define internal i1 @nj.list_reserve(ptr %l, i64 %need, i64 %sz) #0 {",
    "entry:",
    `  %pc = getelementptr inbounds i8, ptr %l, i64 ${L_CAP}`,
    "  %cap = load i64, ptr %pc",
    "  %fits = icmp sle i64 %need, %cap",
    "  br i1 %fits, label %ok, label %grow",
    "grow:",
    "  %dbl = shl i64 %cap, 1",
    "  %m1 = icmp sgt i64 %dbl, %need",
    "  %c1 = select i1 %m1, i64 %dbl, i64 %need",
    "  %m2 = icmp sgt i64 %c1, 4",
    "  %newcap = select i1 %m2, i64 %c1, i64 4",
    "  %nb = mul i64 %newcap, %sz",
    "  %blk = call ptr @nj_rt_alloc(i64 %nb)",
    "  %fail = icmp eq ptr %blk, null",
    "  br i1 %fail, label %bad, label %copy",
    "copy:",
    `  %pl = getelementptr inbounds i8, ptr %l, i64 ${L_LEN}`,
    "  %len = load i64, ptr %pl",
    `  %pi = getelementptr inbounds i8, ptr %l, i64 ${L_ITEMS}`,
    "  %old = load ptr, ptr %pi",
    "  %dst = getelementptr i8, ptr %blk, i64 16",
    "  %hasold = icmp ne ptr %old, null",
    "  br i1 %hasold, label %move, label %set",
    "move:",
    "  %src = getelementptr i8, ptr %old, i64 16",
    "  %ob = mul i64 %len, %sz",
    "  call void @llvm.memmove.p0.p0.i64(ptr %dst, ptr %src, i64 %ob, i1 false)",
    "  call void @nj_rt_free(ptr %old)",
    "  br label %set",
    "set:",
    "  store ptr %blk, ptr %pi",
    "  store i64 %newcap, ptr %pc",
    "  br label %ok",
    "ok:",
    "  ret i1 true",
    "bad:",
    "  ret i1 false",
    "}",
  ].join("\n"));
}

/** `@nj.list_decref(ptr l)`: drops one reference; the last frees the items and the list. */
export function listDecrefHelper(f: FnText, _t: ListType): string {
  declareRuntime(f);
  return f.m.helper("nj.list_decref", () => [
    "define internal void @nj.list_decref(ptr %l) #1 {",
    "entry:",
    "  %null = icmp eq ptr %l, null",
    "  br i1 %null, label %done, label %dec",
    "dec:",
    // atomic, so lists shared by the threads of a parallel region are released once
    "  %c = atomicrmw sub ptr %l, i64 1 acq_rel",
    "  %zero = icmp eq i64 %c, 1",
    "  br i1 %zero, label %free, label %done",
    "free:",
    `  %pi = getelementptr inbounds i8, ptr %l, i64 ${L_ITEMS}`,
    "  %blk = load ptr, ptr %pi",
    "  %hasblk = icmp ne ptr %blk, null",
    "  br i1 %hasblk, label %freeblk, label %freel",
    "freeblk:",
    "  call void @nj_rt_free(ptr %blk)",
    "  br label %freel",
    "freel:",
    "  call void @nj_rt_free(ptr %l)",
    "  br label %done",
    "done:",
    "  ret void",
    "}",
  ].join("\n"));
}

type RaiseIf = (cond: string, exc: string, msg: string | null) => void;

/** A new list of `n` (uninitialised) items of type `t`; the caller owns it. */
export function newList(f: FnText, t: Type, n: string, raiseIf: RaiseIf): string {
  const l = f.call("ptr", `@${newHelper(f).replace(/^@/, "")}`, [`i64 ${n}`, `i64 ${itemBytes(t)}`]);
  raiseIf(f.op(`icmp eq ptr ${l}, null`), "MemoryError", "out of memory allocating a list");
  return l;
}

/** Makes room for `need` items. */
export function reserve(f: FnText, t: Type, l: string, need: string, raiseIf: RaiseIf): void {
  const ok = f.call("i1", `@${reserveHelper(f).replace(/^@/, "")}`, [`ptr ${l}`, `i64 ${need}`, `i64 ${itemBytes(t)}`]);
  raiseIf(f.op(`xor i1 ${ok}, true`), "MemoryError", "out of memory growing a list");
}

/** Moves `n` items from index `from` to index `to` (overlap allowed). */
export function moveItems(f: FnText, t: Type, l: string, to: string, from: string, n: string): void {
  declareRuntime(f);
  const nb = f.op(`mul i64 ${n}, ${itemBytes(t)}`);
  f.emit(`call void @llvm.memmove.p0.p0.i64(ptr ${itemPtr(f, t, l, to)}, ptr ${itemPtr(f, t, l, from)}, i64 ${nb}, i1 false)`);
}

/** Copies `n` items from address `src` to address `dst` (no overlap). */
export function copyBytes(f: FnText, t: Type, dst: string, src: string, n: string): void {
  declareRuntime(f);
  const nb = f.op(`mul i64 ${n}, ${itemBytes(t)}`);
  f.emit(`call void @llvm.memmove.p0.p0.i64(ptr ${dst}, ptr ${src}, i64 ${nb}, i1 false)`);
}
