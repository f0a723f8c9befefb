/**
 * @fileoverview Array methods and functions beyond creation and whole-array reductions:
 * reductions along an axis, cumsum/cumprod, reshape/ravel, dtype/real/imag, np.where,
 * dot/vdot/`@` on vectors, np.outer, concatenate/stack/vstack/hstack, sort/argsort,
 * searchsorted, eye/identity, array/asarray of an array.
 *
 * In: BUILTINS handlers' `TypeCtx` (argument types) or, for axis reductions, the call from
 * library.ts's `reduction` with the axis given.
 * Out: `Impl`s. New arrays come from the runtime allocator (`owned: true`); reshape and
 * ravel of C arrays, `.real`/`.imag` of complex arrays are views (borrowed).
 */
import type { FnText } from "../llvm";
import { typingError } from "../diagnostics";
import { BUILTINS, type Builtin, type Impl, type LowerCtx, type TypeCtx } from "../builtins";
import {
  arrayOf, bool, complex128, float32, float64, int64, isComplex, isFloat, isInt, isNumber, llvmType, none, opaque,
  tupleOf, uint64, type ArrayType, type Type,
} from "../types";
import {
  F_DATA, F_MEMINFO, F_NITEMS, F_PARENT, allocArray, decref, elemPtr, field, itemSize, loadElem, makeArray, memType,
  normaliseAxis, product, shapeAt, storeElem, strideAt,
} from "./core";
import { countedLoop, forEachElement, pairwiseSumHelper } from "./loops";
import { copyArray, withNumpyErrors } from "./library";
import { raiseFreeing, withHeld } from "./sorting";
import { commonDtype, makeEwImpl, promote, type Tree } from "./exprs";
import { inParallelFunction, parallelFlatLoop, parallelRange } from "../parallel/arrays";

function register(name: string, b: Builtin): void { BUILTINS.set(name, b); }
function arrayArg(c: TypeCtx, i: number): ArrayType {
  const t = c.args[i];
  if (t === undefined || t.tag !== "array") throw typingError(`${c.name}() needs an array as argument ${i + 1}, not ${t?.key ?? "nothing"}.`, c.span);
  return t;
}
const shapeOf = (l: LowerCtx, a: ArrayType, v: string) => Array.from({ length: a.ndim }, (_, d) => shapeAt(l.f, a, v, d));

// -- reductions along an axis ------------------------------------------------------------

export interface AxisOp {
  out: (t: Type) => Type;
  /** the identity, or null to start from the first element along the axis */
  init: (t: Type) => string | null;
  combine: (l: LowerCtx, t: Type, acc: string, x: string) => string;
  /** mean: divide by the axis length */
  post?: (l: LowerCtx, t: Type, acc: string, n: string) => string;
}

const sumT = (t: Type): Type => (t === bool ? int64 : isInt(t) ? (t.signed ? int64 : uint64) : t);
const zero = (t: Type) => (isFloat(t) ? "0.0" : isComplex(t) ? "zeroinitializer" : t === bool ? "false" : "0");
const one = (t: Type) => (isFloat(t) ? "1.0" : isComplex(t) ? `{${llvmType(t.part)} 1.0, ${llvmType(t.part)} 0.0}` : t === bool ? "true" : "1");
function fmin(l: LowerCtx, t: Type, isMax: boolean, a: string, b: string): string {
  if (isFloat(t)) {
    const name = `llvm.${isMax ? "maximum" : "minimum"}.${t === float32 ? "f32" : "f64"}`;
    l.m.declare(name, `declare ${llvmType(t)} @${name}(${llvmType(t)}, ${llvmType(t)})`);
    return l.f.call(llvmType(t), `@${name}`, [`${llvmType(t)} ${a}`, `${llvmType(t)} ${b}`]);
  }
  const better = l.cmp(isMax ? "gt" : "lt", t, b, a);
  return l.f.op(`select i1 ${better}, ${llvmType(t)} ${b}, ${llvmType(t)} ${a}`);
}

export const AXIS_OPS: Record<string, AxisOp> = {
  sum: { out: sumT, init: (t) => zero(t), combine: (l, t, a, x) => withNumpyErrors(l, () => l.arith("add", t, a, x)) },
  prod: { out: sumT, init: (t) => one(t), combine: (l, t, a, x) => withNumpyErrors(l, () => l.arith("mul", t, a, x)) },
  min: { out: (t) => t, init: () => null, combine: (l, t, a, x) => fmin(l, t, false, a, x) },
  max: { out: (t) => t, init: () => null, combine: (l, t, a, x) => fmin(l, t, true, a, x) },
  any: { out: () => bool, init: () => "false", combine: (l, t, a, x) => l.f.op(`or i1 ${a}, ${x}`) },
  all: { out: () => bool, init: () => "true", combine: (l, t, a, x) => l.f.op(`and i1 ${a}, ${x}`) },
  mean: {
    out: (t) => (isFloat(t) || isComplex(t) ? t : float64), init: (t) => zero(t),
    combine: (l, t, a, x) => withNumpyErrors(l, () => l.arith("add", t, a, x)),
    post: (l, t, acc, n) => withNumpyErrors(l, () => l.arith("truediv", t, acc, l.cast(n, int64, t))),
  },
};

