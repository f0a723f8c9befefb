/**
 * @fileoverview Typed lists: typing and lowering of list literals, methods, indexing,
 * slicing, iteration, `in`, and the builtins and NumPy functions that take lists.
 *
 * In: at typing time, the types of a list operation's operands (from infer.ts, whose
 * hooks call `listGetitem`, `listSetitem`, `listContains`; and the registry, where this
 * file registers `$build_list` (build_ir.ts turns `[a, b]` into a call of it) and the
 * `list.*` methods, and wraps `len sum min max list sorted np.array np.asarray`).
 * Out: `Impl`s whose `lower` writes the LLVM IR over lists/core.ts's primitives.
 *
 * Semantics follow Numba's reflected/typed lists: one item type for the whole list (the
 * items of a literal are unified as a variable's assignments are: `[1, 2.5]` is a list
 * of float64), items are numbers, bools or tuples of them, indices wrap once and raise
 * IndexError past the end, slicing copies.
 */
import { typingError, unsupported, type Span } from "../diagnostics";
import { BUILTINS, arity, type Impl, type LowerCtx, type TypeCtx } from "../registry";
import type { Var } from "../ir";
import type { TExpr } from "../typed_ir";
import {
  arithResult, arrayOf, bool, float64, int64, isComplex, isNumber, listOf, none, unify,
  type ListType, type SliceType, type Type,
} from "../types";
import { allocArray, decref, elemPtr, hasRefs, incref, isDtype, storeElem } from "../arrays/core";
import { normalise } from "../arrays/slicing";
import { listJoiner } from "../arrays/joining";
import { countedLoop } from "../arrays/loops";
import type { InferCtx } from "../arrays/exprs";
import {
  copyBytes, elemOf, itemPtr, itemsPtr, listLen, loadItem, moveItems, newList, reserve, setLen, storeItem, itemHasRefs, putItem, releaseItems,
} from "./core";

/** The item type of a list holding values of types `ts`, or a clear error. */
export function itemTypeOf(ts: Type[], span: Span): Type | null {
  let t: Type | null = null;
  for (const x of ts) {
    const u: Type | null = t === null ? x : unify(t, x);
    if (u === null) throw typingError(`a list holds items of one type in jitted code, but this one mixes ${t!.key} and ${x.key}; use a tuple instead.`, span);
    t = u;
  }
  if (t !== null) checkItem(t, span);
  return t;
}

function checkItem(t: Type, span: Span): void {
  const ok = (x: Type): boolean => isNumber(x) || (x.tag === "tuple" && x.items.every(ok));
  if (ok(t)) return;
  if (t.tag === "array" && isDtype(t.dtype)) return; // lists of arrays own a reference per item
  if (hasRefs(t)) {
    throw unsupported(`lists of ${t.key} are not supported in jitted code yet (list items are numbers, bools, tuples of them, or arrays); use a tuple, or a 2-D array.`, span);
  }
  throw unsupported(`lists of ${t.key} are not supported in jitted code (list items are numbers, bools or tuples of them).`, span);
}

function needItems(t: ListType, span: Span): Type {
  if (t.elem === null) throw typingError("cannot infer the item type of this empty list; append an item to it first, or start from a literal such as [0.0].", span);
  return t.elem;
}

/** Wraps a negative index once; raises IndexError (`msg`) outside [0, n). */
function wrapIndex(l: LowerCtx, i: string, n: string, msg: string): string {
  const f = l.f;
  const w = f.op(`select i1 ${f.op(`icmp slt i64 ${i}, 0`)}, i64 ${f.op(`add i64 ${i}, ${n}`)}, i64 ${i}`);
  l.raiseIf(f.op(`icmp uge i64 ${w}, ${n}`), "IndexError", msg);
  return w;
}

