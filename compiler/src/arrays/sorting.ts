/**
 * @fileoverview Sorting and searching: np.sort, a.sort(), np.argsort, np.searchsorted,
 * and the fancy-index copies (boolean masks, one integer array) that need loops of their
 * own.
 *
 * In: BUILTINS handlers' argument types; for indexing, the hooks in access.ts.
 * Out: `Impl`s. Sorting is an introsort written once per element type as module helpers
 * (`nj.qsort.*`: NumPy's median-of-three quicksort with insertion sort for short ranges and
 * the heap sort `nj.sift.*`/`nj.sort.*` past the depth limit), ordering NaN last as NumPy does (complex numbers
 * lexicographically, NumPy's NaN classes last); argsort sorts an index array by the
 * values, ties broken by index (stable).
 */
import { typingError, type Span } from "../diagnostics";
import { BUILTINS, type Builtin, type LowerCtx, type TypeCtx } from "../builtins";
import type { FnText } from "../llvm";
import { arrayOf, bool, int64, isComplex, isFloat, isInt, isNumber, llvmType, none, unicode, type ArrayType, type Type } from "../types";
import {
  F_DATA, F_MEMINFO, F_NITEMS, F_PARENT, allocArray, decref, decrefHelperName, elemPtr, field, itemSize, loadElem, makeArray, memType,
  normaliseAxis, shapeAt, strideAt,
} from "./core";
import { countedLoop } from "./loops";
import { copyArray } from "./library";
import { bindLowerCtx } from "./access";

function register(name: string, b: Builtin): void { BUILTINS.set(name, b); }

/** An array a library call allocated and still holds (or its meminfo, possibly null). */
export type Held = { t: ArrayType; v: string } | { mi: string };

/**
 * A `raiseIf` for the allocations after a call's first: when it raises (MemoryError from
 * the runtime allocator), it first releases the arrays the call already holds, which no
 * variable owns yet. Pass it to `allocArray`, or as the `raiseIf` of a LowerCtx given to
 * `copyArray` (see `withHeld`).
 */
export function raiseFreeing(l: LowerCtx, held: Held[]): (cond: string, exc: string, msg: string | null) => void {
  if (held.length === 0) return l.raiseIf.bind(l);
  const list = [...held];
  return (cond, exc, msg) => {
    if (cond === "false") return;
    const f = l.f, bad = f.label("allocfail"), ok = f.label("allocok");
    f.emit(`br i1 ${cond}, label %${bad}, label %${ok}`);
    f.start(bad);
    for (const h of list) {
      if ("mi" in h) f.call("void", decrefHelperName(f), [`ptr ${h.mi}`]);
      else decref(f, h.t, h.v);
    }
    l.raise(exc, msg);
    f.emit("unreachable");
    f.start(ok);
  };
}

/** `l` with a raiseIf that releases `held` first (for helpers that allocate through `l`). */
export function withHeld(l: LowerCtx, held: Held[]): LowerCtx {
  return held.length === 0 ? l : { ...bindLowerCtx(l), raiseIf: raiseFreeing(l, held) };
}

/**
 * `a < b` with NaN after every number (NumPy's sort order). Complex numbers compare
 * lexicographically (real part, then imaginary part), NumPy's order with NaNs last:
 * `R + Rj < R + nanj < nan + Rj < nan + nanj`, ties within a class by the non-NaN part
 * (the comparison of NumPy's npysort `CDOUBLE_LT`).
 */
