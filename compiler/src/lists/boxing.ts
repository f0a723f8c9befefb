/**
 * @fileoverview Typed lists at the Python boundary: boxing a returned list.
 *
 * In: a native list value (entry.ts's `box` hook), the item boxing function.
 * Out: LLVM IR building a new Python `list` (PyList_New + PyList_SetItem of each boxed
 * item); `releaseLists` drops the native lists' references once they are copied.
 */
import type { FnText } from "../llvm";
import { llvmType, type ListType, type Type } from "../types";
import { countedLoop } from "../arrays/loops";
import { elemOf, itemHasRefs, itemPtr, listDecrefHelper, listLen, loadItem, storeItem } from "./core";
import { incref } from "../arrays/core";

type Boxer = (f: FnText, v: string, t: Type, onFail: string[]) => string;

export function boxList(f: FnText, v: string, t: ListType, onFail: string[], box: Boxer): string {
  const m = f.m;
  m.declare("PyList_New", "declare ptr @PyList_New(i64)");
  m.declare("PyList_SetItem", "declare i32 @PyList_SetItem(ptr, i64, ptr)");
  m.declare("Py_DecRef", "declare void @Py_DecRef(ptr)");
  const et = elemOf(t);
  const n = listLen(f, v);
  const out = f.call("ptr", "@PyList_New", [`i64 ${n}`]);
  const bad = f.label("lfail"), ok = f.label("lok");
  f.emit(`br i1 ${f.op(`icmp eq ptr ${out}, null`)}, label %${bad}, label %${ok}`);
  f.start(bad);
  for (const line of onFail) f.emit(line);
  f.start(ok);
  countedLoop(f, n, [], (i) => {
    const x = loadItem(f, et, itemPtr(f, et, v, i));
    // boxing an array hands a reference to its capsule; the list keeps its own
    if (itemHasRefs(et)) incref(f, et, x);
    const item = box(f, x, et, [`call void @Py_DecRef(ptr ${out})`, ...onFail]);
    const bad2 = f.label("lfail"), ok2 = f.label("lok");
    f.emit(`br i1 ${f.op(`icmp eq ptr ${item}, null`)}, label %${bad2}, label %${ok2}`);
    f.start(bad2);
    f.call("void", "@Py_DecRef", [`ptr ${out}`]);
    for (const line of onFail) f.emit(line);
    f.start(ok2);
    f.call("i32", "@PyList_SetItem", [`ptr ${out}`, `i64 ${i}`, `ptr ${item}`]);
    return [];
  });
  return out;
}

/** Drops the references of the lists inside `v` (a returned value, once boxed). */
export function releaseLists(f: FnText, t: Type, v: string): void {
  if (t.tag === "list") { f.call("void", listDecrefHelper(f, t), [`ptr ${v}`]); return; }
  if (t.tag === "tuple") {
    t.items.forEach((it, i) => { if (holdsList(it)) releaseLists(f, it, f.op(`extractvalue ${llvmType(t)} ${v}, ${i}`)); });
    return;
  }
  if (t.tag === "optional" && holdsList(t.inner)) releaseLists(f, t.inner, f.op(`extractvalue ${llvmType(t)} ${v}, 1`));
}

function holdsList(t: Type): boolean {
  return t.tag === "list" || (t.tag === "tuple" && t.items.some(holdsList)) || (t.tag === "optional" && holdsList(t.inner));
}

type Unboxer = (f: FnText, o: string, t: Type) => string;

/** A Python list argument (`reflected list(T)`) as a new native list the entry owns. */
export function unboxList(f: FnText, o: string, t: ListType, unbox: Unboxer,
  newList: (f: FnText, t: Type, n: string) => string): string {
  const m = f.m;
  m.declare("PyList_Size", "declare i64 @PyList_Size(ptr)");
  m.declare("PyList_GetItem", "declare ptr @PyList_GetItem(ptr, i64)");
  const et = elemOf(t);
  const n = f.call("i64", "@PyList_Size", [`ptr ${o}`]);
  const bad = f.label("lfail"), ok = f.label("lok");
  f.emit(`br i1 ${f.op(`icmp slt i64 ${n}, 0`)}, label %${bad}, label %${ok}`);
  f.start(bad);
  f.emit("ret ptr null");
  f.start(ok);
  const lst = newList(f, et, n);
  countedLoop(f, n, [], (i) => {
    const item = f.call("ptr", "@PyList_GetItem", [`ptr ${o}`, `i64 ${i}`]);
    storeItemAt(f, et, lst, i, unbox(f, item, et));
    return [];
  });
  return lst;
}

/** After the call: writes the native list's items back into the Python list `o` (as
 *  Numba reflects list arguments) and drops the entry's reference to the native list. */
export function reflectList(f: FnText, o: string, v: string, t: ListType, box: Boxer): void {
  const m = f.m;
  m.declare("PyList_SetSlice", "declare i32 @PyList_SetSlice(ptr, i64, i64, ptr)");
  m.declare("Py_DecRef", "declare void @Py_DecRef(ptr)");
  const fresh = boxList(f, v, t, [`call void @${listDecrefHelper(f, t).replace(/^@/, "")}(ptr ${v})`, "ret ptr null"], box);
  f.call("i32", "@PyList_SetSlice", [`ptr ${o}`, "i64 0", "i64 9223372036854775807", `ptr ${fresh}`]);
  f.call("void", "@Py_DecRef", [`ptr ${fresh}`]);
  f.call("void", listDecrefHelper(f, t), [`ptr ${v}`]);
}

function storeItemAt(f: FnText, t: Type, l: string, i: string, v: string): void {
  storeItem(f, t, itemPtr(f, t, l, i), v);
}
