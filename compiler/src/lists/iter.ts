/**
 * @fileoverview Iterating over typed lists (`for x in lst`) and their truth value.
 *
 * In: list values and the list iterator type (`IterType` kind "list", parts
 * `[list, int64]`: the list and the next index), from lower.ts's getiter/iternext hooks.
 * Out: LLVM IR. The length is read at every step, as CPython does, so items appended
 * during the loop are visited and a shrinking list ends the loop early.
 */
import type { FnText } from "../llvm";
import { llvmType, type IterType, type ListType } from "../types";
import { itemPtr, listLen, loadItem } from "./core";

export function listGetiter(f: FnText, t: ListType, v: string): string {
  const ty = `{${llvmType(t)}, i64}`;
  const a = f.op(`insertvalue ${ty} undef, ptr ${v}, 0`);
  return f.op(`insertvalue ${ty} ${a}, i64 0, 1`);
}

/** Advances the list iterator stored at `p`; returns [item, valid]. */
export function listIterNext(f: FnText, p: string, it: IterType): [string, string] {
  const ty = llvmType(it);
  const lst = f.op(`load ptr, ptr ${f.op(`getelementptr inbounds ${ty}, ptr ${p}, i32 0, i32 0`)}`);
  const pi = f.op(`getelementptr inbounds ${ty}, ptr ${p}, i32 0, i32 1`);
  const i = f.op(`load i64, ptr ${pi}`);
  const valid = f.op(`icmp slt i64 ${i}, ${listLen(f, lst)}`);
  // an item is read only when valid (the items block may be null for an empty list)
  const yes = f.label("litem"), join = f.label("ljoin"), from = f.block;
  f.emit(`br i1 ${valid}, label %${yes}, label %${join}`);
  f.start(yes);
  const x = loadItem(f, it.yields, itemPtr(f, it.yields, lst, i));
  f.emit(`store i64 ${f.op(`add i64 ${i}, 1`)}, ptr ${pi}`);
  const from2 = f.block;
  f.emit(`br label %${join}`);
  f.start(join);
  const v = f.op(`phi ${llvmType(it.yields)} [${x}, %${from2}], [${undefOf(it)}, %${from}]`);
  return [v, valid];
}

/** The item after the end: an array item must be a null-meminfo struct, since the
 *  loop's temporaries take (and release) references to what the iterator yields. */
function undefOf(it: IterType): string { return it.yields.tag === "array" ? "zeroinitializer" : "undef"; }

/** `bool(lst)`: the list is not empty. */
export function listTruth(f: FnText, v: string): string {
  return f.op(`icmp ne i64 ${listLen(f, v)}, 0`);
}