// [a, b, ...] -> list(T): build_ir.ts calls this for list displays
BUILTINS.set("$build_list", (c) => {
  const elem = itemTypeOf(c.args, c.span);
  const t = listOf(elem);
  return {
    name: "list", args: c.args.map(() => elem ?? int64), ret: t, owned: true,
    lower: (l) => {
      const et = elemOf(t);
      const lst = newList(l.f, et, String(c.args.length), rif(l));
      l.args.forEach((v, i) => putItem(l.f, et, itemPtr(l.f, et, lst, String(i)), v));
      return lst;
    },
  };
});

// -- indexing ----------------------------------------------------------------------------

/** `lst[i]` (an item) and `lst[lo:hi:step]` (a new list). */
export function listGetitem(ctx: InferCtx, v: Var, t: ListType, idx: Var, it: Type, span: Span): TExpr {
  const et = needItems(t, span);
  if (it.tag === "slice") {
    const impl = sliceImpl(t, it);
    return { k: "intrinsic", type: t, impl, args: [v, idx] };
  }
  if (!(it.tag === "int" || it === bool)) throw typingError(`list indices must be integers or slices, not ${it.key}.`, span);
  const impl: Impl = {
    name: "getitem", args: [t, int64], ret: et,
    lower: (l) => {
      const n = listLen(l.f, l.args[0]);
      const w = wrapIndex(l, l.args[1], n, "list index out of range");
      return loadItem(l.f, et, itemPtr(l.f, et, l.args[0], w));
    },
  };
  return { k: "intrinsic", type: et, impl, args: [v, ctx.cast(idx, it, int64, span)] };
}

/** `lst[k]` with a constant k (build_ir's static_getitem). */
export function listGetitemConst(t: ListType, k: number, span: Span): Impl {
  const et = needItems(t, span);
  return {
    name: "getitem", args: [t], ret: et,
    lower: (l) => {
      const n = listLen(l.f, l.args[0]);
      const w = wrapIndex(l, String(k), n, "list index out of range");
      return loadItem(l.f, et, itemPtr(l.f, et, l.args[0], w));
    },
  };
}

function sliceImpl(t: ListType, st: SliceType): Impl {
  const et = elemOf(t);
  return {
    name: "getitem", args: [t, st], ret: t, owned: true,
    lower: (l) => {
      const f = l.f;
      const n = listLen(f, l.args[0]);
      const [lo, len, step] = normalise(l, st, l.args[1], n);
      const out = newList(f, et, len, rif(l));
      if (!st.has[2]) {
        copyBytes(f, et, itemsPtr(f, out), itemPtr(f, et, l.args[0], lo), len);
      } else {
        countedLoop(f, len, [], (i) => {
          const src = f.op(`add i64 ${lo}, ${f.op(`mul i64 ${i}, ${step}`)}`);
          putItem(f, et, itemPtr(f, et, out, i), loadItem(f, et, itemPtr(f, et, l.args[0], src)));
          return [];
        });
      }
      return out;
    },
  };
}

/** `lst[i] = value`: emits the typed statement. */
export function listSetitem(ctx: InferCtx, t: ListType, target: Var, idx: Var, it: Type, value: Var, vt: Type, span: Span): void {
  const et = needItems(t, span);
  if (!(it.tag === "int" || it === bool)) throw typingError(`list assignment supports integer indices in jitted code, not ${it.key}.`, span);
  const impl: Impl = {
    name: "setitem", args: [t, int64, et], ret: none,
    lower: (l) => {
      const n = listLen(l.f, l.args[0]);
      const w = wrapIndex(l, l.args[1], n, "list assignment index out of range");
      const p = itemPtr(l.f, et, l.args[0], w);
      // the new item's reference is taken before the old one's is dropped (lst[i] = lst[i])
      if (itemHasRefs(et)) { incref(l.f, et, l.args[2]); decref(l.f, et, loadItem(l.f, et, p)); }
      storeItem(l.f, et, p, l.args[2]);
      return "0";
    },
  };
  const args = [target, ctx.cast(idx, it, int64, span), ctx.cast(value, vt, et, span)];
  ctx.emit({ k: "assign", target: ctx.fresh(none), value: { k: "intrinsic", type: none, impl, args }, span });
}

