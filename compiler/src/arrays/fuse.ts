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
 *
 * Then sibling whole-array reductions over the same array operands in one block, with
 * only pure statements between them, become one pass (multi-reduction fusion):
 *
 *   before:  $1 = max(x)                       after:  $m = reduce_max_min(x)  (a tuple)
 *            $2 = min(x)                               $1 = take_max($m)
 *                                                      $2 = take_min($m)  (raises if x is empty)
 *
 * The pass reads `x` once instead of twice; each reduction still gives the value it gives
 * alone (exprs.ts `RSpec`: an accumulation order NumPy's pairwise sum cannot follow is left
 * alone), and a later reduction's empty-array error stays where it was.
 */
import type { Impl } from "../builtins";
import type { Var } from "../ir";
import type { TBlock, TExpr, TFunction, TStmt } from "../typed_ir";
import type { ArrayType, Type } from "../types";
import {
  FUSIBLE_REDUCTIONS, isEw, makeEwImpl, makeMultiReduceImpl, makeReduceImpl, multiReduceType, plainReduceSpec,
  takeReduceImpl, type EwImpl, type RSpec, type Tree,
} from "./exprs";

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

interface RedInfo { spec: RSpec; args: Var[]; types: Type[] }

/** What a whole-array reduction statement computes, as a spec over its arguments. */
function reductionInfo(s: TStmt): RedInfo | null {
  if (s.k !== "assign" || s.value.k !== "intrinsic") return null;
  const impl = s.value.impl as Impl & { reduces?: string; spec?: RSpec };
  if (impl.spec !== undefined) return { spec: impl.spec, args: s.value.args, types: impl.args };
  if (impl.reduces === undefined || s.value.args.length !== 1 || impl.args.length !== 1 || impl.args[0].tag !== "array") return null;
  const spec = plainReduceSpec(impl.reduces, impl.args[0], s.value.type);
  return spec === null ? null : { spec, args: s.value.args, types: impl.args };
}

function mapLeaves(t: Tree, to: (i: number) => number): Tree {
  if (t.k === "leaf") return { k: "leaf", index: to(t.index) };
  return { ...t, children: t.children.map((c) => mapLeaves(c, to)) };
}

/**
 * The variable whose value `v` (used at statement `pos`) copies without change: through the casts
 * `x.max()` binds its receiver with (array -> bound method -> array), while the source is
 * not reassigned between the cast and `pos`, and the cast's variable is assigned only once.
 */
function rootOf(tf: TFunction, b: TBlock, v: Var, pos: number): Var {
  for (let d = pos - 1; d >= 0; d--) {
    const s = b.body[d];
    if (s.k !== "assign" || s.target !== v) continue;
    if (s.value.k !== "cast" || !v.startsWith("$")) return v;
    const u = s.value.value;
    const from = tf.vars.get(u), to = s.value.type;
    const same = from === to || (to.tag === "method" && to.self === from) || (from?.tag === "method" && from.self === to);
    if (!same || b.body.slice(d + 1, pos).some((x) => x.k === "assign" && x.target === u)) return v;
    if (tf.blocks.some((bb) => bb.body.some((x, k) => x.k === "assign" && x.target === v && !(bb === b && k === d)))) return v;
    return rootOf(tf, b, u, d);
  }
  return v;
}

let multiCount = 0;

/**
 * Statement `i` and the later reductions of the same block over the same array variables
 * (only pure statements between, none reassigning their operands): one multi-reduction
 * at `i`, each reduction a `take` of its tuple where it was.
 */
function fuseMultiReductions(tf: TFunction, b: TBlock): boolean {
  for (let i = 0; i < b.body.length; i++) {
    const first = reductionInfo(b.body[i]);
    if (first === null) continue;
    const roots = (r: RedInfo, at: number): Var[] => r.args.map((v) => rootOf(tf, b, v, at));
    const arrayKey = (r: RedInfo, rs: Var[]): string => [...new Set(rs.filter((_, k) => r.types[k].tag === "array"))].sort().join(",");
    const r0 = roots(first, i);
    const key = arrayKey(first, r0);
    if (key === "") continue;
    const keyVars = key.split(",");
    const s0 = b.body[i] as Extract<TStmt, { k: "assign" }>;
    const group: [number, RedInfo, Var[]][] = [[i, first, r0]];
    const assigned = new Set<Var>([s0.target]);
    for (let j = i + 1; j < b.body.length; j++) {
      const s = b.body[j];
      const r = reductionInfo(s);
      const rs = r === null ? [] : roots(r, j);
      if (r !== null && arrayKey(r, rs) === key && s.handler === s0.handler && rs.every((v) => !assigned.has(v))) group.push([j, r, rs]);
      else if (!isPure(s)) break;
      if (s.k !== "assign") break;
      assigned.add(s.target);
      if (keyVars.includes(s.target)) break;
    }
    if (group.length < 2) continue;
    // the union of the arguments (their roots, which hold the same values at `i`), the
    // first reduction's first
    const args: Var[] = [], types: Type[] = [];
    const specs = group.map(([, r, rs]) => {
      const pos = rs.map((v, k) => {
        let at = args.indexOf(v);
        if (at < 0) { at = args.length; args.push(v); types.push(r.types[k]); }
        return at;
      });
      return { ...r.spec, tree: mapLeaves(r.spec.tree, (k) => pos[k]) };
    });
    const nd = Math.max(...types.map((t) => (t.tag === "array" ? (t as ArrayType).ndim : 0)));
    let mv: Var;
    do mv = `$multi${multiCount++}`; while (tf.vars.has(mv));
    const tt = multiReduceType(specs);
    tf.vars.set(mv, tt);
    const takes = group.map(([j], k): TStmt => {
      const s = b.body[j] as Extract<TStmt, { k: "assign" }>;
      return { ...s, value: { k: "intrinsic", type: s.value.type, impl: takeReduceImpl(specs, k), args: [mv] } };
    });
    for (let k = group.length - 1; k >= 1; k--) b.body[group[k][0]] = takes[k];
    const multi: TStmt = { ...s0, target: mv, value: { k: "intrinsic", type: tt, impl: makeMultiReduceImpl(specs, types, nd), args } };
    b.body.splice(i, 1, multi, takes[0]);
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
      // multi-reductions run serially: parallel=True keeps each reduction's own chunked loop
      if (tf.options.parallel !== true) while (fuseMultiReductions(tf, b));
    }
  }
}