/** `np.<name>(a, axis)` for an array of 2 or more dimensions: an array of one dimension fewer. */
export function axisReduction(c: TypeCtx, name: string, a: ArrayType, axisT: Type, kw: boolean): Impl {
  if (name === "argmin" || name === "argmax") return argAxis(c, name === "argmax", a, axisT, kw);
  if (name === "var" || name === "std") return varAxis(c, name === "std", a, axisT, kw);
  const op = AXIS_OPS[name];
  if (op === undefined) throw typingError(`${c.name}() with axis= is not supported yet in jitted code.`, c.span);
  if (!isInt(axisT)) throw typingError(`axis must be an integer, not ${axisT.key}.`, c.span);
  const t = op.out(a.dtype);
  const acc = name === "any" || name === "all" ? bool : t;
  const ret = arrayOf(t, a.ndim - 1, "C");
  return {
    name: c.name, args: [a, int64], ret, owned: true, kwargs: kw ? ["axis"] : [],
    lower: (l) => {
      const f = l.f, v = l.args[0];
      const nd = a.ndim;
      const axis = normaliseAxis(f, l.args[1], nd, l.raiseIf.bind(l));
      const shape = shapeOf(l, a, v);
      // the output shape: the input's without the axis
      const oshape = withoutAxis(f, shape, axis);
      // the axis length (for mean, and to start min/max from the first element); an empty
      // axis of min/max raises before the result is allocated (so nothing leaks)
      const alen = atAxis(f, shape, axis);
      const init = op.init(acc);
      if (init === null) {
        l.raiseIf(f.op(`icmp eq i64 ${alen}, 0`), "ValueError", `zero-size array to reduction operation ${name === "min" ? "minimum" : "maximum"} which has no identity`);
      }
      const out = allocArray(f, ret, oshape, l.raiseIf.bind(l));
      const ost = Array.from({ length: nd - 1 }, (_, d) => strideAt(f, ret, out, d));
      // each input dimension's stride in the output (0 along the axis)
      const omap = Array.from({ length: nd }, (_, d) => {
        const before = d < nd - 1 ? ost[d] : "0", after = d >= 1 ? ost[d - 1] : "0";
        const s = f.op(`select i1 ${f.op(`icmp ult i64 ${d}, ${axis}`)}, i64 ${before}, i64 ${after}`);
        return f.op(`select i1 ${f.op(`icmp eq i64 ${d}, ${axis}`)}, i64 0, i64 ${s}`);
      });
      const ilen = f.op(`extractvalue [${nd} x i64] ${f.op(`extractvalue ${llvmType(a)} ${v}, 5`)}, 0`);
      void ilen;
      const odata = field(f, ret, out, F_DATA);
      const oty = llvmType(acc);
      // pass 1 (init): every output element from the identity, or from index 0 along the axis
      const nout = field(f, ret, out, F_NITEMS);
      if (init !== null) {
        countedLoop(f, nout, [], (i) => { storeElem(f, acc, f.op(`getelementptr ${memType(acc)}, ptr ${odata}, i64 ${i}`), init); return []; });
      }
      // pass 2: every input element combines into its output element; written through `lc`
      // (parallel/arrays.ts may write a loop into a chunk function). `part`: only indices
      // [lo, lo + cnt) of dimension `p` (a dimension other than the axis)
      const data = field(f, a, v, F_DATA);
      type Part = { p: string; lo: string; cnt: string };
      const nest = (lc: LowerCtx, d: number, ip: string, op2: string, first: string, part?: Part): void => {
        const g = lc.f;
        if (d === nd) {
          const x = lc.cast(loadElem(g, a.dtype, ip), a.dtype, acc);
          const cur = loadElem(g, acc, op2);
          const nv = op.combine(lc, acc, cur, x);
          const v2 = init === null ? g.op(`select i1 ${first}, ${oty} ${x}, ${oty} ${nv}`) : nv;
          storeElem(g, acc, op2, v2);
          return;
        }
        const inPart = part === undefined ? null : g.op(`icmp eq i64 ${part.p}, ${d}`);
        const cnt = inPart === null ? shape[d] : g.op(`select i1 ${inPart}, i64 ${part!.cnt}, i64 ${shape[d]}`);
        countedLoop(g, cnt, [], (i0) => {
          const i = inPart === null ? i0 : g.op(`add i64 ${i0}, ${g.op(`select i1 ${inPart}, i64 ${part!.lo}, i64 0`)}`);
          const isFirst = g.op(`and i1 ${first}, ${g.op(`or i1 ${g.op(`icmp ne i64 ${d}, ${axis}`)}, ${g.op(`icmp eq i64 ${i}, 0`)}`)}`);
          nest(lc, d + 1, g.op(`getelementptr i8, ptr ${ip}, i64 ${g.op(`mul i64 ${i}, ${strideAt(g, a, v, d)}`)}`),
            g.op(`getelementptr i8, ptr ${op2}, i64 ${g.op(`mul i64 ${i}, ${omap[d]}`)}`), isFirst, part);
          return [];
        });
      };
      // parallel=True: chunks on the pool above a size (parallel/arrays.ts)
      const frees = [{ v, ty: llvmType(a) }, { v: data, ty: "ptr" }, { v: odata, ty: "ptr" }, { v: axis, ty: "i64" }, { v: alen, ty: "i64" },
        ...shape.map((x) => ({ v: x, ty: "i64" })), ...omap.map((x) => ({ v: x, ty: "i64" }))];
      const nitems = () => field(f, a, v, F_NITEMS);
      const done = f.label("axdone");
      if (a.layout === "C") {
        // C layout fast paths: reducing the last axis sums contiguous rows (NumPy's pairwise
        // sum for floats); reducing axis 0 adds whole rows into the output, unit stride
        const n = field(f, a, v, F_NITEMS);
        const inner = f.op(`sdiv i64 ${n}, ${f.op(`select i1 ${f.op(`icmp eq i64 ${alen}, 0`)}, i64 1, i64 ${alen}`)}`);
        const mt = memType(a.dtype), om = memType(acc);
        const generic = f.label("axgeneric");
        if ((name === "sum" || name === "mean") && isFloat(a.dtype) && acc === a.dtype) {
          const rows = f.label("axrows"), next = f.label("axnext");
          f.emit(`br i1 ${f.op(`icmp eq i64 ${axis}, ${nd - 1}`)}, label %${rows}, label %${next}`);
          f.start(rows);
          const pw = pairwiseSumHelper(f, llvmType(acc) as "float" | "double");
          const row = (lc: LowerCtx, k: string): void => {
            const g = lc.f;
            const r = g.call(oty, pw, [`ptr ${g.op(`getelementptr ${mt}, ptr ${data}, i64 ${g.op(`mul i64 ${k}, ${alen}`)}`)}`, `i64 ${alen}`]);
            storeElem(g, acc, g.op(`getelementptr ${om}, ptr ${odata}, i64 ${k}`), r);
          };
          const serialRows = (): void => { countedLoop(f, nout, [], (k) => { row(l, k); return []; }); };
          if (!parallelFlatLoop(l, nout, frees, row, serialRows, () => n)) serialRows();
          f.emit(`br label %${done}`);
          f.start(next);
        }
        const cols = f.label("axcols");
        f.emit(`br i1 ${f.op(`icmp eq i64 ${axis}, 0`)}, label %${cols}, label %${generic}`);
        f.start(cols);
        // columns [lo, hi) of every row
        const colRange = (lc: LowerCtx, lo: string, hi: string): void => {
          const g = lc.f;
          const cnt = lo === "0" ? hi : g.op(`sub i64 ${hi}, ${lo}`);
          // with an identity: ROWS rows per pass over the output, each output element
          // taking them in order (the same additions as one row at a time, with an eighth
          // of the output's loads and stores); then the remaining rows one at a time
          const ROWS = 8;
          let done0 = "0";
          if (init !== null) {
            const blocks = g.op(`sdiv i64 ${alen}, ${ROWS}`);
            countedLoop(g, blocks, [], (bk) => {
              const rows = Array.from({ length: ROWS }, (_, r) =>
                g.op(`getelementptr ${mt}, ptr ${data}, i64 ${g.op(`mul i64 ${g.op(`add i64 ${g.op(`mul i64 ${bk}, ${ROWS}`)}, ${r}`)}, ${inner}`)}`));
              countedLoop(g, cnt, [], (j0) => {
                const j = lo === "0" ? j0 : g.op(`add i64 ${j0}, ${lo}`);
                const po = g.op(`getelementptr ${om}, ptr ${odata}, i64 ${j}`);
                let acc2 = loadElem(g, acc, po);
                for (const row of rows) acc2 = op.combine(lc, acc, acc2, lc.cast(loadElem(g, a.dtype, g.op(`getelementptr ${mt}, ptr ${row}, i64 ${j}`)), a.dtype, acc));
                storeElem(g, acc, po, acc2);
                return [];
              });
              return [];
            });
            done0 = g.op(`mul i64 ${blocks}, ${ROWS}`);
          }
          countedLoop(g, g.op(`sub i64 ${alen}, ${done0}`), [], (i1) => {
            const i = done0 === "0" ? i1 : g.op(`add i64 ${i1}, ${done0}`);
            const row = g.op(`getelementptr ${mt}, ptr ${data}, i64 ${g.op(`mul i64 ${i}, ${inner}`)}`);
            countedLoop(g, cnt, [], (j0) => {
              const j = lo === "0" ? j0 : g.op(`add i64 ${j0}, ${lo}`);
              const x = lc.cast(loadElem(g, a.dtype, g.op(`getelementptr ${mt}, ptr ${row}, i64 ${j}`)), a.dtype, acc);
              const po = g.op(`getelementptr ${om}, ptr ${odata}, i64 ${j}`);
              const nv = op.combine(lc, acc, loadElem(g, acc, po), x);
              storeElem(g, acc, po, init === null ? g.op(`select i1 ${g.op(`icmp eq i64 ${i}, 0`)}, ${oty} ${x}, ${oty} ${nv}`) : nv);
              return [];
            });
            return [];
          });
        };
        const serialCols = (): void => colRange(l, "0", inner);
        if (!parallelRange(l, inner, [...frees, { v: inner, ty: "i64" }], colRange, serialCols, () => n)) serialCols();
        f.emit(`br label %${done}`);
        f.start(generic);
      }
      // the general nest; in parallel, chunks of the first dimension that is not the axis
      const serialNest = (): void => nest(l, 0, data, odata, "true");
      if (inParallelFunction(l)) {
        const p = f.op(`select i1 ${f.op(`icmp eq i64 ${axis}, 0`)}, i64 1, i64 0`);
        const np = f.op(`select i1 ${f.op(`icmp eq i64 ${axis}, 0`)}, i64 ${shape[1]}, i64 ${shape[0]}`);
        const chunk = (lc: LowerCtx, lo: string, hi: string): void =>
          nest(lc, 0, data, odata, "true", { p, lo, cnt: lc.f.op(`sub i64 ${hi}, ${lo}`) });
        if (!parallelRange(l, np, [...frees, { v: p, ty: "i64" }], chunk, serialNest, nitems)) serialNest();
      } else {
        serialNest();
      }
      f.emit(`br label %${done}`);
      f.start(done);
      if (op.post !== undefined) {
        countedLoop(f, nout, [], (i) => {
          const p = f.op(`getelementptr ${memType(acc)}, ptr ${odata}, i64 ${i}`);
          storeElem(f, acc, p, op.post!(l, acc, loadElem(f, acc, p), alen));
          return [];
        });
      }
      return out;
    },
  };
}

