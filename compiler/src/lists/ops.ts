/**
 * @fileoverview Typed lists: operators and the searching/sorting methods.
 *
 * In: at typing time, operand types from infer.ts's hooks (`listBinop` for `+ * +=`,
 * `listEquals` for `== !=`), and registry calls of `list.sort list.index list.count` and
 * `sorted`.
 * Out: `TExpr`s and `Impl`s over lists/core.ts. `a + b` and `a * n` make new lists;
 * `a += b` extends `a` in place (Python's `list.__iadd__`); `sort`/`sorted` use the heap
 * sort of arrays/sorting.ts (numbers only; equal numbers are indistinguishable, so the
 * missing stability does not show).
 */
import { typingError, unsupported, type Span } from "../diagnostics";
import { BUILTINS, type Impl, type LowerCtx } from "../registry";
import type { Var } from "../ir";
import type { TExpr } from "../typed_ir";
import { bool, int64, isComplex, isInt, isNumber, none, unify, type ListType, type Type } from "../types";
import { countedLoop } from "../arrays/loops";
import { sortHelper } from "../arrays/sorting";
import type { InferCtx } from "../arrays/exprs";
import { copyBytes, elemOf, itemHasRefs, itemPtr, itemsPtr, listLen, loadItem, newList, reserve, setLen } from "./core";

function rif(l: LowerCtx): (cond: string, exc: string, msg: string | null) => void {
  return (cond, exc, msg) => l.raiseIf(cond, exc, msg);
}

/** `a + b`, `a += b` (in place), `a * n`, `n * a`. */
export function listBinop(ctx: InferCtx, op: string, l: Var, a: Type, r: Var, b: Type, span: Span, inplace: boolean): TExpr {
  if (op === "Add" && a.tag === "list" && b.tag === "list") {
    const t = a.elem === null ? b : b.elem === null ? a : a.elem === b.elem ? a : null;
    if (t === null) throw typingError(`cannot concatenate a list of ${a.elem!.key} and a list of ${b.elem!.key} in jitted code; convert the items first.`, span);
    const et = elemOf(t as ListType);
    const impl: Impl = {
      name: "+", args: [a, b], ret: inplace ? a : t, owned: !inplace,
      lower: (lc) => {
        const f = lc.f;
        const n = listLen(f, lc.args[0]), m = listLen(f, lc.args[1]);
        const total = f.op(`add i64 ${n}, ${m}`);
        if (inplace) {
          reserve(f, et, lc.args[0], total, rif(lc));
          copyBytes(f, et, itemPtr(f, et, lc.args[0], n), itemsPtr(f, lc.args[1]), m);
          setLen(f, lc.args[0], total);
          return lc.args[0];
        }
        const out = newList(f, et, total, rif(lc));
        copyBytes(f, et, itemsPtr(f, out), itemsPtr(f, lc.args[0]), n);
        copyBytes(f, et, itemPtr(f, et, out, n), itemsPtr(f, lc.args[1]), m);
        return out;
      },
    };
    if (inplace && a.elem === null) throw typingError("cannot infer the item type of this empty list for `+=`; start from a literal such as [0.0].", span);
    return { k: "intrinsic", type: impl.ret, impl, args: [l, r] };
  }
  if (op === "Mult" && ((a.tag === "list" && (isInt(b) || b === bool)) || (b.tag === "list" && (isInt(a) || a === bool)))) {
    const [lv, lt, nv, nt] = a.tag === "list" ? [l, a as ListType, r, b] : [r, b as ListType, l, a];
    const et = elemOf(lt);
    const impl: Impl = {
      name: "*", args: [lt, int64], ret: lt, owned: true,
      lower: (lc) => {
        const f = lc.f;
        const n = listLen(f, lc.args[0]);
        const k = f.op(`select i1 ${f.op(`icmp slt i64 ${lc.args[1]}, 0`)}, i64 0, i64 ${lc.args[1]}`);
        const out = newList(f, et, f.op(`mul i64 ${n}, ${k}`), rif(lc));
        countedLoop(f, k, [], (j) => {
          copyBytes(f, et, itemPtr(f, et, out, f.op(`mul i64 ${j}, ${n}`)), itemsPtr(f, lc.args[0]), n);
          return [];
        });
        return out;
      },
    };
    return { k: "intrinsic", type: lt, impl, args: [lv, ctx.cast(nv, nt, int64, span)] };
  }
  const sym = ({ Add: "+", Mult: "*", Sub: "-", Div: "/" } as Record<string, string>)[op] ?? op;
  throw typingError(`unsupported operand types for ${sym}: ${a.key} and ${b.key}.`, span);
}

/** `a == b` / `a != b` on two lists (same length and equal items). */
export function listEquals(a: ListType, b: ListType, negate: boolean, span: Span): Impl {
  const ea = elemOf(a), eb = elemOf(b);
  const common = isNumber(ea) && isNumber(eb) ? unify(ea, eb) : ea === eb ? ea : null;
  if (common === null || (common.tag !== "tuple" && !isNumber(common))) {
    throw unsupported(`comparing a list of ${ea.key} with a list of ${eb.key} is not supported in jitted code.`, span);
  }
  return {
    name: negate ? "!=" : "==", args: [a, b], ret: bool,
    lower: (l) => {
      const f = l.f;
      const n = listLen(f, l.args[0]), m = listLen(f, l.args[1]);
      const sameLen = f.op(`icmp eq i64 ${n}, ${m}`);
      const k = f.op(`select i1 ${sameLen}, i64 ${n}, i64 0`);
      const [eq] = countedLoop(f, k, [{ ty: "i1", init: sameLen }], (i, [acc]) => {
        const x = l.cast(loadItem(f, ea, itemPtr(f, ea, l.args[0], i)), ea, common);
        const y = l.cast(loadItem(f, eb, itemPtr(f, eb, l.args[1], i)), eb, common);
        return [f.op(`and i1 ${acc}, ${itemEq(l, common, x, y)}`)];
      });
      return negate ? f.op(`xor i1 ${eq}, true`) : eq;
    },
  };
}