/** `x in lst` (the caller negates for `not in`). */
export function listContains(ctx: InferCtx, x: Var, xt: Type, r: Var, t: ListType, span: Span): TExpr {
  if (t.elem === null) return { k: "const", type: bool, value: { k: "bool", v: false } };
  const et = t.elem;
  if (itemHasRefs(et)) throw unsupported(`\`in\` on a list of ${et.key} is not supported in jitted code (arrays have no single truth value of ==).`, span);
  const common = isNumber(xt) && isNumber(et) ? unify(xt, et) : xt === et ? et : null;
  if (common === null) throw typingError(`\`in\` compares ${xt.key} with the items of a list of ${et.key}; they never compare equal.`, span);
  const impl: Impl = {
    name: "in", args: [common, t], ret: bool,
    lower: (l) => {
      const f = l.f;
      const n = listLen(f, l.args[1]);
      const [found] = countedLoop(f, n, [{ ty: "i1", init: "false" }], (i, [acc]) => {
        const item = l.cast(loadItem(f, et, itemPtr(f, et, l.args[1], i)), et, common);
        return [f.op(`or i1 ${acc}, ${eqOf(l, common, item, l.args[0])}`)];
      });
      return found;
    },
  };
  return { k: "intrinsic", type: bool, impl, args: [ctx.cast(x, xt, common, span), r] };
}

function eqOf(l: LowerCtx, t: Type, a: string, b: string): string {
  if (t.tag !== "tuple") return l.cmp("eq", t, a, b);
  let acc = "true";
  t.items.forEach((it, i) => {
    const x = l.f.op(`extractvalue ${llvmOf(t)} ${a}, ${i}`), y = l.f.op(`extractvalue ${llvmOf(t)} ${b}, ${i}`);
    acc = l.f.op(`and i1 ${acc}, ${eqOf(l, it, x, y)}`);
  });
  return acc;
}
import { llvmType as llvmOf } from "../types";

// -- methods -----------------------------------------------------------------------------

const methodArgs = (c: TypeCtx): [ListType, Type[]] => [c.args[0] as ListType, c.args.slice(1)];

// lst.append(x) -> None
BUILTINS.set("list.append", (c) => {
  const [t, rest] = methodArgs(c);
  if (rest.length !== 1 || c.kwargs.length > 0) throw typingError("list.append() takes exactly one argument.", c.span);
  const et = needItems(t, c.span);
  return {
    name: "list.append", args: [t, et], ret: none,
    lower: (l) => {
      const f = l.f, lst = l.args[0];
      const n = listLen(f, lst);
      const n1 = f.op(`add i64 ${n}, 1`);
      reserve(f, et, lst, n1, rif(l));
      putItem(f, et, itemPtr(f, et, lst, n), l.args[1]);
      setLen(f, lst, n1);
      return "0";
    },
  };
});

// lst.extend(other: list) -> None
BUILTINS.set("list.extend", (c) => {
  const [t, rest] = methodArgs(c);
  if (rest.length !== 1 || c.kwargs.length > 0) throw typingError("list.extend() takes exactly one argument.", c.span);
  const o = rest[0];
  if (o.tag !== "list") throw unsupported(`list.extend() takes a list in jitted code, not ${o.key}; append the items in a loop instead.`, c.span);
  const et = needItems(t, c.span);
  if (o.elem !== null && o.elem !== et) throw typingError(`cannot extend a list of ${et.key} with a list of ${o.elem.key}.`, c.span);
  return {
    name: "list.extend", args: [t, o], ret: none,
    lower: (l) => {
      const f = l.f, lst = l.args[0];
      const n = listLen(f, lst), m = listLen(f, l.args[1]);
      const total = f.op(`add i64 ${n}, ${m}`);
      reserve(f, et, lst, total, rif(l));
      copyBytes(f, et, itemPtr(f, et, lst, n), itemsPtr(f, l.args[1]), m);
      setLen(f, lst, total);
      return "0";
    },
  };
});