/** `a.var(axis=k)` / std: the mean along the axis, then the mean squared deviation. */
function varAxis(c: TypeCtx, sqrt: boolean, a: ArrayType, axisT: Type, kw: boolean): Impl {
  if (isComplex(a.dtype)) throw typingError(`${c.name}() of complex arrays is not supported yet.`, c.span);
  const meanImpl = axisReduction(c, "mean", a, axisT, kw);
  const rt = (meanImpl.ret as ArrayType).dtype;
  const ret = meanImpl.ret as ArrayType;
  return {
    ...meanImpl,
    lower: (l) => {
      const f = l.f, v = l.args[0];
      const nd = a.ndim;
      const mean = meanImpl.lower(l);
      let axis = l.args[1];
      axis = f.op(`select i1 ${f.op(`icmp slt i64 ${axis}, 0`)}, i64 ${f.op(`add i64 ${axis}, ${nd}`)}, i64 ${axis}`);
      const shape = shapeOf(l, a, v);
      const oshape = Array.from({ length: nd - 1 }, (_, d) => shapeAt(f, ret, mean, d));
      const out = allocArray(f, ret, oshape, raiseFreeing(l, [{ t: ret, v: mean }]));
      const ty = llvmType(rt), mt = memType(rt);
      const od = field(f, ret, out, F_DATA), md = field(f, ret, mean, F_DATA);
      const nout = field(f, ret, out, F_NITEMS);
      countedLoop(f, nout, [], (i) => { f.emit(`store ${ty} 0.0, ptr ${f.op(`getelementptr ${mt}, ptr ${od}, i64 ${i}`)}`); return []; });
      const ost = Array.from({ length: nd - 1 }, (_, d) => strideAt(f, ret, out, d));
      const omap = Array.from({ length: nd }, (_, d) => {
        const before = d < nd - 1 ? ost[d] : "0", after = d >= 1 ? ost[d - 1] : "0";
        const s2 = f.op(`select i1 ${f.op(`icmp ult i64 ${d}, ${axis}`)}, i64 ${before}, i64 ${after}`);
        return f.op(`select i1 ${f.op(`icmp eq i64 ${d}, ${axis}`)}, i64 0, i64 ${s2}`);
      });
      const alen = atAxis(f, shape, axis);
      // the same byte offset addresses an output element and its mean (both C, same dtype)
      const nest = (d: number, ip: string, off: string): void => {
        if (d === nd) {
          const x = l.cast(loadElem(f, a.dtype, ip), a.dtype, rt);
          const m = f.op(`load ${ty}, ptr ${f.op(`getelementptr i8, ptr ${md}, i64 ${off}`)}`);
          const po = f.op(`getelementptr i8, ptr ${od}, i64 ${off}`);
          const dv = f.op(`fsub ${ty} ${x}, ${m}`);
          f.emit(`store ${ty} ${f.op(`fadd ${ty} ${f.op(`load ${ty}, ptr ${po}`)}, ${f.op(`fmul ${ty} ${dv}, ${dv}`)}`)}, ptr ${po}`);
          return;
        }
        countedLoop(f, shape[d], [], (i) => {
          nest(d + 1, f.op(`getelementptr i8, ptr ${ip}, i64 ${f.op(`mul i64 ${i}, ${strideAt(f, a, v, d)}`)}`),
            f.op(`add i64 ${off}, ${f.op(`mul i64 ${i}, ${omap[d]}`)}`));
          return [];
        });
      };
      nest(0, field(f, a, v, F_DATA), "0");
      const n = l.cast(alen, int64, rt);
      const sq = `llvm.sqrt.${rt === float32 ? "f32" : "f64"}`;
      if (sqrt) l.m.declare(sq, `declare ${ty} @${sq}(${ty})`);
      countedLoop(f, nout, [], (i) => {
        const p = f.op(`getelementptr ${mt}, ptr ${od}, i64 ${i}`);
        let r = f.op(`fdiv ${ty} ${f.op(`load ${ty}, ptr ${p}`)}, ${n}`);
        if (sqrt) r = f.call(ty, `@${sq}`, [`${ty} ${r}`]);
        f.emit(`store ${ty} ${r}, ptr ${p}`);
        return [];
      });
      decref(f, ret, mean);
      return out;
    },
  };
}