function itemEq(l: LowerCtx, t: Type, a: string, b: string): string {
  if (t.tag !== "tuple") return l.cmp("eq", t, a, b);
  let acc = "true";
  t.items.forEach((it, i) => {
    const ty = llvmOf(t);
    acc = l.f.op(`and i1 ${acc}, ${itemEq(l, it, l.f.op(`extractvalue ${ty} ${a}, ${i}`), l.f.op(`extractvalue ${ty} ${b}, ${i}`))}`);
  });
  return acc;
}
import { llvmType as llvmOf } from "../types";

function sortable(t: ListType, name: string, span: Span): Type {
  const et = t.elem;
  if (et === null || !isNumber(et) || isComplex(et)) {
    throw unsupported(`${name} of a list of ${et === null ? "unknown items" : et.key} is not supported in jitted code (numbers only).`, span);
  }
  return et;
}

// lst.sort() -> None (ascending; no key= or reverse=)
BUILTINS.set("list.sort", (c) => {
  const t = c.args[0] as ListType;
  if (c.args.length > 1 || c.kwargs.length > 0) throw unsupported("list.sort() takes no arguments in jitted code (no key= or reverse=); sort, then call reverse().", c.span);
  const et = sortable(t, "list.sort()", c.span);
  return {
    name: "list.sort", args: [t], ret: none,
    lower: (l) => {
      l.f.call("void", sortHelper(l.f, et, false), [`ptr ${itemsPtr(l.f, l.args[0])}`, "ptr null", `i64 ${listLen(l.f, l.args[0])}`]);
      return "0";
    },
  };
});

// sorted(lst) -> a new sorted list
BUILTINS.set("sorted", (c) => {
  const t = c.args[0];
  if (t === undefined || t.tag !== "list" || c.args.length > 1 || c.kwargs.length > 0) {
    throw unsupported("sorted() takes one list of numbers in jitted code (no key= or reverse=); for arrays use np.sort().", c.span);
  }
  const et = sortable(t, "sorted()", c.span);
  return {
    name: "sorted", args: [t], ret: t, owned: true,
    lower: (l) => {
      const f = l.f, n = listLen(f, l.args[0]);
      const out = newList(f, et, n, rif(l));
      copyBytes(f, et, itemsPtr(f, out), itemsPtr(f, l.args[0]), n);
      f.call("void", sortHelper(f, et, false), [`ptr ${itemsPtr(f, out)}`, "ptr null", `i64 ${n}`]);
      return out;
    },
  };
});

/** index/count: a loop comparing each item with `x`. */
function searchMethod(name: "index" | "count") {
  return (c: { args: Type[]; kwargs: unknown[]; span: Span }): Impl => {
    const t = c.args[0] as ListType;
    if (c.args.length !== 2 || c.kwargs.length > 0) throw typingError(`list.${name}() takes exactly one argument in jitted code.`, c.span);
    const et = elemOf(t), xt = c.args[1];
    if (itemHasRefs(et)) throw unsupported(`list.${name}() on a list of ${et.key} is not supported in jitted code (arrays have no single truth value of ==).`, c.span);
    const common = isNumber(xt) && isNumber(et) ? unify(xt, et) : xt === et ? et : null;
    if (common === null) throw typingError(`list.${name}() compares ${xt.key} with items of type ${et.key}; they never compare equal.`, c.span);
    return {
      name: `list.${name}`, args: [t, common], ret: int64,
      lower: (l) => {
        const f = l.f, n = listLen(f, l.args[0]);
        if (name === "count") {
          const [k] = countedLoop(f, n, [{ ty: "i64", init: "0" }], (i, [acc]) => {
            const eq = itemEq(l, common, l.cast(loadItem(f, et, itemPtr(f, et, l.args[0], i)), et, common), l.args[1]);
            return [f.op(`add i64 ${acc}, ${f.op(`zext i1 ${eq} to i64`)}`)];
          });
          return k;
        }
        // first index: count down so the smallest matching index wins
        const [found] = countedLoop(f, n, [{ ty: "i64", init: "-1" }], (i, [acc]) => {
          const j = f.op(`sub i64 ${f.op(`sub i64 ${n}, 1`)}, ${i}`);
          const eq = itemEq(l, common, l.cast(loadItem(f, et, itemPtr(f, et, l.args[0], j)), et, common), l.args[1]);
          return [f.op(`select i1 ${eq}, i64 ${j}, i64 ${acc}`)];
        });
        l.raiseIf(f.op(`icmp slt i64 ${found}, 0`), "ValueError", "list.index(x): x not in list");
        return found;
      },
    };
  };
}
BUILTINS.set("list.index", searchMethod("index"));
BUILTINS.set("list.count", searchMethod("count"));
