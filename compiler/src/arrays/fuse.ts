/**
 * @fileoverview Array-expression fusion: a typed-IR pass that merges chains of
 * elementwise array operations into one loop.
 *
 * In: the typed functions after inference.
 * Out: the same functions, where every elementwise intrinsic (arrays/exprs.ts `EwImpl`)
 * whose result is a temporary used exactly once, by another elementwise intrinsic later
 * in the same block with only pure scalar statements or other elementwise ones in between,
 * is substituted into that consumer's expression tree and its own statement removed.
 *
 *   before:  $1 = array_expr(a, b: x*y)        after:  $2 = array_expr(a, b, c: (x*y)+z)
 *            $2 = array_expr($1, c: x+y)
 *
 * The consumer then computes `a * b + c` per element with no temporary array. Parallel
 * array expressions (issue 7) can take the fused node as one parallel loop.
 */
import type { Var } from "../ir";
import type { TBlock, TExpr, TFunction, TStmt } from "../typed_ir";
import { FUSIBLE_REDUCTIONS, isEw, makeEwImpl, makeReduceImpl, type EwImpl, type Tree } from "./exprs";

/** Variables an expression reads. */
function uses(e: TExpr): Var[] {
  switch (e.k) {
    case "var": return [e.name];
    case "cast": case "extract": case "getiter": case "truth": case "is_none": return [e.value];
    case "arith": case "cmp": return [e.lhs, e.rhs];
    case "unary": return [e.operand];
    case "call": return e.closure === null ? e.args : [...e.args, e.closure];
    case "intrinsic": return e.args;
    case "tuple": return e.items;
    case "dyn_index": return [e.value, e.index];
    case "make_closure": return e.captured;
    case "const": case "arg": case "opaque": return [];
  }
}

function countUses(tf: TFunction): Map<Var, number> {
  const n = new Map<Var, number>();
  const add = (v: Var) => n.set(v, (n.get(v) ?? 0) + 1);
  for (const b of tf.blocks) {
    for (const s of b.body) {
      if (s.k === "assign") uses(s.value).forEach(add);
      else { add(s.iter); }
    }
    const t = b.term;
    if (t.k === "branch") add(t.cond);
    if (t.k === "return") add(t.value);
  }
  return n;
}

/** Intrinsics that read arrays without changing any (views, slices, attributes). */
const PURE_INTRINSICS = new Set(["array.view", "array.getitem", "slice", "array.shape", "array.size", "array.ndim",
  "array.T", "array.strides", "array.dtype", "array.real", "array.itemsize", "array.nbytes"]);

/** Statements that may sit between a producer and its consumer without changing arrays. */
function isPure(s: TStmt): boolean {
  if (s.k !== "assign") return false;
  const e = s.value;
  if (e.k === "intrinsic") {
    return (isEw(e.impl) && !e.impl.inplace) || PURE_INTRINSICS.has(e.impl.name) || (e.impl as { reduces?: string }).reduces !== undefined;
  }
  return e.k === "const" || e.k === "var" || e.k === "cast" || e.k === "arith" || e.k === "cmp" || e.k === "unary" ||
    e.k === "arg" || e.k === "extract" || e.k === "tuple" || e.k === "truth" || e.k === "opaque";
}

function shift(t: Tree, by: number): Tree {
  if (t.k === "leaf") return { k: "leaf", index: t.index + by };
  return { ...t, children: t.children.map((c) => shift(c, by)) };
}
function substitute(t: Tree, index: number, repl: Tree, removedShift: (i: number) => number): Tree {
  if (t.k === "leaf") return t.index === index ? repl : { k: "leaf", index: removedShift(t.index) };
  return { ...t, children: t.children.map((c) => substitute(c, index, repl, removedShift)) };
}