/** `a.argmax(axis=k)` / argmin: int64 indices along the axis (the first extreme; NaN wins). */
function argAxis(c: TypeCtx, isMax: boolean, a: ArrayType, axisT: Type, kw: boolean): Impl {
  if (!isInt(axisT)) throw typingError(`axis must be an integer, not ${axisT.key}.`, c.span);
  if (isComplex(a.dtype)) throw typingError(`${c.name}() of complex arrays is not supported.`, c.span);
  const ret = arrayOf(int64, a.ndim - 1, "C");
  const t = a.dtype;
  return {
    name: c.name, args: [a, int64], ret, owned: true, kwargs: kw ? ["axis"] : [],
    lower: (l) => {
      const f = l.f, v = l.args[0];
      const nd = a.ndim;
      const axis = normaliseAxis(f, l.args[1], nd, l.raiseIf.bind(l));
      const shape = shapeOf(l, a, v);
      const oshape = withoutAxis(f, shape, axis);
      const alen = atAxis(f, shape, axis);
      l.raiseIf(f.op(`icmp eq i64 ${alen}, 0`), "ValueError", `attempt to get ${isMax ? "argmax" : "argmin"} of an empty sequence`);
      const out = allocArray(f, ret, oshape, l.raiseIf.bind(l));
      const bestT = arrayOf(t, nd - 1, "C");
      const best = allocArray(f, bestT, oshape, raiseFreeing(l, [{ t: ret, v: out }]));
      const ost = Array.from({ length: nd - 1 }, (_, d) => strideAt(f, ret, out, d));
      const bst = Array.from({ length: nd - 1 }, (_, d) => strideAt(f, bestT, best, d));
      const mapOf = (st: string[]) => Array.from({ length: nd }, (_, d) => {
        const before = d < nd - 1 ? st[d] : "0", after = d >= 1 ? st[d - 1] : "0";
        const s2 = f.op(`select i1 ${f.op(`icmp ult i64 ${d}, ${axis}`)}, i64 ${before}, i64 ${after}`);
        return f.op(`select i1 ${f.op(`icmp eq i64 ${d}, ${axis}`)}, i64 0, i64 ${s2}`);
      });
      const omap = mapOf(ost), bmap = mapOf(bst);
      const ty = llvmType(t);
      const nest = (d: number, ip: string, op2: string, bp: string, pos: string): void => {
        if (d === nd) {
          const x = loadElem(f, t, ip);
          const cur = loadElem(f, t, bp);
          const first = f.op(`icmp eq i64 ${pos}, 0`);
          let better = l.cmp(isMax ? "gt" : "lt", t, x, cur);
          if (isFloat(t)) {
            const xnan = f.op(`fcmp uno ${ty} ${x}, ${x}`), cnan = f.op(`fcmp uno ${ty} ${cur}, ${cur}`);
            better = f.op(`and i1 ${f.op(`or i1 ${better}, ${xnan}`)}, ${f.op(`xor i1 ${cnan}, true`)}`);
          }
          const take = f.op(`or i1 ${first}, ${better}`);
          storeElem(f, t, bp, f.op(`select i1 ${take}, ${ty} ${x}, ${ty} ${cur}`));
          const oldI = f.op(`load i64, ptr ${op2}`);
          f.emit(`store i64 ${f.op(`select i1 ${take}, i64 ${pos}, i64 ${oldI}`)}, ptr ${op2}`);
          return;
        }
        countedLoop(f, shape[d], [], (i) => {
          const np2 = f.op(`select i1 ${f.op(`icmp eq i64 ${d}, ${axis}`)}, i64 ${i}, i64 ${pos}`);
          nest(d + 1, f.op(`getelementptr i8, ptr ${ip}, i64 ${f.op(`mul i64 ${i}, ${strideAt(f, a, v, d)}`)}`),
            f.op(`getelementptr i8, ptr ${op2}, i64 ${f.op(`mul i64 ${i}, ${omap[d]}`)}`),
            f.op(`getelementptr i8, ptr ${bp}, i64 ${f.op(`mul i64 ${i}, ${bmap[d]}`)}`), np2);
          return [];
        });
      };
      nest(0, field(f, a, v, F_DATA), field(f, ret, out, F_DATA), field(f, bestT, best, F_DATA), "0");
      decref(f, bestT, best);
      return out;
    },
  };
}

// -- scans -------------------------------------------------------------------------------

