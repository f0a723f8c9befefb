/**
 * @fileoverview Sorting and searching: np.sort, a.sort(), np.argsort, np.searchsorted,
 * and the fancy-index copies (boolean masks, one integer array) that need loops of their
 * own.
 *
 * In: BUILTINS handlers' argument types; for indexing, the hooks in access.ts.
 * Out: `Impl`s. Sorting is a heap sort written once per element type as a module helper
 * (`nj.sift.*`, `nj.sort.*`), ordering NaN last as NumPy does; argsort sorts an index
 * array by the values (not stable for equal values, like NumPy's default quicksort).
 */
import { typingError, type Span } from "../diagnostics";
import { BUILTINS, type Builtin, type Impl, type LowerCtx } from "../builtins";
import type { FnText } from "../llvm";
import { arrayOf, bool, int64, isComplex, isFloat, isInt, isNumber, llvmType, none, type ArrayType, type Type } from "../types";
import { F_DATA, F_NITEMS, allocArray, elemPtr, field, loadElem, memType, shapeAt, storeElem } from "./core";
import { countedLoop, forEachElement } from "./loops";
import { copyArray } from "./library";

function register(name: string, b: Builtin): void { BUILTINS.set(name, b); }

/** `a < b` with NaN after every number (NumPy's sort order). */
function ltText(t: Type, a: string, b: string, out: string): string[] {
  const ty = llvmType(t);
  if (isFloat(t)) {
    return [
      `  ${out}.lt = fcmp olt ${ty} ${a}, ${b}`,
      `  ${out}.an = fcmp ord ${ty} ${a}, ${a}`,
      `  ${out}.bn = fcmp uno ${ty} ${b}, ${b}`,
      `  ${out}.nan = and i1 ${out}.an, ${out}.bn`,
      `  ${out} = or i1 ${out}.lt, ${out}.nan`,
    ];
  }
  if (t === bool) return [`  ${out} = icmp ult i8 ${a}, ${b}`];
  return [`  ${out} = icmp ${(t as { signed: boolean }).signed ? "slt" : "ult"} ${ty} ${a}, ${b}`];
}

/**
 * The heap sort helper for element type `t`; `indirect`: sorts an i64 index array by
 * `keys[index]` (argsort). Signature: `void @name(ptr a, ptr keys, i64 n)`.
 */
export function sortHelper(f: FnText, t: Type, indirect: boolean): string {
  const mt = memType(t);
  const et = indirect ? "i64" : mt;
  const sfx = `${indirect ? "arg" : ""}${t.key}`;
  const key = (x: string, name: string): string[] => (indirect
    ? [`  ${name}.p = getelementptr ${mt}, ptr %keys, i64 ${x}`, `  ${name} = load ${mt}, ptr ${name}.p`]
    : [`  ${name} = bitcast ${mt} ${x} to ${mt}`]);
  const cmpT = t === bool ? bool : t;
  // argsort breaks ties by index, which makes it stable (as NumPy's for small arrays)
  const ltv = (a: string, b: string, ia: string, ib: string, out: string): string[] => {
    if (!indirect) return ltText(cmpT, a, b, out);
    return [...ltText(cmpT, a, b, `${out}.ab`), ...ltText(cmpT, b, a, `${out}.ba`),
      `  ${out}.ix = icmp slt i64 ${ia}, ${ib}`, `  ${out}.nba = xor i1 ${out}.ba, true`,
      `  ${out}.tie = and i1 ${out}.nba, ${out}.ix`, `  ${out} = or i1 ${out}.ab, ${out}.tie`];
  };
  const sift = f.m.helper(`nj.sift.${sfx}`, () => [
    `define internal void @nj.sift.${sfx}(ptr %a, ptr %keys, i64 %root0, i64 %end) #0 {`,
    "entry:",
    "  br label %loop",
    "loop:",
    "  %root = phi i64 [%root0, %entry], [%child, %swap]",
    "  %c2 = shl i64 %root, 1",
    "  %child0 = add i64 %c2, 1",
    "  %has = icmp slt i64 %child0, %end",
    "  br i1 %has, label %pick, label %done",
    "pick:",
    "  %child1 = add i64 %child0, 1",
    "  %has2 = icmp slt i64 %child1, %end",
    "  br i1 %has2, label %cmp2, label %cmpr",
    "cmp2:",
    `  %pc0 = getelementptr ${et}, ptr %a, i64 %child0`,
    `  %vc0 = load ${et}, ptr %pc0`,
    `  %pc1 = getelementptr ${et}, ptr %a, i64 %child1`,
    `  %vc1 = load ${et}, ptr %pc1`,
    ...key("%vc0", "%kc0"), ...key("%vc1", "%kc1"),
    ...ltv("%kc0", "%kc1", "%vc0", "%vc1", "%right"),
    "  %ch = select i1 %right, i64 %child1, i64 %child0",
    "  br label %cmpr",
    "cmpr:",
    "  %child = phi i64 [%child0, %pick], [%ch, %cmp2]",
    `  %pr = getelementptr ${et}, ptr %a, i64 %root`,
    `  %vr = load ${et}, ptr %pr`,
    `  %pc = getelementptr ${et}, ptr %a, i64 %child`,
    `  %vc = load ${et}, ptr %pc`,
    ...key("%vr", "%kr"), ...key("%vc", "%kc"),
    ...ltv("%kr", "%kc", "%vr", "%vc", "%down"),
    "  br i1 %down, label %swap, label %done",
    "swap:",
    `  store ${et} %vc, ptr %pr`,
    `  store ${et} %vr, ptr %pc`,
    "  br label %loop",
    "done:",
    "  ret void",
    "}",
  ].join("\n"));
  return f.m.helper(`nj.sort.${sfx}`, () => [
    `define internal void @nj.sort.${sfx}(ptr %a, ptr %keys, i64 %n) #0 {`,
    "entry:",
    "  %half = sdiv i64 %n, 2",
    "  %s0 = sub i64 %half, 1",
    "  br label %heapify",
    "heapify:",
    "  %s = phi i64 [%s0, %entry], [%s1, %hbody]",
    "  %hmore = icmp sge i64 %s, 0",
    "  br i1 %hmore, label %hbody, label %pop0",
    "hbody:",
    `  call void ${sift}(ptr %a, ptr %keys, i64 %s, i64 %n)`,
    "  %s1 = sub i64 %s, 1",
    "  br label %heapify",
    "pop0:",
    "  %e0 = sub i64 %n, 1",
    "  br label %pop",
    "pop:",
    "  %e = phi i64 [%e0, %pop0], [%e1, %pbody]",
    "  %pmore = icmp sgt i64 %e, 0",
    "  br i1 %pmore, label %pbody, label %done",
    "pbody:",
    `  %p0 = getelementptr ${et}, ptr %a, i64 0`,
    `  %v0 = load ${et}, ptr %p0`,
    `  %pe = getelementptr ${et}, ptr %a, i64 %e`,
    `  %ve = load ${et}, ptr %pe`,
    `  store ${et} %ve, ptr %p0`,
    `  store ${et} %v0, ptr %pe`,
    `  call void ${sift}(ptr %a, ptr %keys, i64 0, i64 %e)`,
    "  %e1 = sub i64 %e, 1",
    "  br label %pop",
    "done:",
    "  ret void",
    "}",
  ].join("\n"));
}