// lst.pop() / lst.pop(i) -> item
BUILTINS.set("list.pop", (c) => {
  const [t, rest] = methodArgs(c);
  if (rest.length > 1 || c.kwargs.length > 0) throw typingError("list.pop() takes at most one argument.", c.span);
  const et = needItems(t, c.span);
  return {
    // the list's reference to an array item goes to the caller
    name: "list.pop", args: rest.length === 0 ? [t] : [t, int64], ret: et, owned: itemHasRefs(et),
    lower: (l) => {
      const f = l.f, lst = l.args[0];
      const n = listLen(f, lst);
      l.raiseIf(f.op(`icmp eq i64 ${n}, 0`), "IndexError", "pop from empty list");
      const last = f.op(`sub i64 ${n}, 1`);
      const i = rest.length === 0 ? last : wrapIndex(l, l.args[1], n, "pop index out of range");
      const v = loadItem(f, et, itemPtr(f, et, lst, i));
      if (rest.length > 0) moveItems(f, et, lst, i, f.op(`add i64 ${i}, 1`), f.op(`sub i64 ${last}, ${i}`));
      setLen(f, lst, last);
      return v;
    },
  };
});

// lst.insert(i, x) -> None (i clamped into [0, len], as Python)
BUILTINS.set("list.insert", (c) => {
  const [t, rest] = methodArgs(c);
  if (rest.length !== 2 || c.kwargs.length > 0) throw typingError("list.insert() takes exactly two arguments.", c.span);
  const et = needItems(t, c.span);
  return {
    name: "list.insert", args: [t, int64, et], ret: none,
    lower: (l) => {
      const f = l.f, lst = l.args[0];
      const n = listLen(f, lst);
      const i0 = l.args[1];
      const w = f.op(`select i1 ${f.op(`icmp slt i64 ${i0}, 0`)}, i64 ${f.op(`add i64 ${i0}, ${n}`)}, i64 ${i0}`);
      const lo = f.op(`select i1 ${f.op(`icmp slt i64 ${w}, 0`)}, i64 0, i64 ${w}`);
      const i = f.op(`select i1 ${f.op(`icmp sgt i64 ${lo}, ${n}`)}, i64 ${n}, i64 ${lo}`);
      const n1 = f.op(`add i64 ${n}, 1`);
      reserve(f, et, lst, n1, rif(l));
      moveItems(f, et, lst, f.op(`add i64 ${i}, 1`), i, f.op(`sub i64 ${n}, ${i}`));
      putItem(f, et, itemPtr(f, et, lst, i), l.args[2]);
      setLen(f, lst, n1);
      return "0";
    },
  };
});

// lst.clear() -> None
BUILTINS.set("list.clear", (c) => {
  const [t, rest] = methodArgs(c);
  if (rest.length !== 0) throw typingError("list.clear() takes no arguments.", c.span);
  const et = elemOf(t);
  return {
    name: "list.clear", args: [t], ret: none,
    lower: (l) => { releaseItems(l.f, et, l.args[0], "0", listLen(l.f, l.args[0])); setLen(l.f, l.args[0], "0"); return "0"; },
  };
});

// lst.copy() -> list
BUILTINS.set("list.copy", (c) => {
  const [t, rest] = methodArgs(c);
  if (rest.length !== 0) throw typingError("list.copy() takes no arguments.", c.span);
  return { name: "list.copy", args: [t], ret: t, owned: true, lower: (l) => copyList(l, t, l.args[0]) };
});