function scan(mul: boolean): Builtin {
  // np.cumsum(a) / a.cumsum(), np.cumprod(a) / a.cumprod() -> 1-D array in C order
  return (c) => {
    const a = arrayArg(c, 0);
    const axisKw = c.kwargs.find((k) => k.name === "axis");
    if (c.kwargs.some((k) => k.name !== "axis") || c.args.length > 2 || (axisKw !== undefined && c.args.length > 1)) {
      throw typingError(`${c.name}() takes an array and an axis in jitted code.`, c.span);
    }
    const axisT = axisKw?.type ?? c.args[1];
    if (axisT !== undefined && axisT !== none) return scanAxis(c, mul, a, axisT, axisKw !== undefined);
    const t = sumT(a.dtype);
    const ret = arrayOf(t, 1, "C");
    return {
      name: c.name, args: [a], ret, owned: true,
      lower: (l) => {
        const f = l.f;
        const src = a.layout === "C" ? l.args[0] : copyArray(l, a, l.args[0], a.dtype);
        const st = arrayOf(a.dtype, a.ndim, "C");
        const n = field(f, st, src, F_NITEMS);
        const out = allocArray(f, ret, [n], raiseFreeing(l, a.layout === "C" ? [] : [{ t: st, v: src }]));
        const sd = field(f, st, src, F_DATA), od = field(f, ret, out, F_DATA);
        countedLoop(f, n, [{ ty: llvmType(t), init: mul ? one(t) : zero(t) }], (i, [s]) => {
          const x = l.cast(loadElem(f, a.dtype, f.op(`getelementptr ${memType(a.dtype)}, ptr ${sd}, i64 ${i}`)), a.dtype, t);
          const ns = withNumpyErrors(l, () => l.arith(mul ? "mul" : "add", t, s, x));
          storeElem(f, t, f.op(`getelementptr ${memType(t)}, ptr ${od}, i64 ${i}`), ns);
          return [ns];
        });
        if (a.layout !== "C") decref(f, st, src);
        return out;
      },
    };
  };
}
/** cumsum/cumprod along a (run-time) axis: an array of the input's shape. */
function scanAxis(c: TypeCtx, mul: boolean, a: ArrayType, axisT: Type, kw: boolean): Impl {
  if (!isInt(axisT)) throw typingError(`axis must be an integer, not ${axisT.key}.`, c.span);
  const t = sumT(a.dtype);
  const ret = arrayOf(t, a.ndim, "C");
  return {
    name: c.name, args: [a, int64], ret, owned: true, kwargs: kw ? ["axis"] : [],
    lower: (l) => {
      const f = l.f, v = l.args[0];
      const nd = a.ndim;
      const axis = normaliseAxis(f, l.args[1], nd, l.raiseIf.bind(l));
      const shape = shapeOf(l, a, v);
      const out = allocArray(f, ret, shape, l.raiseIf.bind(l));
      const ost = Array.from({ length: nd }, (_, d) => strideAt(f, ret, out, d));
      let back = "0";
      for (let d = 0; d < nd; d++) back = f.op(`select i1 ${f.op(`icmp eq i64 ${d}, ${axis}`)}, i64 ${ost[d]}, i64 ${back}`);
      const negBack = f.op(`sub i64 0, ${back}`);
      const nest = (d: number, ip: string, op2: string, first: string): void => {
        if (d === nd) {
          const x = l.cast(loadElem(f, a.dtype, ip), a.dtype, t);
          const prevP = f.op(`getelementptr i8, ptr ${op2}, i64 ${negBack}`);
          // the previous element along the axis exists unless this is its first
          const yes = f.label("scanprev"), join = f.label("scanjoin");
          const from = f.block;
          f.emit(`br i1 ${first}, label %${join}, label %${yes}`);
          f.start(yes);
          const acc = withNumpyErrors(l, () => l.arith(mul ? "mul" : "add", t, loadElem(f, t, prevP), x));
          const from2 = f.block;
          f.emit(`br label %${join}`);
          f.start(join);
          storeElem(f, t, op2, f.op(`phi ${llvmType(t)} [${x}, %${from}], [${acc}, %${from2}]`));
          return;
        }
        countedLoop(f, shape[d], [], (i) => {
          const isFirst = f.op(`select i1 ${f.op(`icmp eq i64 ${d}, ${axis}`)}, i1 ${f.op(`icmp eq i64 ${i}, 0`)}, i1 ${first}`);
          nest(d + 1, f.op(`getelementptr i8, ptr ${ip}, i64 ${f.op(`mul i64 ${i}, ${strideAt(f, a, v, d)}`)}`),
            f.op(`getelementptr i8, ptr ${op2}, i64 ${f.op(`mul i64 ${i}, ${ost[d]}`)}`), isFirst);
          return [];
        });
      };
      nest(0, field(f, a, v, F_DATA), field(f, ret, out, F_DATA), "false");
      return out;
    },
  };
}

for (const [n, b] of [["cumsum", scan(false)], ["cumprod", scan(true)]] as [string, Builtin][]) {
  register(`numpy.${n}`, b);
  register(`array.${n}`, b);
}

// -- reshape / ravel ---------------------------------------------------------------------

/** A new array struct over the same memory with `shape` (C strides). */
function reshaped(l: LowerCtx, src: ArrayType, v: string, ret: ArrayType, shape: string[]): string {
  const f = l.f;
  const strides: string[] = new Array(shape.length);
  let acc = String(itemSize(src.dtype));
  for (let d = shape.length - 1; d >= 0; d--) { strides[d] = acc; if (d > 0) acc = f.op(`mul i64 ${acc}, ${shape[d]}`); }
  return makeArray(f, ret, field(f, src, v, F_MEMINFO), field(f, src, v, F_PARENT), field(f, src, v, F_NITEMS), field(f, src, v, F_DATA), shape, strides);
}

// a.reshape(shape) / a.reshape(d0, d1, ...) / np.reshape(a, shape): a view of a C array (one -1 is inferred)
const reshapeB: Builtin = (c) => {
  const a = arrayArg(c, 0);
  if (c.kwargs.length > 0) throw typingError("reshape() keyword arguments are not supported in jitted code.", c.span);
  const rest = c.args.slice(1);
  let dims: Type[];
  let tupleArg = false;
  if (rest.length === 1 && rest[0].tag === "tuple") { dims = rest[0].items; tupleArg = true; } else dims = rest;
  if (dims.length === 0 || !dims.every(isInt)) throw typingError("reshape() takes a shape of integers.", c.span);
  const ret = arrayOf(a.dtype, dims.length, "C", a.readonly);
  const argT: Type[] = tupleArg ? [a, tupleOf(dims.map(() => int64))] : [a, ...dims.map(() => int64)];
  return {
    name: c.name, args: argT, ret, owned: a.layout !== "C",
    lower: (l) => {
      const f = l.f;
      const vals = tupleArg ? dims.map((_, d) => f.op(`extractvalue [${dims.length} x i64] ${l.args[1]}, ${d}`)) : l.args.slice(1);
      const n = field(f, a, l.args[0], F_NITEMS);
      // one -1 takes what is left
      let known = "1", unknown = "-1";
      vals.forEach((x, d) => {
        const neg = f.op(`icmp eq i64 ${x}, -1`);
        known = f.op(`mul i64 ${known}, ${f.op(`select i1 ${neg}, i64 1, i64 ${x}`)}`);
        unknown = f.op(`select i1 ${neg}, i64 ${d}, i64 ${unknown}`);
      });
      const safe = f.op(`select i1 ${f.op(`icmp eq i64 ${known}, 0`)}, i64 1, i64 ${known}`);
      const fill = f.op(`sdiv i64 ${n}, ${safe}`);
      const shape = vals.map((x, d) => f.op(`select i1 ${f.op(`icmp eq i64 ${unknown}, ${d}`)}, i64 ${fill}, i64 ${x}`));
      l.raiseIf(f.op(`icmp ne i64 ${product(f, shape)}, ${n}`), "ValueError", "cannot reshape array into the requested shape");
      if (a.layout === "C") return reshaped(l, a, l.args[0], ret, shape);
      const cp = copyArray(l, a, l.args[0], a.dtype);
      return reshaped(l, arrayOf(a.dtype, a.ndim, "C"), cp, ret, shape);
    },
  };
};
register("array.reshape", reshapeB);
register("numpy.reshape", reshapeB);

