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
 * regions `nj.incref` is atomic too, parallel/region.ts). Items that are numbers, bools
 * and tuples of them hold no references, so copying them is copying bytes; a list of
 * arrays owns one reference per item: `putItem` and `copyBytes` take one, `releaseItems`
 * and the list's release helper (`nj.list_decref.<type>`) drop them, and reading an
 * item borrows it, as reading a variable does.
 */
import type { FnText } from "../llvm";
import { bool, llvmType, type ListType, type Type } from "../types";
import { decref, decrefHelperName, incref } from "../arrays/core";
import { countedLoop } from "../arrays/loops";

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

/** Whether items of type `t` hold references (arrays): the list owns one per item. */
export function itemHasRefs(t: Type): boolean { return t.tag === "array"; }

/** Stores a new item, taking a reference to it (arrays); the slot held no item. */
export function putItem(f: FnText, t: Type, p: string, v: string): void {
  if (itemHasRefs(t)) incref(f, t, v);
  storeItem(f, t, p, v);
}

/** Drops the references of items [from, from + n) (before they leave the list). */
export function releaseItems(f: FnText, t: Type, l: string, from: string, n: string): void {
  if (!itemHasRefs(t)) return;
  countedLoop(f, n, [], (i) => {
    decref(f, t, loadItem(f, t, itemPtr(f, t, l, f.op(`add i64 ${from}, ${i}`))));
    return [];
  });
}

/** Takes a reference to each of the `n` items at `dst` (after they were copied there). */
function increfCopied(f: FnText, t: Type, dst: string, n: string): void {
  if (!itemHasRefs(t)) return;
  countedLoop(f, n, [], (i) => {
    incref(f, t, loadItem(f, t, f.op(`getelementptr ${itemMem(t)}, ptr ${dst}, i64 ${i}`)));
    return [];
  });
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
export function listDecrefHelper(f: FnText, t: ListType): string {
  declareRuntime(f);
  if (t.elem !== null && itemHasRefs(t.elem)) return arrayListDecrefHelper(f, t.elem);
  return f.m.helper("nj.list_decref", () => listDecrefText("nj.list_decref", null));
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
  increfCopied(f, t, dst, n); // the copies are new items of their list
}

/** `@nj.list_decref.<items>(ptr l)` for lists of arrays: the last reference also drops
 *  each item's (the meminfo is the first field of an array value). */
function arrayListDecrefHelper(f: FnText, et: Type): string {
  const dec = decrefHelperName(f);
  const name = `nj.list_decref.${mangle(et.key)}`;
  const it = itemMem(et);
  return f.m.helper(name, () => listDecrefText(name, [
    "items:",
    `  %pn = getelementptr inbounds i8, ptr %l, i64 ${L_LEN}`,
    "  %n = load i64, ptr %pn",
    "  %base = getelementptr i8, ptr %blk, i64 16",
    "  br label %loop",
    "loop:",
    "  %i = phi i64 [0, %items], [%i1, %body]",
    "  %more = icmp slt i64 %i, %n",
    "  br i1 %more, label %body, label %freeblk",
    "body:",
    `  %p = getelementptr ${it}, ptr %base, i64 %i`,
    "  %mi = load ptr, ptr %p",
    `  call void ${dec}(ptr %mi)`,
    "  %i1 = add i64 %i, 1",
    "  br label %loop",
  ]));
}

/** The text of a list's decref helper `@name(ptr l)`: drops one reference (atomic, so
 *  lists shared by the threads of a parallel region are released once); the last frees
 *  the item block and the list, after running `items` (blocks from label `items:` that
 *  end by branching to `freeblk`) when given. */
function listDecrefText(name: string, items: string[] | null): string {
  return [
    `define internal void @${name}(ptr %l) #1 {`,
    "entry:",
    "  %null = icmp eq ptr %l, null",
    "  br i1 %null, label %done, label %dec",
    "dec:",
    "  %c = atomicrmw sub ptr %l, i64 1 acq_rel",
    "  %zero = icmp eq i64 %c, 1",
    "  br i1 %zero, label %free, label %done",
    "free:",
    `  %pi = getelementptr inbounds i8, ptr %l, i64 ${L_ITEMS}`,
    "  %blk = load ptr, ptr %pi",
    "  %hasblk = icmp ne ptr %blk, null",
    `  br i1 %hasblk, label %${items === null ? "freeblk" : "items"}, label %freel`,
    ...(items ?? []),
    "freeblk:",
    "  call void @nj_rt_free(ptr %blk)",
    "  br label %freel",
    "freel:",
    "  call void @nj_rt_free(ptr %l)",
    "  br label %done",
    "done:",
    "  ret void",
    "}",
  ].join("\n");
}

const mangle = (key: string): string => key.replace(/[^A-Za-z0-9]/g, "_");