// lst.reverse() -> None
BUILTINS.set("list.reverse", (c) => {
  const [t, rest] = methodArgs(c);
  if (rest.length !== 0) throw typingError("list.reverse() takes no arguments.", c.span);
  const et = elemOf(t);
  return {
    name: "list.reverse", args: [t], ret: none,
    lower: (l) => {
      const f = l.f, lst = l.args[0];
      const n = listLen(f, lst);
      const last = f.op(`sub i64 ${n}, 1`);
      countedLoop(f, f.op(`sdiv i64 ${n}, 2`), [], (i) => {
        const pa = itemPtr(f, et, lst, i), pb = itemPtr(f, et, lst, f.op(`sub i64 ${last}, ${i}`));
        const a = loadItem(f, et, pa), b = loadItem(f, et, pb);
        storeItem(f, et, pa, b);
        storeItem(f, et, pb, a);
        return [];
      });
      return "0";
    },
  };
});

function copyList(l: LowerCtx, t: ListType, src: string): string {
  const et = elemOf(t);
  const n = listLen(l.f, src);
  const out = newList(l.f, et, n, rif(l));
  copyBytes(l.f, et, itemsPtr(l.f, out), itemsPtr(l.f, src), n);
  return out;
}

// -- builtins and NumPy functions that take lists ------------------------------------------

/** Registers `name` again: lists go to `handler`, anything else to the previous handler. */
function wrap(name: string, handler: (c: TypeCtx) => Impl | null): void {
  const prev = BUILTINS.get(name);
  BUILTINS.set(name, (c) => handler(c) ?? (prev !== undefined ? prev(c) : (() => { throw typingError(`${name}() does not accept these arguments in jitted code.`, c.span); })()));
}

const firstList = (c: TypeCtx): ListType | null => (c.args[0]?.tag === "list" ? (c.args[0] as ListType) : null);

wrap("len", (c) => {
  const t = firstList(c);
  if (t === null) return null;
  arity(c, 1);
  return { name: "len", args: [t], ret: int64, lower: (l) => listLen(l.f, l.args[0]) };
});

// sum(lst[, start])
wrap("sum", (c) => {
  const t = firstList(c);
  if (t === null) return null;
  arity(c, 1, 2);
  const et = needItems(t, c.span);
  const startT = c.args[1] ?? int64;
  const rt = arithResult(startT, et);
  if (rt === null) throw typingError(`sum() of a list of ${et.key} is not supported in jitted code.`, c.span);
  return {
    name: "sum", args: [t, ...(c.args.length > 1 ? [startT] : [])], ret: rt,
    lower: (l) => {
      const f = l.f;
      const init = c.args.length > 1 ? l.cast(l.args[1], startT, rt) : l.cast("0", int64, rt);
      const n = listLen(f, l.args[0]);
      const [s] = countedLoop(f, n, [{ ty: llvmOf(rt), init }], (i, [acc]) =>
        [l.arith("add", rt, acc, l.cast(loadItem(f, et, itemPtr(f, et, l.args[0], i)), et, rt))]);
      return s;
    },
  };
});

function minmaxList(isMax: boolean) {
  return (c: TypeCtx): Impl | null => {
    const t = firstList(c);
    if (t === null || c.args.length !== 1) return null;
    const et = needItems(t, c.span);
    if (!isNumber(et) || isComplex(et)) throw typingError(`${c.name}() of a list of ${et.key} is not supported in jitted code.`, c.span);
    return {
      name: c.name, args: [t], ret: et,
      lower: (l) => {
        const f = l.f, lst = l.args[0];
        const n = listLen(f, lst);
        l.raiseIf(f.op(`icmp eq i64 ${n}, 0`), "ValueError", `${c.name}() arg is an empty sequence`);
        const first = loadItem(f, et, itemPtr(f, et, lst, "0"));
        const [r] = countedLoop(f, n, [{ ty: llvmOf(et), init: first }], (i, [acc]) => {
          const x = loadItem(f, et, itemPtr(f, et, lst, i));
          const better = l.cmp(isMax ? "gt" : "lt", et, x, acc);
          return [f.op(`select i1 ${better}, ${llvmOf(et)} ${x}, ${llvmOf(et)} ${acc}`)];
        });
        return r;
      },
    };
  };
}
wrap("min", minmaxList(false));
wrap("max", minmaxList(true));