function sortable(c: { name: string; span: Span }, a: Type): ArrayType {
  if (a.tag !== "array") throw typingError(`${c.name}() needs an array.`, c.span);
  if (isComplex(a.dtype)) throw typingError(`${c.name}() of complex arrays is not supported yet.`, c.span);
  if (a.ndim !== 1) throw typingError(`${c.name}() of ${a.ndim}-dimensional arrays is not supported yet; sort rows in a loop.`, c.span);
  return a;
}

// np.sort(a) -> a sorted copy (1-D)
register("numpy.sort", (c) => {
  const a = sortable(c, c.args[0]);
  const ret = arrayOf(a.dtype, 1, "C");
  return {
    name: c.name, args: [a], ret, owned: true,
    lower: (l) => {
      const cp = copyArray(l, a, l.args[0], a.dtype);
      l.f.call("void", sortHelper(l.f, a.dtype, false), [`ptr ${field(l.f, ret, cp, F_DATA)}`, "ptr null", `i64 ${field(l.f, ret, cp, F_NITEMS)}`]);
      return cp;
    },
  };
});

// a.sort() -> None, sorts in place (copying through a buffer when not contiguous)
register("array.sort", (c) => {
  const a = sortable(c, c.args[0]);
  if (a.readonly) throw typingError("cannot sort a read-only array in place.", c.span);
  return {
    name: c.name, args: [a], ret: none,
    lower: (l) => {
      const f = l.f, v = l.args[0];
      const n = field(f, a, v, F_NITEMS);
      if (a.layout === "C") {
        f.call("void", sortHelper(f, a.dtype, false), [`ptr ${field(f, a, v, F_DATA)}`, "ptr null", `i64 ${n}`]);
        return "0";
      }
      const ct = arrayOf(a.dtype, 1, "C");
      const cp = copyArray(l, a, v, a.dtype);
      const cd = field(f, ct, cp, F_DATA);
      f.call("void", sortHelper(f, a.dtype, false), [`ptr ${cd}`, "ptr null", `i64 ${n}`]);
      countedLoop(f, n, [], (i) => {
        storeElem(f, a.dtype, elemPtr(f, a, v, [i]), loadElem(f, a.dtype, f.op(`getelementptr ${memType(a.dtype)}, ptr ${cd}, i64 ${i}`)));
        return [];
      });
      decrefC(l, ct, cp);
      return "0";
    },
  };
});
import { decref } from "./core";
function decrefC(l: LowerCtx, t: ArrayType, v: string): void { decref(l.f, t, v); }