function fuseBlock(tf: TFunction, b: TBlock, counts: Map<Var, number>): boolean {
  const defs = new Map<Var, number>();
  b.body.forEach((s, i) => { if (s.k === "assign") defs.set(s.target, i); });
  for (let ci = 0; ci < b.body.length; ci++) {
    const cs = b.body[ci];
    if (cs.k !== "assign" || cs.value.k !== "intrinsic" || !isEw(cs.value.impl)) continue;
    const cons = cs.value as Extract<TExpr, { k: "intrinsic" }>;
    const cimpl = cons.impl as EwImpl;
    for (let ai = 0; ai < cons.args.length; ai++) {
      if (cimpl.inplace && ai === 0) continue; // the destination stays an array
      const v = cons.args[ai];
      if (!v.startsWith("$") || counts.get(v) !== 1) continue;
      const pi = defs.get(v);
      if (pi === undefined || pi >= ci) continue;
      const ps = b.body[pi];
      if (ps.k !== "assign" || ps.value.k !== "intrinsic" || !isEw(ps.value.impl) || ps.value.impl.inplace) continue;
      if (!b.body.slice(pi + 1, ci).every(isPure)) continue;
      // the producer's variable must be assigned only here
      if (tf.blocks.some((bb) => bb.body.some((s, k) => s.k === "assign" && s.target === v && !(bb === b && k === pi)))) continue;
      const prod = ps.value;
      const pimpl = prod.impl as EwImpl;
      // new argument list: the consumer's without `v`, then the producer's
      const cargs = cons.args.filter((_, k) => k !== ai);
      const ctypes = cimpl.args.filter((_, k) => k !== ai);
      const base = cargs.length;
      const args = [...cargs, ...prod.args];
      const types = [...ctypes, ...pimpl.args];
      const tree = substitute(cimpl.tree, ai, shift(pimpl.tree, base), (i) => (i > ai ? i - 1 : i));
      const impl = makeEwImpl(types, cimpl.ret, tree, cimpl.inplace);
      if (cimpl.inplace && ai !== 0) {
        // keep the destination first: it already is (ai > 0 and the filter keeps index 0 first)
      }
      b.body[ci] = { ...cs, value: { k: "intrinsic", type: cons.type, impl, args } };
      b.body.splice(pi, 1);
      counts.set(v, 0);
      return true;
    }
  }
  return false;
}

/**
 * `$r = np.sum($t)` (or prod, mean, min, max, any, all, whole array) where `$t` is a
 * single-use expression: the reduction evaluates the expression's tree per element.
 */
function fuseReductions(tf: TFunction, b: TBlock, counts: Map<Var, number>): boolean {
  for (let ci = 0; ci < b.body.length; ci++) {
    const cs = b.body[ci];
    if (cs.k !== "assign" || cs.value.k !== "intrinsic") continue;
    const kind = (cs.value.impl as { reduces?: string }).reduces;
    if (kind === undefined || !FUSIBLE_REDUCTIONS.has(kind) || cs.value.args.length !== 1) continue;
    const v = cs.value.args[0];
    if (!v.startsWith("$") || counts.get(v) !== 1) continue;
    const pi = b.body.findIndex((s) => s.k === "assign" && s.target === v);
    if (pi < 0 || pi >= ci) continue;
    const ps = b.body[pi];
    if (ps.k !== "assign" || ps.value.k !== "intrinsic" || !isEw(ps.value.impl) || ps.value.impl.inplace) continue;
    if (!b.body.slice(pi + 1, ci).every(isPure)) continue;
    if (tf.blocks.some((bb) => bb.body.some((s, k) => s.k === "assign" && s.target === v && !(bb === b && k === pi)))) continue;
    const pimpl = ps.value.impl as EwImpl;
    const nd = (pimpl.ret as { ndim: number }).ndim;
    const impl = makeReduceImpl(kind, pimpl.args, pimpl.tree, nd, cs.value.type);
    b.body[ci] = { ...cs, value: { k: "intrinsic", type: cs.value.type, impl, args: ps.value.args } };
    b.body.splice(pi, 1);
    counts.set(v, 0);
    return true;
  }
  return false;
}

/** Fuses the elementwise array expressions of every function, in place. */
export function fuseArrayExprs(fns: TFunction[]): void {
  for (const tf of fns) {
    const counts = countUses(tf);
    for (const b of tf.blocks) {
      while (fuseBlock(tf, b, counts));
      while (fuseReductions(tf, b, counts));
    }
  }
}