// list() -> empty list; list(lst) -> copy
wrap("list", (c) => {
  if (c.args.length === 0) return { name: "list", args: [], ret: listOf(null), owned: true, lower: (l) => newList(l.f, int64, "0", rif(l)) };
  const t = firstList(c);
  if (t === null) return null;
  arity(c, 1);
  return { name: "list", args: [t], ret: t, owned: true, lower: (l) => copyList(l, t, l.args[0]) };
});

// np.array(lst) / np.asarray(lst) -> 1-D array; a literal of literals -> 2-D
for (const name of ["numpy.array", "numpy.asarray"]) {
  wrap(name, (c) => {
    const t = firstList(c);
    if (t === null) return null;
    if (c.args.length !== 1 || c.kwargs.length > 0) throw typingError(`${name.replace("numpy", "np")}() of a list takes no other arguments in jitted code.`, c.span);
    const et = needItems(t, c.span);
    if (et.tag === "tuple" && et.homogeneous && isDtype(et.items[0])) {
      const dt = et.items[0], k = et.items.length;
      const ret = arrayOf(dt, 2, "C");
      return {
        name, args: [t], ret, owned: true,
        lower: (l) => {
          const f = l.f, n = listLen(f, l.args[0]);
          const a = allocArray(f, ret, [n, String(k)], rif(l));
          countedLoop(f, n, [], (i) => {
            const row = loadItem(f, et, itemPtr(f, et, l.args[0], i));
            for (let j = 0; j < k; j++) storeElem(f, dt, elemPtr(f, ret, a, [i, String(j)]), f.op(`extractvalue ${llvmOf(et)} ${row}, ${j}`));
            return [];
          });
          return a;
        },
      };
    }
    // a list of arrays of one shape: stacked along a new first axis, as NumPy does
    if (et.tag === "array") return listJoiner({ ...c, name: `np.${name.slice(6)}` }, "stack", t);
    if (!isDtype(et)) throw typingError(`${name.replace("numpy", "np")}() of a list of ${et.key} is not supported in jitted code.`, c.span);
    const ret = arrayOf(et, 1, "C");
    return {
      name, args: [t], ret, owned: true,
      lower: (l) => {
        const f = l.f, n = listLen(f, l.args[0]);
        const a = allocArray(f, ret, [n], rif(l));
        copyBytes(f, et, elemPtr(f, ret, a, []), itemsPtr(f, l.args[0]), n);
        return a;
      },
    };
  });
}

void float64;

// any(lst) / all(lst): truth of the items
for (const isAll of [false, true]) {
  wrap(isAll ? "all" : "any", (c) => {
    const t = firstList(c);
    if (t === null) return null;
    arity(c, 1);
    const et = t.elem;
    if (et !== null && itemHasRefs(et)) throw unsupported(`${c.name}() of a list of ${et.key} is not supported in jitted code (arrays have no single truth value).`, c.span);
    return {
      name: c.name, args: [t], ret: bool,
      lower: (l) => {
        if (et === null) return isAll ? "true" : "false";
        const f = l.f, n = listLen(f, l.args[0]);
        const [r] = countedLoop(f, n, [{ ty: "i1", init: isAll ? "true" : "false" }], (i, [acc]) => {
          const x = l.truth(loadItem(f, et, itemPtr(f, et, l.args[0], i)), et);
          return [f.op(`${isAll ? "and" : "or"} i1 ${acc}, ${x}`)];
        });
        return r;
      },
    };
  });
}

/** `l.raiseIf` bound to its context, for the primitives of lists/core.ts. */
function rif(l: LowerCtx): (cond: string, exc: string, msg: string | null) => void {
  return (cond, exc, msg) => l.raiseIf(cond, exc, msg);
}