// a.ravel() / np.ravel(a): a 1-D view of a C array, else a copy
const ravelB: Builtin = (c) => {
  const a = arrayArg(c, 0);
  const ret = arrayOf(a.dtype, 1, "C", a.readonly && a.layout === "C");
  return {
    name: c.name, args: [a], ret, owned: a.layout !== "C",
    lower: (l) => {
      const f = l.f;
      const src = a.layout === "C" ? l.args[0] : copyArray(l, a, l.args[0], a.dtype);
      const st = arrayOf(a.dtype, a.ndim, "C");
      return reshaped(l, st, src, ret, [field(f, st, src, F_NITEMS)]);
    },
  };
};
register("array.ravel", ravelB);
register("numpy.ravel", ravelB);

// -- dtype, real, imag -------------------------------------------------------------------

/** `a.dtype`, `a.real`, `a.imag` (called from access.ts's arrayAttr). */
export function extraAttr(a: ArrayType, attr: string): Impl | null {
  if (attr === "dtype") {
    const name = a.dtype === bool ? "numpy.bool_" : `numpy.${a.dtype.key}`;
    return { name: "array.dtype", args: [a], ret: opaque({ k: "builtin", name }), lower: () => "0" };
  }
  if (attr !== "real" && attr !== "imag") return null;
  const t = a.dtype;
  if (isComplex(t)) {
    const ret = arrayOf(t.part, a.ndim, "A", a.readonly);
    return {
      name: `array.${attr}`, args: [a], ret,
      lower: (l) => {
        const f = l.f, v = l.args[0];
        let data = field(f, a, v, F_DATA);
        if (attr === "imag") data = f.op(`getelementptr i8, ptr ${data}, i64 ${itemSize(t.part)}`);
        const shape = shapeOf(l, a, v), st = Array.from({ length: a.ndim }, (_, d) => strideAt(f, a, v, d));
        return makeArray(f, ret, field(f, a, v, F_MEMINFO), field(f, a, v, F_PARENT), field(f, a, v, F_NITEMS), data, shape, st);
      },
    };
  }
  if (attr === "real") return { name: "array.real", args: [a], ret: a, lower: (l) => l.args[0] };
  const ret = arrayOf(t, a.ndim, "C");
  return {
    name: "array.imag", args: [a], ret, owned: true,
    lower: (l) => {
      const out = allocArray(l.f, ret, shapeOf(l, a, l.args[0]), l.raiseIf.bind(l));
      forEachElement(l.f, ret, out, [], (p) => { storeElem(l.f, t, p, zero(t)); return []; });
      return out;
    },
  };
}

// -- np.where ----------------------------------------------------------------------------

// np.where(cond, x, y) -> elementwise choice, broadcast, promoted dtype
register("numpy.where", (c) => {
  if (c.args.length !== 3 || c.kwargs.length > 0) throw typingError("np.where() takes a condition and two values in jitted code (the one-argument form is not supported yet).", c.span);
  const [ct, xt, yt] = c.args;
  for (const t of c.args) if (t.tag !== "array" && !isNumber(t)) throw typingError(`np.where() takes arrays and numbers, not ${t.key}.`, c.span);
  const ex = xt.tag === "array" ? xt.dtype : xt, ey = yt.tag === "array" ? yt.dtype : yt;
  // NumPy 2's result_type: Python-typed scalars beside an array are weak (NEP 50)
  const t = xt.tag === "array" || yt.tag === "array" ? commonDtype([xt, yt]) : promote(ex, ey);
  const ce = ct.tag === "array" ? ct.dtype : ct;
  if (c.args.every((x) => x.tag !== "array")) {
    return { name: c.name, args: [ce, t, t], ret: t, lower: (l) => l.f.op(`select i1 ${l.truth(l.args[0], ce)}, ${llvmType(t)} ${l.args[1]}, ${llvmType(t)} ${l.args[2]}`) };
  }
  const ndim = Math.max(...c.args.map((x) => (x.tag === "array" ? x.ndim : 0)));
  const tree: Tree = {
    k: "op", operandTypes: [bool, t, t], out: t,
    kernel: (l, [q, x, y]) => l.f.op(`select i1 ${q}, ${llvmType(t)} ${x}, ${llvmType(t)} ${y}`),
    children: [0, 1, 2].map((i) => ({ k: "leaf" as const, index: i })),
  };
  return makeEwImpl(c.args, arrayOf(t, ndim, "C"), tree, false);
});

// -- products ----------------------------------------------------------------------------

/** Inner product of two 1-D arrays (or matrix products as loops). */
export function dotImpl(c: TypeCtx, at: Type, bt: Type): Impl {
  if (at.tag !== "array" || bt.tag !== "array") throw typingError(`${c.name}() needs two arrays.`, c.span);
  const t = promote(at.dtype, bt.dtype);
  const st = t === bool ? bool : t;
  if (at.ndim === 1 && bt.ndim === 1) {
    return {
      name: c.name, args: [at, bt], ret: st,
      lower: (l) => {
        const f = l.f;
        const n = shapeAt(f, at, l.args[0], 0);
        l.raiseIf(f.op(`icmp ne i64 ${n}, ${shapeAt(f, bt, l.args[1], 0)}`), "ValueError", "shapes not aligned for dot");
        const [s] = countedLoop(f, n, [{ ty: llvmType(st), init: zero(st) }], (i, [acc]) => {
          const x = l.cast(loadElem(f, at.dtype, elemPtr(f, at, l.args[0], [i])), at.dtype, st);
          const y = l.cast(loadElem(f, bt.dtype, elemPtr(f, bt, l.args[1], [i])), bt.dtype, st);
          if (st === bool) return [f.op(`or i1 ${acc}, ${f.op(`and i1 ${x}, ${y}`)}`)];
          return [withNumpyErrors(l, () => l.arith("add", st, acc, l.arith("mul", st, x, y)))];
        });
        return s;
      },
    };
  }
  if (at.ndim > 2 || bt.ndim > 2) throw typingError(`${c.name}() of arrays with more than 2 dimensions is not supported yet.`, c.span);
  // (m,k)·(k,n), (m,k)·(k,), (k,)·(k,n): i-k-j loops over a zeroed result
  const m2 = at.ndim === 2, n2 = bt.ndim === 2;
  const ret = arrayOf(st, (m2 ? 1 : 0) + (n2 ? 1 : 0), "C");
  return {
    name: c.name, args: [at, bt], ret, owned: true,
    lower: (l) => {
      const f = l.f, A = l.args[0], B = l.args[1];
      const m = m2 ? shapeAt(f, at, A, 0) : "1";
      const k = shapeAt(f, at, A, at.ndim - 1);
      const kb = shapeAt(f, bt, B, 0);
      const n = n2 ? shapeAt(f, bt, B, 1) : "1";
      l.raiseIf(f.op(`icmp ne i64 ${k}, ${kb}`), "ValueError", "matmul: input operand 1 has a mismatch in its core dimension 0");
      const shape = [...(m2 ? [m] : []), ...(n2 ? [n] : [])];
      const out = allocArray(f, ret, shape, l.raiseIf.bind(l));
      const od = field(f, ret, out, F_DATA);
      const ty = llvmType(st), mt = memType(st);
      const loopDone = f.label("mmdone");
      if (m2 && n2 && (st === float64 || st === float32) && at.dtype === st && bt.dtype === st) gemm(l, at, A, bt, B, st, m, n, k, od, loopDone);
      countedLoop(f, f.op(`mul i64 ${m}, ${n}`), [], (i) => { storeElem(f, st, f.op(`getelementptr ${mt}, ptr ${od}, i64 ${i}`), zero(st)); return []; });
      countedLoop(f, m, [], (i) => {
        countedLoop(f, k, [], (p) => {
          const aik = l.cast(loadElem(f, at.dtype, elemPtr(f, at, A, m2 ? [i, p] : [p])), at.dtype, st);
          countedLoop(f, n, [], (j) => {
            const b = l.cast(loadElem(f, bt.dtype, elemPtr(f, bt, B, n2 ? [p, j] : [p])), bt.dtype, st);
            const po = f.op(`getelementptr ${mt}, ptr ${od}, i64 ${f.op(`add i64 ${f.op(`mul i64 ${i}, ${n}`)}, ${j}`)}`);
            const cur = loadElem(f, st, po);
            storeElem(f, st, po, st === bool ? f.op(`or i1 ${cur}, ${f.op(`and i1 ${aik}, ${b}`)}`) : withNumpyErrors(l, () => l.arith("add", st, cur, l.arith("mul", st, aik, b))));
            void ty;
            return [];
          });
          return [];
        });
        return [];
      });
      f.emit(`br label %${loopDone}`);
      f.start(loopDone);
      return out;
    },
  };
}