// np.argsort(a) / a.argsort() -> int64 indices that sort a
const argsortB: Builtin = (c) => {
  const a = sortable(c, c.args[0]);
  const ret = arrayOf(int64, 1, "C");
  return {
    name: c.name, args: [a], ret, owned: true,
    lower: (l) => {
      const f = l.f;
      const ct = arrayOf(a.dtype, 1, "C");
      const cp = copyArray(l, a, l.args[0], a.dtype);
      const n = field(f, ct, cp, F_NITEMS);
      const out = allocArray(f, ret, [n], l.raiseIf.bind(l));
      const od = field(f, ret, out, F_DATA);
      countedLoop(f, n, [], (i) => { f.emit(`store i64 ${i}, ptr ${f.op(`getelementptr i64, ptr ${od}, i64 ${i}`)}`); return []; });
      f.call("void", sortHelper(f, a.dtype, true), [`ptr ${od}`, `ptr ${field(f, ct, cp, F_DATA)}`, `i64 ${n}`]);
      decrefC(l, ct, cp);
      return out;
    },
  };
};
register("numpy.argsort", argsortB);
register("array.argsort", argsortB);

// np.searchsorted(a, v, side='left') -> int64 (v a number) or int64 array (v an array)
register("numpy.searchsorted", (c) => {
  if (c.args.length !== 2 || c.kwargs.some((k) => k.name !== "side")) throw typingError("np.searchsorted() takes a sorted array and values (side='left' only).", c.span);
  const a = sortable(c, c.args[0]);
  const vt = c.args[1];
  if (c.kwargs.length > 0) throw typingError("np.searchsorted(side=...) is not supported yet; the default is side='left'.", c.span);
  const search = (l: LowerCtx, arr: string, x: string, xt: Type): string => {
    // first i with a[i] >= x (NaN-aware like the sort order)
    const f = l.f;
    const n = shapeAt(f, a, arr, 0);
    const t = a.dtype;
    const cmpT = t;
    const xv = l.cast(x, xt, cmpT);
    // binary search with loop-carried lo, hi
    const head = f.label("bs"), body = f.label("bsbody"), exit = f.label("bsexit");
    const pre = f.block;
    const lo = f.tmp(), hi = f.tmp(), lo2 = f.tmp(), hi2 = f.tmp();
    f.emit(`br label %${head}`);
    f.start(head);
    f.emit(`${lo} = phi i64 [0, %${pre}], [${lo2}, %${body}]`);
    f.emit(`${hi} = phi i64 [${n}, %${pre}], [${hi2}, %${body}]`);
    f.emit(`br i1 ${f.op(`icmp slt i64 ${lo}, ${hi}`)}, label %${body}, label %${exit}`);
    f.start(body);
    const mid = f.op(`lshr i64 ${f.op(`add i64 ${lo}, ${hi}`)}, 1`);
    const am = loadElem(f, t, elemPtr(f, a, arr, [mid]));
    let less: string;
    if (isFloat(t)) {
      const ty = llvmType(t);
      const lt = f.op(`fcmp olt ${ty} ${am}, ${xv}`);
      const nanX = f.op(`and i1 ${f.op(`fcmp ord ${ty} ${am}, ${am}`)}, ${f.op(`fcmp uno ${ty} ${xv}, ${xv}`)}`);
      less = f.op(`or i1 ${lt}, ${nanX}`);
    } else {
      less = l.cmp("lt", cmpT, am, xv);
    }
    f.emit(`${lo2} = select i1 ${less}, i64 ${f.op(`add i64 ${mid}, 1`)}, i64 ${lo}`);
    f.emit(`${hi2} = select i1 ${less}, i64 ${hi}, i64 ${mid}`);
    f.emit(`br label %${head}`);
    f.start(exit);
    return lo;
  };
  if (vt.tag !== "array") {
    if (!isNumber(vt)) throw typingError(`np.searchsorted() needs numbers, not ${vt.key}.`, c.span);
    return { name: c.name, args: [a, vt], ret: int64, lower: (l) => search(l, l.args[0], l.args[1], vt) };
  }
  const ret = arrayOf(int64, vt.ndim, "C");
  return {
    name: c.name, args: [a, vt], ret, owned: true,
    lower: (l) => {
      const f = l.f;
      const shape = Array.from({ length: vt.ndim }, (_, d) => shapeAt(f, vt, l.args[1], d));
      const out = allocArray(f, ret, shape, l.raiseIf.bind(l));
      const od = field(f, ret, out, F_DATA);
      forEachElement(f, { ...vt, layout: "A" } as ArrayType, l.args[1], [{ ty: "i64", init: "0" }], (p, [k]) => {
        const r = search(l, l.args[0], loadElem(f, vt.dtype, p), vt.dtype);
        f.emit(`store i64 ${r}, ptr ${f.op(`getelementptr i64, ptr ${od}, i64 ${k}`)}`);
        return [f.op(`add i64 ${k}, 1`)];
      });
      return out;
    },
  };
});

export { maskGetitem, maskSetitem, takeGetitem } from "./fancy";

void isInt; void int64;