function ltText(t: Type, a: string, b: string, out: string): string[] {
  const ty = llvmType(t);
  if (isComplex(t)) {
    const pt = llvmType(t.part);
    return [
      `  ${out}.ar = extractvalue ${ty} ${a}, 0`, `  ${out}.ai = extractvalue ${ty} ${a}, 1`,
      `  ${out}.br = extractvalue ${ty} ${b}, 0`, `  ${out}.bi = extractvalue ${ty} ${b}, 1`,
      `  ${out}.aio = fcmp ord ${pt} ${out}.ai, ${out}.ai`, `  ${out}.bin = fcmp uno ${pt} ${out}.bi, ${out}.bi`,
      `  ${out}.brn = fcmp uno ${pt} ${out}.br, ${out}.br`, `  ${out}.arn = fcmp uno ${pt} ${out}.ar, ${out}.ar`,
      // a.real < b.real: a.imag is a number or b.imag is NaN
      `  ${out}.rlt = fcmp olt ${pt} ${out}.ar, ${out}.br`,
      `  ${out}.c1 = or i1 ${out}.aio, ${out}.bin`,
      // a.real > b.real: b.imag is NaN and a.imag is not
      `  ${out}.rgt = fcmp ogt ${pt} ${out}.ar, ${out}.br`,
      `  ${out}.c2 = and i1 ${out}.bin, ${out}.aio`,
      // equal reals (or both NaN): by the imaginary parts, NaN last
      `  ${out}.req = fcmp oeq ${pt} ${out}.ar, ${out}.br`,
      `  ${out}.rnn = and i1 ${out}.arn, ${out}.brn`,
      `  ${out}.rsame = or i1 ${out}.req, ${out}.rnn`,
      `  ${out}.ilt = fcmp olt ${pt} ${out}.ai, ${out}.bi`,
      `  ${out}.c3 = or i1 ${out}.ilt, ${out}.c2`,
      // otherwise exactly one real part is NaN: a < b when it is b's
      `  ${out}.s3 = select i1 ${out}.rsame, i1 ${out}.c3, i1 ${out}.brn`,
      `  ${out}.s2 = select i1 ${out}.rgt, i1 ${out}.c2, i1 ${out}.s3`,
      `  ${out} = select i1 ${out}.rlt, i1 ${out}.c1, i1 ${out}.s2`,
    ];
  }
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
 * The sort helper for element type `t` (the introsort; the heap sort it falls back on is
 * built here too); `indirect`: sorts an i64 index array by `keys[index]` (argsort).
 * Signature: `void @name(ptr a, ptr keys, i64 n)`.
 */
export function sortHelper(f: FnText, t: Type, indirect: boolean): string {
  const mt = memType(t);
  const et = indirect ? "i64" : mt;
  const sfx = `${indirect ? "arg" : ""}${t.key}`;
  // the sort key of an element: itself (a copy under the key's name; aggregates cannot be
  // bitcast), or for argsort the value its index points at
  const key = (x: string, name: string): string[] => {
    if (indirect) return [`  ${name}.p = getelementptr ${mt}, ptr %keys, i64 ${x}`, `  ${name} = load ${mt}, ptr ${name}.p`];
    if (!isComplex(t)) return [`  ${name} = bitcast ${mt} ${x} to ${mt}`];
    const pt = llvmType(t.part);
    return [`  ${name}.re = extractvalue ${mt} ${x}, 0`, `  ${name} = insertvalue ${mt} ${x}, ${pt} ${name}.re, 0`];
  };
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
  const heap = f.m.helper(`nj.sort.${sfx}`, () => [
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
  return introsortHelper(f, sfx, et, heap, (x, name) => key(x, name), ltv);
}

/**
 * The introsort of `sortHelper` (NumPy's quicksort): median-of-three quicksort with
 * sentinels, insertion sort below 17 elements, the heap sort `heap` for a range once the
 * depth reaches 2 log2(n), recursing into the smaller part and looping on the larger.
 * `key`/`ltv` write the key of an element and the comparison, as for the heap sort.
 * Signature: `void @nj.qsort.<sfx>(ptr a, ptr keys, i64 n)`.
 */
function introsortHelper(f: FnText, sfx: string, et: string, heap: string,
  key: (x: string, name: string) => string[],
  ltv: (a: string, b: string, ia: string, ib: string, out: string) => string[]): string {
  // `out` = element x sorts before element y
  const lt = (x: string, y: string, out: string): string[] =>
    [...key(x, `${out}.kx`), ...key(y, `${out}.ky`), ...ltv(`${out}.kx`, `${out}.ky`, x, y, out)];
  const at = (i: string, name: string): string[] =>
    [`  ${name}.p = getelementptr ${et}, ptr %a, i64 ${i}`, `  ${name} = load ${et}, ptr ${name}.p`];
  // if a[p] < a[q], swap them (so that afterwards a[q] <= a[p])
  const cswap = (p: string, q: string, n: string): string[] => [
    ...at(p, `%${n}x`), ...at(q, `%${n}y`), ...lt(`%${n}x`, `%${n}y`, `%${n}c`),
    `  %${n}q = select i1 %${n}c, ${et} %${n}x, ${et} %${n}y`,
    `  %${n}pv = select i1 %${n}c, ${et} %${n}y, ${et} %${n}x`,
    `  store ${et} %${n}q, ptr %${n}y.p`, `  store ${et} %${n}pv, ptr %${n}x.p`,
  ];
  const isort = f.m.helper(`nj.isort.${sfx}`, () => [
    `define internal void @nj.isort.${sfx}(ptr %a, ptr %keys, i64 %lo0, i64 %hi0, i64 %d0) #0 {`,
    "entry:",
    "  br label %top",
    "top:",
    "  %lo = phi i64 [%lo0, %entry], [%nlo, %pend]",
    "  %hi = phi i64 [%hi0, %entry], [%nhi, %pend]",
    "  %d = phi i64 [%d0, %entry], [%d1, %pend]",
    "  %n = sub i64 %hi, %lo",
    "  %small = icmp sle i64 %n, 16",
    "  br i1 %small, label %ins, label %big",
    "big:",
    "  %deep = icmp eq i64 %d, 0",
    "  br i1 %deep, label %heap, label %part",
    "heap:",
    `  %hp = getelementptr ${et}, ptr %a, i64 %lo`,
    `  call void ${heap}(ptr %hp, ptr %keys, i64 %n)`,
    "  ret void",
    "part:",
    "  %d1 = sub i64 %d, 1",
    "  %half = lshr i64 %n, 1",
    "  %mid = add i64 %lo, %half",
    "  %last = sub i64 %hi, 1",
    // a[lo] <= a[mid] <= a[last]
    ...cswap("%mid", "%lo", "m1"), ...cswap("%last", "%mid", "m2"), ...cswap("%mid", "%lo", "m3"),
    // the pivot goes to a[last - 1]; a[lo] and a[last] are the scans' sentinels
    "  %pk = sub i64 %last, 1",
    ...at("%mid", "%vp"), ...at("%pk", "%vk"),
    "  store " + et + " %vk, ptr %vp.p",
    "  store " + et + " %vp, ptr %vk.p",
    "  br label %ploop",
    "ploop:",
    "  %pi = phi i64 [%lo, %part], [%i2, %pswap]",
    "  %pj = phi i64 [%pk, %part], [%j2, %pswap]",
    "  br label %iscan",
    "iscan:",
    "  %is = phi i64 [%pi, %ploop], [%i2, %iscan]",
    "  %i2 = add i64 %is, 1",
    ...at("%i2", "%xi"), ...lt("%xi", "%vp", "%ci"),
    "  br i1 %ci, label %iscan, label %jscan0",
    "jscan0:",
    "  br label %jscan",
    "jscan:",
    "  %js = phi i64 [%pj, %jscan0], [%j2, %jscan]",
    "  %j2 = sub i64 %js, 1",
    ...at("%j2", "%xj"), ...lt("%vp", "%xj", "%cj"),
    "  br i1 %cj, label %jscan, label %pchk",
    "pchk:",
    "  %cross = icmp sge i64 %i2, %j2",
    "  br i1 %cross, label %pdone, label %pswap",
    "pswap:",
    `  store ${et} %xj, ptr %xi.p`,
    `  store ${et} %xi, ptr %xj.p`,
    "  br label %ploop",
    "pdone:",
    // the pivot to its place i2; sort the smaller side by recursion, the larger by looping
    `  %pkp = getelementptr ${et}, ptr %a, i64 %pk`,
    `  store ${et} %vp, ptr %xi.p`,
    `  store ${et} %xi, ptr %pkp`,
    "  %i3 = add i64 %i2, 1",
    "  %ln = sub i64 %i2, %lo",
    "  %rn = sub i64 %hi, %i3",
    "  %lsm = icmp slt i64 %ln, %rn",
    "  %rlo = select i1 %lsm, i64 %lo, i64 %i3",
    "  %rhi = select i1 %lsm, i64 %i2, i64 %hi",
    `  call void @nj.isort.${sfx}(ptr %a, ptr %keys, i64 %rlo, i64 %rhi, i64 %d1)`,
    "  %nlo = select i1 %lsm, i64 %i3, i64 %lo",
    "  %nhi = select i1 %lsm, i64 %hi, i64 %i2",
    "  br label %pend",
    "pend:",
    "  br label %top",
    "ins:",
    "  %is0 = add i64 %lo, 1",
    "  br label %iouter",
    "iouter:",
    "  %ii = phi i64 [%is0, %ins], [%ii1, %iplace]",
    "  %imore = icmp slt i64 %ii, %hi",
    "  br i1 %imore, label %ibody, label %idone",
    "ibody:",
    ...at("%ii", "%iv"),
    "  br label %iinner",
    "iinner:",
    "  %jj = phi i64 [%ii, %ibody], [%jm, %ishift]",
    "  %jgt = icmp sgt i64 %jj, %lo",
    "  br i1 %jgt, label %icmp, label %iplace",
    "icmp:",
    "  %jm = sub i64 %jj, 1",
    ...at("%jm", "%iw"), ...lt("%iv", "%iw", "%ilt"),
    "  br i1 %ilt, label %ishift, label %iplace",
    "ishift:",
    `  %pjj = getelementptr ${et}, ptr %a, i64 %jj`,
    `  store ${et} %iw, ptr %pjj`,
    "  br label %iinner",
    "iplace:",
    `  %pjf = getelementptr ${et}, ptr %a, i64 %jj`,
    `  store ${et} %iv, ptr %pjf`,
    "  %ii1 = add i64 %ii, 1",
    "  br label %iouter",
    "idone:",
    "  ret void",
    "}",
  ].join("\n"));
  f.m.declare("llvm.ctlz.i64", "declare i64 @llvm.ctlz.i64(i64, i1)");
  return f.m.helper(`nj.qsort.${sfx}`, () => [
    `define internal void @nj.qsort.${sfx}(ptr %a, ptr %keys, i64 %n) #0 {`,
    "entry:",
    // depth limit 2 floor(log2(n))
    "  %n1 = or i64 %n, 1",
    "  %lz = call i64 @llvm.ctlz.i64(i64 %n1, i1 true)",
    "  %lg = sub i64 63, %lz",
    "  %depth = shl i64 %lg, 1",
    `  call void ${isort}(ptr %a, ptr %keys, i64 0, i64 %n, i64 %depth)`,
    "  ret void",
    "}",
  ].join("\n"));
}

function sortable(c: { name: string; span: Span }, a: Type): ArrayType {
  if (a.tag !== "array") throw typingError(`${c.name}() needs an array.`, c.span);
  if (a.ndim === 0) throw typingError(`${c.name}() of a 0-dimensional array: axis -1 is out of bounds for array of dimension 0.`, c.span);
  return a;
}

/**
 * The `axis` argument of a sort (positional after the array, or keyword); `kind=` is
 * accepted and ignored (every kind gives the same order for numbers, NaN last). Returns
 * the axis type (null: the default -1; none: axis=None) and the keywords lowered.
 */
function sortAxis(c: TypeCtx, allowNone: boolean): { axis: Type | null; kwargs: string[] } {
  for (const k of c.kwargs) {
    if (k.name === "axis" || k.name === "kind") continue;
    throw typingError(`${c.name}() got an unexpected keyword argument '${k.name}' in jitted code (axis= and kind= are supported).`, c.span);
  }
  if (c.args.length > 3) throw typingError(`${c.name}() takes an array, an axis and a kind in jitted code.`, c.span);
  if (c.args.length > 2 && c.args[2] !== unicode) throw typingError(`${c.name}(): kind must be a string.`, c.span);
  const kw = c.kwargs.find((k) => k.name === "axis");
  if (kw !== undefined && c.args.length > 1) throw typingError(`${c.name}() got multiple values for argument 'axis'.`, c.span);
  const axis = kw?.type ?? c.args[1] ?? null;
  if (axis !== null && axis !== none && !isInt(axis)) throw typingError(`${c.name}(): axis must be an integer${allowNone ? " or None" : ""}, not ${axis.key}.`, c.span);
  if (axis === none && !allowNone) throw typingError(`${c.name}(axis=None) is not supported (NumPy's in-place sort needs an integer axis); use np.sort(a, axis=None).`, c.span);
  return { axis, kwargs: kw !== undefined ? ["axis"] : [] };
}

/** The lowered argument types: the array, the positional axis and kind, a keyword axis. */
function sortArgTypes(c: TypeCtx, a: ArrayType, axis: Type | null): Type[] {
  const out: Type[] = [a];
  const kwAxis = c.kwargs.some((k) => k.name === "axis");
  if (c.args.length > 1) out.push(axis === none ? none : int64);
  if (c.args.length > 2) out.push(unicode);
  if (kwAxis) out.push(axis === none ? none : int64);
  return out;
}

/** The run-time axis (wrapped; out of range raises NumPy's ValueError). */
function axisValue(l: LowerCtx, c: TypeCtx, a: ArrayType, axis: Type | null): string {
  if (axis === null) return String(a.ndim - 1);
  const kwAxis = c.kwargs.some((k) => k.name === "axis");
  return normaliseAxis(l.f, kwAxis ? l.args[l.args.length - 1] : l.args[1], a.ndim, l.raiseIf.bind(l));
}

interface Operand { t: ArrayType; v: string }

/**
 * Visits the 1-D lanes along the run-time axis `ax` of arrays of one shape (the first
 * operand's), all at the same position: `body(bases, n, strides)` gets each operand's
 * first lane element and byte stride. The other dimensions are walked in C order.
 */
function forEachLane(l: LowerCtx, ops: Operand[], ax: string,
  body: (bases: string[], n: string, strides: string[]) => void): void {
  const f = l.f, nd = ops[0].t.ndim;
  const pick = (vals: string[], k: string): string => {
    let r = vals[0];
    for (let d = 1; d < nd; d++) r = f.op(`select i1 ${f.op(`icmp eq i64 ${k}, ${d}`)}, i64 ${vals[d]}, i64 ${r}`);
    return r;
  };
  const shape = Array.from({ length: nd }, (_, d) => shapeAt(f, ops[0].t, ops[0].v, d));
  const strides = ops.map((o) => Array.from({ length: nd }, (_, d) => strideAt(f, o.t, o.v, d)));
  // dimension d < nd-1 of the walk is dimension (d < ax ? d : d + 1) of the arrays
  const srcs = Array.from({ length: nd - 1 }, (_, d) => f.op(`select i1 ${f.op(`icmp slt i64 ${d}, ${ax}`)}, i64 ${d}, i64 ${d + 1}`));
  const n = pick(shape, ax);
  const laneSt = strides.map((st) => pick(st, ax));
  const nest = (d: number, bases: string[]): void => {
    if (d === nd - 1) { body(bases, n, laneSt); return; }
    const ext = pick(shape, srcs[d]);
    const sts = strides.map((st) => pick(st, srcs[d]));
    countedLoop(f, ext, [], (i) => {
      nest(d + 1, bases.map((b, k) => f.op(`getelementptr i8, ptr ${b}, i64 ${f.op(`mul i64 ${i}, ${sts[k]}`)}`)));
      return [];
    });
  };
  nest(0, ops.map((o) => field(f, o.t, o.v, F_DATA)));
}

/** Copies a lane into the contiguous buffer `buf` (or back, `toLane`). */
function laneCopy(f: FnText, t: Type, base: string, n: string, stride: string, buf: string, toLane: boolean): void {
  const mt = memType(t);
  countedLoop(f, n, [], (i) => {
    const p = f.op(`getelementptr i8, ptr ${base}, i64 ${f.op(`mul i64 ${i}, ${stride}`)}`);
    const q = f.op(`getelementptr ${mt}, ptr ${buf}, i64 ${i}`);
    if (toLane) f.emit(`store ${mt} ${f.op(`load ${mt}, ptr ${q}`)}, ptr ${p}`);
    else f.emit(`store ${mt} ${f.op(`load ${mt}, ptr ${p}`)}, ptr ${q}`);
    return [];
  });
}

/** The extent of `v` along the run-time axis `ax`. */
function extentAt(f: FnText, a: ArrayType, v: string, ax: string): string {
  let r = shapeAt(f, a, v, 0);
  for (let d = 1; d < a.ndim; d++) r = f.op(`select i1 ${f.op(`icmp eq i64 ${ax}, ${d}`)}, i64 ${shapeAt(f, a, v, d)}, i64 ${r}`);
  return r;
}

/** Sorts every lane of `v` along `ax` in place (unit-stride lanes directly, others through
 *  a buffer; `held`: arrays to release if allocating it fails). */
function sortLanes(l: LowerCtx, a: ArrayType, v: string, ax: string, held: Held[]): void {
  const f = l.f;
  const bt = arrayOf(a.dtype, 1, "C");
  const buf = allocArray(f, bt, [extentAt(f, a, v, ax)], raiseFreeing(l, held));
  const bd = field(f, bt, buf, F_DATA);
  const sort = sortHelper(f, a.dtype, false);
  forEachLane(l, [{ t: a, v }], ax, ([base], n, [st]) => {
    const direct = f.label("sdirect"), viaBuf = f.label("sbuf"), join = f.label("sjoin");
    f.emit(`br i1 ${f.op(`icmp eq i64 ${st}, ${itemSize(a.dtype)}`)}, label %${direct}, label %${viaBuf}`);
    f.start(direct);
    f.call("void", sort, [`ptr ${base}`, "ptr null", `i64 ${n}`]);
    f.emit(`br label %${join}`);
    f.start(viaBuf);
    laneCopy(f, a.dtype, base, n, st, bd, false);
    f.call("void", sort, [`ptr ${bd}`, "ptr null", `i64 ${n}`]);
    laneCopy(f, a.dtype, base, n, st, bd, true);
    f.emit(`br label %${join}`);
    f.start(join);
  });
  decref(f, bt, buf);
}

/** A C-contiguous array's elements as a 1-D array sharing its block (the caller's reference moves to it). */
function flatView(f: FnText, ct: ArrayType, v: string): string {
  const rt = arrayOf(ct.dtype, 1, "C");
  const n = field(f, ct, v, F_NITEMS);
  return makeArray(f, rt, field(f, ct, v, F_MEMINFO), field(f, ct, v, F_PARENT), n, field(f, ct, v, F_DATA),
    [n], [String(itemSize(ct.dtype))]);
}

// np.sort(a, axis=-1, kind=None) -> a sorted copy; axis=None sorts the flattened array
register("numpy.sort", (c) => {
  const a = sortable(c, c.args[0]);
  const { axis, kwargs } = sortAxis(c, true);
  const flat = axis === none || a.ndim === 1;
  const ret = arrayOf(a.dtype, flat ? 1 : a.ndim, "C");
  const ct = arrayOf(a.dtype, a.ndim, "C");
  return {
    name: c.name, args: sortArgTypes(c, a, axis), ret, owned: true, kwargs,
    lower: (l) => {
      const ax = axis === none ? "0" : axisValue(l, c, a, axis);
      const cp = copyArray(l, a, l.args[0], a.dtype);
      if (!flat) { sortLanes(l, ct, cp, ax, [{ t: ct, v: cp }]); return cp; }
      const fv = flatView(l.f, ct, cp);
      sortLanes(l, ret, fv, "0", [{ t: ret, v: fv }]);
      return fv;
    },
  };
});

// a.sort(axis=-1, kind=None) -> None, sorts in place along the axis
register("array.sort", (c) => {
  const a = sortable(c, c.args[0]);
  if (a.readonly) throw typingError("cannot sort a read-only array in place.", c.span);
  const { axis, kwargs } = sortAxis(c, false);
  return {
    name: c.name, args: sortArgTypes(c, a, axis), ret: none, kwargs,
    lower: (l) => { sortLanes(l, a, l.args[0], axisValue(l, c, a, axis), []); return "0"; },
  };
});

// np.argsort(a, axis=-1, kind=None) / a.argsort(...) -> int64 indices that sort each lane;
// axis=None: of the flattened array
const argsortB: Builtin = (c) => {
  const a = sortable(c, c.args[0]);
  const { axis, kwargs } = sortAxis(c, true);
  const flat = axis === none && a.ndim > 1;
  const ret = arrayOf(int64, flat ? 1 : a.ndim, "C");
  return {
    name: c.name, args: sortArgTypes(c, a, axis), ret, owned: true, kwargs,
    lower: (l) => {
      const f = l.f;
      const ct = arrayOf(a.dtype, a.ndim, "C");
      let src: Operand = { t: a, v: l.args[0] };
      let tmp: string | null = null;
      let ax = "0";
      if (flat) {
        tmp = copyArray(l, a, l.args[0], a.dtype);
        src = { t: arrayOf(a.dtype, 1, "C"), v: flatView(f, ct, tmp) };
      } else if (axis !== none) {
        ax = axisValue(l, c, a, axis);
      }
      // a failing allocation releases the ones before it
      const held: Held[] = tmp !== null ? [src] : [];
      const shape = Array.from({ length: src.t.ndim }, (_, d) => shapeAt(f, src.t, src.v, d));
      const out = allocArray(f, ret, shape, raiseFreeing(l, held));
      held.push({ t: ret, v: out });
      const n0 = extentAt(f, src.t, src.v, ax);
      const kt = arrayOf(a.dtype, 1, "C"), it = arrayOf(int64, 1, "C");
      const keys = allocArray(f, kt, [n0], raiseFreeing(l, held));
      held.push({ t: kt, v: keys });
      const idx = allocArray(f, it, [n0], raiseFreeing(l, held));
      const kd = field(f, kt, keys, F_DATA), id = field(f, it, idx, F_DATA);
      const sort = sortHelper(f, a.dtype, true);
      forEachLane(l, [src, { t: ret, v: out }], ax, ([sb, ob], n, [ss, os]) => {
        laneCopy(f, a.dtype, sb, n, ss, kd, false);
        countedLoop(f, n, [], (i) => { f.emit(`store i64 ${i}, ptr ${f.op(`getelementptr i64, ptr ${id}, i64 ${i}`)}`); return []; });
        f.call("void", sort, [`ptr ${id}`, `ptr ${kd}`, `i64 ${n}`]);
        laneCopy(f, int64, ob, n, os, id, true);
      });
      decref(f, kt, keys);
      decref(f, it, idx);
      if (tmp !== null) decref(f, src.t, src.v);
      return out;
    },
  };
};
register("numpy.argsort", argsortB);
register("array.argsort", argsortB);

// np.searchsorted(a, v, side='left') -> int64 (v a number) or int64 array (v an array);
// side is 'left' or 'right' (a literal, or a run-time string checked as NumPy does)
register("numpy.searchsorted", (c) => {
  if (c.args.length < 2 || c.args.length > 3 || c.kwargs.some((k) => k.name !== "side")) {
    throw typingError("np.searchsorted() takes a sorted 1-D array, the values and side='left' or 'right' (sorter= is not supported).", c.span);
  }
  const a = sortable(c, c.args[0]);
  if (a.ndim !== 1) throw typingError("np.searchsorted() needs a 1-D sorted array.", c.span);
  const vt = c.args[1];
  const sideKw = c.kwargs.find((k) => k.name === "side");
  if (sideKw !== undefined && c.args.length > 2) throw typingError("np.searchsorted() got multiple values for argument 'side'.", c.span);
  const sideT = sideKw?.type ?? c.args[2] ?? null;
  const sideC = sideKw !== undefined ? sideKw.value : c.args.length > 2 ? c.consts[2] : null;
  if (sideT !== null && sideT !== unicode) throw typingError(`np.searchsorted(): side must be 'left' or 'right', not ${sideT.key}.`, c.span);
  let right: boolean | null = sideT === null ? false : null; // null: decided at run time
  if (sideT !== null && sideC != null && sideC.k === "str") {
    if (sideC.v !== "left" && sideC.v !== "right") throw typingError(`np.searchsorted(): side must be 'left' or 'right' (got '${sideC.v}').`, c.span);
    right = sideC.v === "right";
  }
  const extra: Type[] = sideT !== null ? [unicode] : [];
  const kwargs = sideKw !== undefined ? ["side"] : [];
  /** The run-time side: i1 true for 'right' (raises ValueError for anything else). */
  const sideFlag = (l: LowerCtx): string => {
    if (right !== null) return right ? "true" : "false";
    const s = l.args[2];
    const f = l.f;
    const eq = (lit: string): string => {
      f.m.declare("strcmp", "declare i32 @strcmp(ptr, ptr) #0");
      return f.op(`icmp eq i32 ${f.call("i32", "@strcmp", [`ptr ${s}`, `ptr ${f.m.cstring(lit)}`])}, 0`);
    };
    const isR = eq("right");
    l.raiseIf(f.op(`and i1 ${f.op(`xor i1 ${isR}, true`)}, ${f.op(`xor i1 ${eq("left")}, true`)}`), "ValueError", "side must be 'left' or 'right'");
    return isR;
  };
  const search = (l: LowerCtx, arr: string, x: string, xt: Type, isRight: string): string => {
    // side='left': first i with a[i] >= x; 'right': first i with a[i] > x (NaN sorts last)
    const f = l.f;
    const n = shapeAt(f, a, arr, 0);
    const t = a.dtype;
    const xv = l.cast(x, xt, t);
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
    // before(p, q): p sorts strictly before q
    const before = (p: string, q: string): string => {
      if (isComplex(t)) {
        // the sort's order (lexicographic, NumPy's NaN classes last)
        const out = f.tmp();
        for (const line of ltText(t, p, q, out)) f.emit(line.trimStart());
        return out;
      }
      if (!isFloat(t)) return l.cmp("lt", t, p, q);
      const ty = llvmType(t);
      const lt = f.op(`fcmp olt ${ty} ${p}, ${q}`);
      return f.op(`or i1 ${lt}, ${f.op(`and i1 ${f.op(`fcmp ord ${ty} ${p}, ${p}`)}, ${f.op(`fcmp uno ${ty} ${q}, ${q}`)}`)}`);
    };
    // left: go right while a[mid] < x; right: while not (x < a[mid])
    const goRight = isRight === "false" ? before(am, xv)
      : isRight === "true" ? f.op(`xor i1 ${before(xv, am)}, true`)
        : f.op(`select i1 ${isRight}, i1 ${f.op(`xor i1 ${before(xv, am)}, true`)}, i1 ${before(am, xv)}`);
    f.emit(`${lo2} = select i1 ${goRight}, i64 ${f.op(`add i64 ${mid}, 1`)}, i64 ${lo}`);
    f.emit(`${hi2} = select i1 ${goRight}, i64 ${hi}, i64 ${mid}`);
    f.emit(`br label %${head}`);
    f.start(exit);
    return lo;
  };
  if (vt.tag !== "array") {
    if (!isNumber(vt)) throw typingError(`np.searchsorted() needs numbers, not ${vt.key}.`, c.span);
    if (isComplex(vt) && !isComplex(a.dtype)) throw typingError("np.searchsorted() of complex values in a real array is not supported.", c.span);
    return { name: c.name, args: [a, vt, ...extra], ret: int64, kwargs, lower: (l) => search(l, l.args[0], l.args[1], vt, sideFlag(l)) };
  }
  if (isComplex(vt.dtype) && !isComplex(a.dtype)) throw typingError("np.searchsorted() of complex values in a real array is not supported.", c.span);
  const ret = arrayOf(int64, vt.ndim, "C");
  return {
    name: c.name, args: [a, vt, ...extra], ret, owned: true, kwargs,
    lower: (l) => {
      const f = l.f;
      const isRight = sideFlag(l);
      const shape = Array.from({ length: vt.ndim }, (_, d) => shapeAt(f, vt, l.args[1], d));
      const out = allocArray(f, ret, shape, l.raiseIf.bind(l));
      const od = field(f, ret, out, F_DATA);
      // C order over the values (the result is C)
      const nest = (d: number, idx: string[], k: string): string => {
        if (d === vt.ndim) {
          const r = search(l, l.args[0], loadElem(f, vt.dtype, elemPtr(f, { ...vt, layout: "A" } as ArrayType, l.args[1], idx)), vt.dtype, isRight);
          f.emit(`store i64 ${r}, ptr ${f.op(`getelementptr i64, ptr ${od}, i64 ${k}`)}`);
          return f.op(`add i64 ${k}, 1`);
        }
        return countedLoop(f, shape[d], [{ ty: "i64", init: k }], (i, [kk]) => [nest(d + 1, [...idx, i], kk)])[0];
      };
      nest(0, [], "0");
      return out;
    },
  };
});

export { maskGetitem, maskSetitem, takeGetitem } from "./fancy";