/**
 * A 2-D float product through the BLAS NumPy ships (`nj_rt_gemm`: a pointer the runtime
 * fills with scipy-openblas's cblas_[sd]gemm, or null), when both operands have a unit
 * stride in one dimension; branches to `done` after the call, else falls through to the
 * loops.
 */
function gemm(l: LowerCtx, at: ArrayType, A: string, bt: ArrayType, B: string, t: Type, m: string, n: string, k: string,
  od: string, done: string): void {
  const f = l.f;
  const isD = t === float64, es = isD ? 8 : 4;
  const sym = isD ? "nj_rt_dgemm" : "nj_rt_sgemm";
  f.m.declare(sym, `@${sym} = external global ptr`);
  const fn = f.op(`load ptr, ptr @${sym}`);
  // an operand's BLAS view: row-major with leading dimension s0/es, or transposed
  const view = (a: ArrayType, v: string, rows: string, cols: string): [string, string, string] => {
    const s0 = strideAt(f, a, v, 0), s1 = strideAt(f, a, v, 1);
    const one = (x: string) => f.op(`select i1 ${f.op(`icmp slt i64 ${x}, 1`)}, i64 1, i64 ${x}`);
    const rowMajor = f.op(`and i1 ${f.op(`icmp eq i64 ${s1}, ${es}`)}, ${f.op(`icmp sge i64 ${s0}, ${f.op(`mul i64 ${one(cols)}, ${es}`)}`)}`);
    const colMajor = f.op(`and i1 ${f.op(`icmp eq i64 ${s0}, ${es}`)}, ${f.op(`icmp sge i64 ${s1}, ${f.op(`mul i64 ${one(rows)}, ${es}`)}`)}`);
    const ok = f.op(`or i1 ${rowMajor}, ${colMajor}`);
    const trans = f.op(`select i1 ${rowMajor}, i32 111, i32 112`);
    const ld = f.op(`sdiv i64 ${f.op(`select i1 ${rowMajor}, i64 ${s0}, i64 ${s1}`)}, ${es}`);
    return [ok, trans, ld];
  };
  const [okA, tA, ldA] = view(at, A, m, k);
  const [okB, tB, ldB] = view(bt, B, k, n);
  let ok = f.op(`and i1 ${f.op(`icmp ne ptr ${fn}, null`)}, ${f.op(`and i1 ${okA}, ${okB}`)}`);
  ok = f.op(`and i1 ${ok}, ${f.op(`icmp sgt i64 ${f.op(`mul i64 ${f.op(`mul i64 ${m}, ${n}`)}, ${k}`)}, 0`)}`);
  const call = f.label("gemm"), loops = f.label("mmloops");
  f.emit(`br i1 ${ok}, label %${call}, label %${loops}`);
  f.start(call);
  const ty = isD ? "double" : "float";
  const oneC = isD ? "1.0" : "1.0", zeroC = "0.0";
  f.emit(`call void ${fn}(i32 101, i32 ${tA}, i32 ${tB}, i64 ${m}, i64 ${n}, i64 ${k}, ${ty} ${oneC}, ptr ${field(f, at, A, F_DATA)}, i64 ${ldA}, ptr ${field(f, bt, B, F_DATA)}, i64 ${ldB}, ${ty} ${zeroC}, ptr ${od}, i64 ${n})`);
  f.emit(`br label %${done}`);
  f.start(loops);
}

for (const name of ["numpy.dot", "numpy.matmul", "numpy.vdot", "array.dot"]) {
  // np.dot(a, b), np.matmul(a, b), a.dot(b)
  register(name, (c) => {
    if (c.args.length !== 2 || c.kwargs.length > 0) throw typingError(`${c.name}() takes two arrays.`, c.span);
    return dotImpl(c, c.args[0], c.args[1]);
  });
}

// np.outer(a, b) -> 2-D array a[i] * b[j]
register("numpy.outer", (c) => {
  const a = arrayArg(c, 0), b = arrayArg(c, 1);
  const t = promote(a.dtype, b.dtype);
  const ret = arrayOf(t, 2, "C");
  return {
    name: c.name, args: [a, b], ret, owned: true,
    lower: (l) => {
      const f = l.f;
      const na = field(f, a, l.args[0], F_NITEMS), nb = field(f, b, l.args[1], F_NITEMS);
      const ac = a.layout === "C" ? l.args[0] : copyArray(l, a, l.args[0], a.dtype);
      const A = arrayOf(a.dtype, a.ndim, "C"), B = arrayOf(b.dtype, b.ndim, "C");
      const held = a.layout === "C" ? [] : [{ t: A, v: ac }];
      const bc = b.layout === "C" ? l.args[1] : copyArray(withHeld(l, held), b, l.args[1], b.dtype);
      const out = allocArray(f, ret, [na, nb], raiseFreeing(l, b.layout === "C" ? held : [...held, { t: B, v: bc }]));
      const od = field(f, ret, out, F_DATA), ad = field(f, A, ac, F_DATA), bd = field(f, B, bc, F_DATA);
      countedLoop(f, na, [], (i) => {
        const x = l.cast(loadElem(f, a.dtype, f.op(`getelementptr ${memType(a.dtype)}, ptr ${ad}, i64 ${i}`)), a.dtype, t);
        countedLoop(f, nb, [], (j) => {
          const y = l.cast(loadElem(f, b.dtype, f.op(`getelementptr ${memType(b.dtype)}, ptr ${bd}, i64 ${j}`)), b.dtype, t);
          const p = f.op(`getelementptr ${memType(t)}, ptr ${od}, i64 ${f.op(`add i64 ${f.op(`mul i64 ${i}, ${nb}`)}, ${j}`)}`);
          storeElem(f, t, p, t === bool ? f.op(`and i1 ${x}, ${y}`) : withNumpyErrors(l, () => l.arith("mul", t, x, y)));
          return [];
        });
        return [];
      });
      if (a.layout !== "C") decref(f, A, ac);
      if (b.layout !== "C") decref(f, B, bc);
      return out;
    },
  };
});

// -- eye, identity, array/asarray of arrays ------------------------------------------------

// np.eye(n, m=None, dtype=float64) / np.identity(n, dtype=float64) -> 2-D array
for (const name of ["numpy.eye", "numpy.identity"]) {
  register(name, (c) => {
    if (c.args.length < 1 || c.args.length > 2 || !c.args.every(isInt)) throw typingError(`${c.name}() takes one or two integers (and dtype=).`, c.span);
    const dk = c.kwargs.find((k) => k.name === "dtype");
    let t: Type = float64;
    if (dk !== undefined) {
      const d = dk.type;
      if (d.tag !== "opaque" || d.what.k !== "builtin") throw typingError("dtype must be a NumPy scalar type.", c.span);
      const nm = d.what.name.replace(/^numpy\./, "");
      t = nm === "float" ? float64 : nm === "int" ? int64 : nm === "bool" || nm === "bool_" ? bool : nm === "complex" ? complex128 : (parseKey(nm) ?? float64);
    }
    const ret = arrayOf(t, 2, "C");
    return {
      name: c.name, args: c.args.map(() => int64), ret, owned: true,
      lower: (l) => {
        const f = l.f;
        const n = l.args[0], m = l.args[1] ?? l.args[0];
        const out = allocArray(f, ret, [n, m], l.raiseIf.bind(l));
        const od = field(f, ret, out, F_DATA);
        countedLoop(f, f.op(`mul i64 ${n}, ${m}`), [], (i) => { storeElem(f, t, f.op(`getelementptr ${memType(t)}, ptr ${od}, i64 ${i}`), zero(t)); return []; });
        const k = f.op(`select i1 ${f.op(`icmp slt i64 ${n}, ${m}`)}, i64 ${n}, i64 ${m}`);
        countedLoop(f, k, [], (i) => { storeElem(f, t, f.op(`getelementptr ${memType(t)}, ptr ${od}, i64 ${f.op(`add i64 ${f.op(`mul i64 ${i}, ${m}`)}, ${i}`)}`), one(t)); return []; });
        return out;
      },
    };
  });
}
import { parseType as parseKey } from "../types";

// np.asarray(a) -> a itself; np.array(a) -> a copy (arrays only in jitted code)
register("numpy.asarray", (c) => {
  const a = arrayArg(c, 0);
  if (c.args.length > 1 || c.kwargs.length > 0) throw typingError("np.asarray() takes one array in jitted code.", c.span);
  return { name: c.name, args: [a], ret: a, lower: (l) => l.args[0] };
});
register("numpy.array", (c) => {
  const a = c.args[0];
  if (a !== undefined && a.tag === "tuple" && c.args.length === 1 && c.kwargs.length === 0) return fromTuple(c, a);
  if (a === undefined || a.tag !== "array" || c.args.length > 1 || c.kwargs.length > 0) {
    throw typingError("np.array() takes one array or a tuple of numbers (or of equal-length tuples) in jitted code.", c.span);
  }
  return { name: c.name, args: [a], ret: arrayOf(a.dtype, a.ndim, "C"), owned: true, lower: (l) => copyArray(l, a, l.args[0], a.dtype) };
});

/** np.array((x, y, ...)) and np.array(((a, b), (c, d))): a new 1-D or 2-D array. */
function fromTuple(c: TypeCtx, t: Type & { tag: "tuple" }): Impl {
  const rows = t.items.every((x) => x.tag === "tuple") && t.items.length > 0;
  const leaves: Type[] = rows ? t.items.flatMap((r) => (r as { items: Type[] }).items) : t.items;
  if (rows && !t.items.every((r) => (r as { items: Type[] }).items.length === (t.items[0] as { items: Type[] }).items.length)) {
    throw typingError("np.array() of tuples needs tuples of one length.", c.span);
  }
  if (!leaves.every((x) => isNumber(x))) throw typingError("np.array() of a tuple needs numbers.", c.span);
  let dt: Type = leaves.length === 0 ? float64 : leaves[0];
  for (const x of leaves) dt = promote(dt, x);
  if (isInt(dt) && dt.signed && dt.bits < 64) dt = int64;
  const ncols = rows ? (t.items[0] as { items: Type[] }).items.length : t.items.length;
  const ret = arrayOf(dt, rows ? 2 : 1, "C");
  return {
    name: c.name, args: [t], ret, owned: true,
    lower: (l) => {
      const f = l.f;
      const shape = rows ? [String(t.items.length), String(ncols)] : [String(t.items.length)];
      const out = allocArray(f, ret, shape, l.raiseIf.bind(l));
      const od = field(f, ret, out, F_DATA);
      let k = 0;
      const put = (v: string, vt: Type) => { storeElem(f, dt, f.op(`getelementptr ${memType(dt)}, ptr ${od}, i64 ${k++}`), l.cast(v, vt, dt)); };
      const tt = llvmType(t);
      t.items.forEach((it, i) => {
        const x = f.op(`extractvalue ${tt} ${l.args[0]}, ${i}`);
        if (!rows) { put(x, it); return; }
        const rt = it as { items: Type[] } & Type;
        rt.items.forEach((e, j) => put(f.op(`extractvalue ${llvmType(rt)} ${x}, ${j}`), e));
      });
      return out;
    },
  };
}

void none; void uint64; void complex128;

/** The extents of `shape` without the run-time dimension `axis`. */
function withoutAxis(f: FnText, shape: string[], axis: string): string[] {
  const out: string[] = [];
  for (let d = 0; d < shape.length - 1; d++) out.push(f.op(`select i1 ${f.op(`icmp slt i64 ${d}, ${axis}`)}, i64 ${shape[d]}, i64 ${shape[d + 1]}`));
  return out;
}

/** `vals[axis]` for a run-time `axis` already in range (0 when `vals` is empty). */
function atAxis(f: FnText, vals: string[], axis: string): string {
  let v = "0";
  for (let d = 0; d < vals.length; d++) v = f.op(`select i1 ${f.op(`icmp eq i64 ${d}, ${axis}`)}, i64 ${vals[d]}, i64 ${v}`);
  return v;
}
