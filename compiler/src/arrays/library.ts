/**
 * @fileoverview The NumPy library registry: `np.*` functions and array methods.
 *
 * In: at typing time, a call `np.zeros(shape, dtype=...)`, `a.sum()`, `len(a)`, ... with
 * its argument types (a `TypeCtx`, as every BUILTINS handler receives).
 * Out: `Impl`s registered into builtins.ts's `BUILTINS` (imported once by infer.ts for
 * this side effect). Creation functions allocate from the array runtime (`owned: true`:
 * the caller holds the only reference); reductions visit every element with
 * arrays/loops.ts. Each entry's Python signature is the comment above it.
 */
import { typingError } from "../diagnostics";
import { BUILTINS, type Builtin, type Impl, type LowerCtx, type TypeCtx } from "../builtins";
import { doubleConst } from "../llvm";
import {
  arrayOf, bool, complex128, complex64, float32, float64, int64, isComplex, isFloat, isInt, isNumber, llvmType,
  parseType, tupleOf, uint64, type ArrayType, type Type,
} from "../types";
import { transposeImpl } from "./access";
import {
  F_DATA, F_MEMINFO, F_NITEMS, allocArray, makeArray, elemPtr, field, isDtype, loadElem, memType, shapeAt, storeElem,
} from "./core";
import { countedLoop, forEachElement, pairwiseSumHelper } from "./loops";
import { parallelFlatLoop, parallelMemset } from "../parallel/arrays";
import { axisReduction } from "./methods";
import "./joining";
import "./sorting";

function register(name: string, b: Builtin): void { BUILTINS.set(name, b); }

// -- argument helpers --------------------------------------------------------------------

/** dtype arguments: `np.float32`, `float`, `int`, `bool`, `complex`. */
const DTYPES: Record<string, Type> = {
  float: float64, int: int64, bool, complex: complex128,
};
for (const t of [bool, int64, float32, float64, complex64, complex128, uint64]) DTYPES[`numpy.${t.key}`] = t;
for (const k of ["int8", "int16", "int32", "uint8", "uint16", "uint32"]) DTYPES[`numpy.${k}`] = parseType(k)!;
DTYPES["numpy.bool_"] = bool;
DTYPES["numpy.float_"] = float64;
DTYPES["numpy.double"] = float64;
DTYPES["numpy.intp"] = int64;

function dtypeOf(c: TypeCtx, t: Type): Type {
  if (t.tag === "opaque" && t.what.k === "builtin") {
    const d = DTYPES[t.what.name];
    if (d !== undefined) return d;
  }
  throw typingError(`${c.name}(): dtype must be a NumPy scalar type such as np.float64 or a builtin type (float, int, bool, complex), not ${t.key}.`, c.span);
}

function kwarg(c: TypeCtx, name: string): Type | null {
  return c.kwargs.find((k) => k.name === name)?.type ?? null;
}
function onlyKwargs(c: TypeCtx, names: string[]): void {
  for (const k of c.kwargs) {
    if (!names.includes(k.name)) throw typingError(`${c.name}() does not take the keyword argument '${k.name}' in jitted code.`, c.span);
  }
}

/** A shape argument: an integer or a tuple of integers. Returns ndim and the int64 type to cast to. */
function shapeArg(c: TypeCtx, t: Type): { ndim: number; as: Type } {
  if (isInt(t)) return { ndim: 1, as: int64 };
  if (t.tag === "tuple" && t.items.every(isInt)) return { ndim: t.items.length, as: tupleOf(t.items.map(() => int64)) };
  throw typingError(`${c.name}() needs a shape that is an integer or a tuple of integers, not ${t.key}.`, c.span);
}
function shapeValues(l: LowerCtx, v: string, ndim: number, scalar: boolean): string[] {
  if (scalar) return [v];
  return Array.from({ length: ndim }, (_, d) => l.f.op(`extractvalue [${ndim} x i64] ${v}, ${d}`));
}

function arrayArg(c: TypeCtx, i: number): ArrayType {
  const t = c.args[i];
  if (t === undefined || t.tag !== "array") throw typingError(`${c.name}() needs an array as argument ${i + 1}, not ${t?.key ?? "nothing"}.`, c.span);
  return t;
}

const zeroText = (t: Type): string => (isFloat(t) ? "0.0" : isComplex(t) ? "zeroinitializer" : t === bool ? "false" : "0");
const oneText = (t: Type): string => {
  if (isFloat(t)) return "1.0";
  if (isComplex(t)) return `{${llvmType(t.part)} 1.0, ${llvmType(t.part)} 0.0}`;
  return t === bool ? "true" : "1";
};

/** Stores `value` into every element of the array `v` (flat when it is contiguous). */
function fillAll(l: LowerCtx, a: ArrayType, v: string, value: string): void {
  const serial = (): void => { forEachElement(l.f, a, v, [], (p) => { storeElem(l.f, a.dtype, p, value); return []; }); };
  if (a.layout !== "A") {
    // parallel=True: on the pool above a size (parallel/arrays.ts)
    const data = field(l.f, a, v, F_DATA), n = field(l.f, a, v, F_NITEMS);
    const elem = (lc: LowerCtx, i: string): void => storeElem(lc.f, a.dtype, lc.f.op(`getelementptr ${memType(a.dtype)}, ptr ${data}, i64 ${i}`), value);
    if (parallelFlatLoop(l, n, [{ v: data, ty: "ptr" }, { v: value, ty: llvmType(a.dtype) }], elem, serial)) return;
  }
  serial();
}

// -- creation ----------------------------------------------------------------------------

function creation(fill: "none" | "zero" | "one"): Builtin {
  // np.empty/zeros/ones(shape, dtype=float64) -> array
  return (c) => {
    onlyKwargs(c, ["dtype"]);
    if (c.args.length < 1 || c.args.length > 2) throw typingError(`${c.name}() takes a shape and an optional dtype.`, c.span);
    const dt = c.args.length === 2 ? c.args[1] : kwarg(c, "dtype");
    const dtype = dt === null ? float64 : dtypeOf(c, dt);
    const { ndim, as } = shapeArg(c, c.args[0]);
    const ret = arrayOf(dtype, ndim, "C");
    return {
      name: c.name, args: c.args.length === 2 ? [as, c.args[1]] : [as], ret, owned: true,
      lower: (l) => {
        const arr = allocArray(l.f, ret, shapeValues(l, l.args[0], ndim, as.tag !== "tuple"), l.raiseIf.bind(l));
        if (fill === "one") fillAll(l, ret, arr, oneText(dtype));
        if (fill === "zero") zeroFill(l, ret, arr);
        return arr;
      },
    };
  };
}
register("numpy.empty", creation("none"));
register("numpy.zeros", creation("zero"));
register("numpy.ones", creation("one"));

function zeroFill(l: LowerCtx, a: ArrayType, v: string): void {
  l.m.declare("llvm.memset.p0.i64", "declare void @llvm.memset.p0.i64(ptr, i8, i64, i1)");
  const n = l.f.op(`mul i64 ${field(l.f, a, v, F_NITEMS)}, ${memBytes(a.dtype)}`);
  const data = field(l.f, a, v, F_DATA);
  const serial = (): void => { l.f.call("void", "@llvm.memset.p0.i64", [`ptr ${data}`, "i8 0", `i64 ${n}`, "i1 false"]); };
  // parallel=True: byte ranges on the pool from 1 MiB (parallel/arrays.ts)
  if (!parallelMemset(l, data, n, serial)) serial();
}
function memBytes(t: Type): number { return t === bool ? 1 : (t as { bits: number }).bits / 8; }

/** The dtype NumPy gives `np.full(shape, value)` without dtype=. */
function valueDtype(t: Type): Type {
  if (t === bool) return bool;
  if (isInt(t)) return t.bits === 64 ? t : int64;
  if (isFloat(t)) return t;
  if (isComplex(t)) return t;
  return float64;
}

// np.full(shape, fill_value, dtype=None) -> array
register("numpy.full", (c) => {
  onlyKwargs(c, ["dtype"]);
  if (c.args.length < 2 || c.args.length > 3) throw typingError("np.full() takes a shape, a fill value and an optional dtype.", c.span);
  if (!isNumber(c.args[1])) throw typingError(`np.full() needs a number as fill value, not ${c.args[1].key}.`, c.span);
  const dt = c.args.length === 3 ? c.args[2] : kwarg(c, "dtype");
  const dtype = dt === null ? valueDtype(c.args[1]) : dtypeOf(c, dt);
  const { ndim, as } = shapeArg(c, c.args[0]);
  const ret = arrayOf(dtype, ndim, "C");
  return {
    name: c.name, args: c.args.length === 3 ? [as, dtype, c.args[2]] : [as, dtype], ret, owned: true,
    lower: (l) => {
      const arr = allocArray(l.f, ret, shapeValues(l, l.args[0], ndim, as.tag !== "tuple"), l.raiseIf.bind(l));
      fillAll(l, ret, arr, l.args[1]);
      return arr;
    },
  };
});

function creationLike(fill: "none" | "zero" | "one" | "full"): Builtin {
  // np.empty_like/zeros_like/ones_like(a, dtype=None), np.full_like(a, fill_value, dtype=None) -> array
  return (c) => {
    onlyKwargs(c, ["dtype"]);
    const a = arrayArg(c, 0);
    const nfixed = fill === "full" ? 2 : 1;
    if (c.args.length < nfixed || c.args.length > nfixed + 1) throw typingError(`${c.name}() takes ${fill === "full" ? "an array, a fill value" : "an array"} and an optional dtype.`, c.span);
    const dt = c.args.length > nfixed ? c.args[nfixed] : kwarg(c, "dtype");
    const dtype = dt === null ? a.dtype : dtypeOf(c, dt);
    const ret = arrayOf(dtype, a.ndim, "C");
    const args: Type[] = [a];
    if (fill === "full") {
      if (!isNumber(c.args[1])) throw typingError(`np.full_like() needs a number as fill value, not ${c.args[1].key}.`, c.span);
      args.push(dtype);
    }
    if (c.args.length > nfixed) args.push(c.args[nfixed]);
    return {
      name: c.name, args, ret, owned: true,
      lower: (l) => {
        const shape = Array.from({ length: a.ndim }, (_, d) => shapeAt(l.f, a, l.args[0], d));
        const arr = allocArray(l.f, ret, shape, l.raiseIf.bind(l));
        if (fill === "one") fillAll(l, ret, arr, oneText(dtype));
        if (fill === "zero") zeroFill(l, ret, arr);
        if (fill === "full") fillAll(l, ret, arr, l.args[1]);
        return arr;
      },
    };
  };
}
register("numpy.empty_like", creationLike("none"));
register("numpy.zeros_like", creationLike("zero"));
register("numpy.ones_like", creationLike("one"));
register("numpy.full_like", creationLike("full"));

// np.arange(stop), np.arange(start, stop[, step]) -> 1-D array (int64 for integers, else float64)
register("numpy.arange", (c) => {
  onlyKwargs(c, []);
  if (c.args.length < 1 || c.args.length > 3) throw typingError("np.arange() takes 1 to 3 numbers.", c.span);
  if (!c.args.every((t) => isInt(t) || isFloat(t) || t === bool)) throw typingError(`np.arange() takes integers or floats, not (${c.args.map((t) => t.key).join(", ")}).`, c.span);
  const dtype = c.args.some(isFloat) ? float64 : int64;
  const ret = arrayOf(dtype, 1, "C");
  return {
    name: c.name, args: c.args.map(() => dtype), ret, owned: true,
    lower: (l) => {
      const f = l.f, ty = llvmType(dtype);
      const zero = dtype === int64 ? "0" : "0.0", one = dtype === int64 ? "1" : "1.0";
      const [start, stop, step] = l.args.length === 1 ? [zero, l.args[0], one] : [l.args[0], l.args[1], l.args[2] ?? one];
      let n: string;
      if (dtype === int64) {
        l.raiseIf(f.op(`icmp eq i64 ${step}, 0`), "ZeroDivisionError", "division by zero");
        // ceil((stop - start) / step), at least 0
        const d = f.op(`sub i64 ${stop}, ${start}`);
        const q = f.op(`sdiv i64 ${d}, ${step}`);
        const r = f.op(`srem i64 ${d}, ${step}`);
        const up = f.op(`and i1 ${f.op(`icmp ne i64 ${r}, 0`)}, ${f.op(`icmp eq i1 ${f.op(`icmp sgt i64 ${r}, 0`)}, ${f.op(`icmp sgt i64 ${step}, 0`)}`)}`);
        const q1 = f.op(`add i64 ${q}, ${f.op(`zext i1 ${up} to i64`)}`);
        n = f.op(`select i1 ${f.op(`icmp slt i64 ${q1}, 0`)}, i64 0, i64 ${q1}`);
      } else {
        l.raiseIf(f.op(`fcmp oeq double ${step}, 0.0`), "ZeroDivisionError", "division by zero");
        l.m.declare("llvm.ceil.f64", "declare double @llvm.ceil.f64(double)");
        const q = f.call("double", "@llvm.ceil.f64", [`double ${f.op(`fdiv double ${f.op(`fsub double ${stop}, ${start}`)}, ${step}`)}`]);
        const qi = f.op(`fptosi double ${q} to i64`);
        n = f.op(`select i1 ${f.op(`fcmp ogt double ${q}, 0.0`)}, i64 ${qi}, i64 0`);
      }
      const arr = allocArray(f, ret, [n], l.raiseIf.bind(l));
      const data = field(f, ret, arr, F_DATA);
      const elem = (lc: LowerCtx, i: string): void => {
        const g = lc.f;
        const x = dtype === int64 ? g.op(`add i64 ${start}, ${g.op(`mul i64 ${i}, ${step}`)}`)
          : g.op(`fadd double ${start}, ${g.op(`fmul double ${g.op(`sitofp i64 ${i} to double`)}, ${step}`)}`);
        g.emit(`store ${ty} ${x}, ptr ${g.op(`getelementptr ${ty}, ptr ${data}, i64 ${i}`)}`);
      };
      const serial = (): void => { countedLoop(f, n, [], (i) => { elem(l, i); return []; }); };
      // parallel=True: on the pool above a size (parallel/arrays.ts)
      if (!parallelFlatLoop(l, n, [{ v: data, ty: "ptr" }, { v: start, ty }, { v: step, ty }], elem, serial)) serial();
      return arr;
    },
  };
});

// np.linspace(start, stop, num=50) -> 1-D float64 array (endpoint included)
register("numpy.linspace", (c) => {
  onlyKwargs(c, ["num"]);
  const numKw = kwarg(c, "num");
  if (c.args.length < 2 || c.args.length > 3 || (numKw !== null && c.args.length === 3)) throw typingError("np.linspace() takes start, stop and num.", c.span);
  if (![c.args[0], c.args[1]].every((t) => isInt(t) || isFloat(t) || t === bool)) throw typingError("np.linspace() takes real start and stop values.", c.span);
  const ret = arrayOf(float64, 1, "C");
  const args: Type[] = [float64, float64];
  if (c.args.length === 3 || numKw !== null) args.push(int64);
  return {
    name: c.name, args, ret, owned: true, kwargs: numKw !== null ? ["num"] : [],
    lower: (l) => {
      const f = l.f;
      const [start, stop] = l.args;
      const n = l.args[2] ?? "50";
      l.raiseIf(f.op(`icmp slt i64 ${n}, 0`), "ValueError", "Number of samples, -1, must be non-negative.");
      const arr = allocArray(f, ret, [n], l.raiseIf.bind(l));
      const data = field(f, ret, arr, F_DATA);
      const div = f.op(`sitofp i64 ${f.op(`sub i64 ${n}, 1`)} to double`);
      const delta = f.op(`fsub double ${stop}, ${start}`);
      const step0 = f.op(`fdiv double ${delta}, ${div}`);
      const step = f.op(`select i1 ${f.op(`fcmp ogt double ${div}, 0.0`)}, double ${step0}, double 0.0`);
      countedLoop(f, n, [], (i) => {
        const x = f.op(`fadd double ${f.op(`fmul double ${f.op(`sitofp i64 ${i} to double`)}, ${step}`)}, ${start}`);
        f.emit(`store double ${x}, ptr ${f.op(`getelementptr double, ptr ${data}, i64 ${i}`)}`);
        return [];
      });
      // the last sample is exactly stop (n > 1)
      const last = f.label("last"), done = f.label("done");
      f.emit(`br i1 ${f.op(`icmp sgt i64 ${n}, 1`)}, label %${last}, label %${done}`);
      f.start(last);
      f.emit(`store double ${stop}, ptr ${f.op(`getelementptr double, ptr ${data}, i64 ${f.op(`sub i64 ${n}, 1`)}`)}`);
      f.emit(`br label %${done}`);
      f.start(done);
      return arr;
    },
  };
});

/** A new C-contiguous copy of `v` (any layout), converting elements to `to`. */
export function copyArray(l: LowerCtx, a: ArrayType, v: string, to: Type): string {
  const f = l.f;
  const ret = arrayOf(to, a.ndim, "C");
  const shape = Array.from({ length: a.ndim }, (_, d) => shapeAt(f, a, v, d));
  const out = allocArray(f, ret, shape, l.raiseIf.bind(l));
  const data = field(f, ret, out, F_DATA);
  if (a.layout === "C") {
    countedLoop(f, field(f, a, v, F_NITEMS), [], (i) => {
      const x = loadElem(f, a.dtype, f.op(`getelementptr ${memType(a.dtype)}, ptr ${field(f, a, v, F_DATA)}, i64 ${i}`));
      storeElem(f, to, f.op(`getelementptr ${memType(to)}, ptr ${data}, i64 ${i}`), l.cast(x, a.dtype, to));
      return [];
    });
    return out;
  }
  // any other layout: nested loops in C order, a running output index
  const nest = (d: number, idx: string[], k: string): string => {
    if (d === a.ndim) {
      const x = loadElem(f, a.dtype, elemPtr(f, { ...a, layout: "A" } as ArrayType, v, idx));
      storeElem(f, to, f.op(`getelementptr ${memType(to)}, ptr ${data}, i64 ${k}`), l.cast(x, a.dtype, to));
      return f.op(`add i64 ${k}, 1`);
    }
    return countedLoop(f, shape[d], [{ ty: "i64", init: k }], (i, [kk]) => [nest(d + 1, [...idx, i], kk)])[0];
  };
  nest(0, [], "0");
  return out;
}

// np.copy(a) / a.copy() -> a new C-contiguous array
const copyB: Builtin = (c) => {
  onlyKwargs(c, []);
  const a = arrayArg(c, 0);
  return { name: c.name, args: [a], ret: arrayOf(a.dtype, a.ndim, "C"), owned: true, lower: (l) => copyArray(l, a, l.args[0], a.dtype) };
};
register("numpy.copy", copyB);
register("array.copy", copyB);
register("array.flatten", (c) => {
  // a.flatten() -> a new 1-D copy in C order
  const a = arrayArg(c, 0);
  const ret = arrayOf(a.dtype, 1, "C");
  const cpT = arrayOf(a.dtype, a.ndim, "C");
  return {
    name: c.name, args: [a], ret, owned: true,
    lower: (l) => {
      const f = l.f;
      const cp = copyArray(l, a, l.args[0], a.dtype);
      const n = field(f, cpT, cp, F_NITEMS);
      return makeArray(f, ret, field(f, cpT, cp, F_MEMINFO), "null", n, field(f, cpT, cp, F_DATA), [n], [String(memBytes(a.dtype))]);
    },
  };
});

// a.astype(dtype) -> a new C-contiguous array of that dtype
register("array.astype", (c) => {
  onlyKwargs(c, []);
  const a = arrayArg(c, 0);
  if (c.args.length !== 2) throw typingError("astype() takes one dtype.", c.span);
  const to = dtypeOf(c, c.args[1]);
  return { name: c.name, args: [a, c.args[1]], ret: arrayOf(to, a.ndim, "C"), owned: true, lower: (l) => copyArray(l, a, l.args[0], to) };
});

// a.transpose() -> the view with axes reversed
register("array.transpose", (c) => {
  onlyKwargs(c, []);
  if (c.args.length !== 1) throw typingError("transpose() with an axes argument is not supported yet; use .T.", c.span);
  return transposeImpl(arrayArg(c, 0));
});

// a.fill(value) -> None
register("array.fill", (c) => {
  const a = arrayArg(c, 0);
  if (c.args.length !== 2 || !isNumber(c.args[1])) throw typingError("fill() takes one number.", c.span);
  if (a.readonly) throw typingError("cannot fill a read-only array.", c.span);
  return {
    name: c.name, args: [a, a.dtype], ret: (BUILTINS_NONE),
    lower: (l) => { fillAll(l, a, l.args[0], l.args[1]); return "0"; }, // parallel=True: on the pool above a size
  };
});
import { none as BUILTINS_NONE } from "../types";

// len(a) -> the first dimension; other arguments go to the builtin len
const oldLen = BUILTINS.get("len");
register("len", (c) => {
  if (c.args.length === 1 && c.args[0].tag === "array") {
    const a = c.args[0];
    if (a.ndim === 0) throw typingError("len() of a 0-dimensional array is not defined.", c.span);
    return { name: c.name, args: [a], ret: int64, lower: (l) => shapeAt(l.f, a, l.args[0], 0) };
  }
  if (oldLen === undefined) throw typingError("len() is not supported here.", c.span);
  return oldLen(c);
});

// -- reductions (whole array; axis= comes later) -----------------------------------------

/** NumPy's accumulator dtype for sum/prod: small ints widen to int64 (unsigned to uint64), bool to int64. */
function sumDtype(t: Type): Type {
  if (t === bool) return int64;
  if (isInt(t)) return t.signed ? int64 : uint64;
  return t;
}

type Reducer = (l: LowerCtx, a: ArrayType, v: string) => string;

function reduction(what: string, ret: (a: ArrayType) => Type, body: Reducer): Builtin {
  return (c) => {
    const a = arrayArg(c, 0);
    onlyKwargs(c, ["axis"]);
    const axisKw = kwarg(c, "axis");
    if (axisKw !== null || c.args.length > 1) {
      if (c.args.length > 2 || (axisKw !== null && c.args.length > 1)) throw typingError(`${c.name}() takes an array and an axis in jitted code.`, c.span);
      const axisT = axisKw ?? c.args[1];
      if (axisT !== BUILTINS_NONE) {
        if (a.ndim >= 2) return axisReduction(c, what, a, axisT, axisKw !== null);
        // a 1-D array reduced along its only axis gives the scalar
        if (!isInt(axisT)) throw typingError(`axis must be an integer, not ${axisT.key}.`, c.span);
        const r = ret(a);
        const args: Type[] = [a, int64];
        return { name: c.name, args, ret: r, kwargs: axisKw !== null ? ["axis"] : [], lower: (l) => body(l, a, l.args[0]) };
      }
    }
    if (!isDtype(a.dtype)) throw typingError(`${what} of ${a.key} is not supported.`, c.span);
    const r = ret(a);
    // `reduces` lets fuse.ts compute the reduction of an array expression without its array
    return { name: c.name, args: [a], ret: r, lower: (l) => body(l, a, l.args[0]), reduces: what } as Impl;
  };
}

function fold(op: "add" | "mul"): Reducer {
  return (l, a, v) => {
    const t = sumDtype(a.dtype);
    if (op === "add" && isFloat(t) && a.layout !== "A") return floatSum(l, a, v);
    const [acc] = forEachElement(l.f, a, v, [{ ty: llvmType(t), init: op === "add" ? zeroText(t) : oneText(t) }], (p, [s]) => {
      const x = l.cast(loadElem(l.f, a.dtype, p), a.dtype, t);
      return [withNumpyErrors(l, () => l.arith(op, t, s, x))];
    });
    return acc;
  };
}

/** Runs `f` with the numpy error model (array code never raises ZeroDivisionError). */
export function withNumpyErrors<T>(l: LowerCtx, fn: () => T): T {
  const obj = l as { errorModel: "python" | "numpy" };
  const saved = obj.errorModel;
  obj.errorModel = "numpy";
  try { return fn(); } finally { obj.errorModel = saved; }
}

function extreme(isMax: boolean): Reducer {
  // NaN propagates as in NumPy: once the running value is NaN it stays NaN
  return (l, a, v) => {
    const f = l.f;
    const n = field(f, a, v, F_NITEMS);
    l.raiseIf(f.op(`icmp eq i64 ${n}, 0`), "ValueError", `zero-size array to reduction operation ${isMax ? "maximum" : "minimum"} which has no identity`);
    if (isComplex(a.dtype)) throw new Error("complex min/max");
    const t = a.dtype;
    const first = loadElem(f, t, field(f, a, v, F_DATA));
    const [acc] = forEachElement(f, a, v, [{ ty: llvmType(t), init: first }], (p, [m]) => {
      const x = loadElem(f, t, p);
      if (isFloat(t)) {
        const sfx = t === float32 ? "f32" : "f64";
        const name = `llvm.${isMax ? "maximum" : "minimum"}.${sfx}`;
        l.m.declare(name, `declare ${llvmType(t)} @${name}(${llvmType(t)}, ${llvmType(t)})`);
        return [f.call(llvmType(t), `@${name}`, [`${llvmType(t)} ${m}`, `${llvmType(t)} ${x}`])];
      }
      const better = l.cmp(isMax ? "gt" : "lt", t, x, m);
      return [f.op(`select i1 ${better}, ${llvmType(t)} ${x}, ${llvmType(t)} ${m}`)];
    });
    return acc;
  };
}

function argExtreme(isMax: boolean): Reducer {
  // the first index of the extreme value; the first NaN wins for floats
  return (l, a, v) => {
    const f = l.f;
    const n = field(f, a, v, F_NITEMS);
    l.raiseIf(f.op(`icmp eq i64 ${n}, 0`), "ValueError", `attempt to get ${isMax ? "argmax" : "argmin"} of an empty sequence`);
    const t = a.dtype;
    const ty = llvmType(t);
    const cp = a.layout === "C" ? null : copyArray(l, a, v, t);
    const src = cp === null ? a : arrayOf(t, a.ndim, "C");
    const sv = cp ?? v;
    const data = field(f, src, sv, F_DATA);
    const first = loadElem(f, t, data);
    const [, bi] = countedLoop(f, n, [{ ty, init: first }, { ty: "i64", init: "0" }], (i, [m, k]) => {
      const x = loadElem(f, t, f.op(`getelementptr ${memType(t)}, ptr ${data}, i64 ${i}`));
      let better = l.cmp(isMax ? "gt" : "lt", t, x, m);
      if (isFloat(t)) {
        const xnan = f.op(`fcmp uno ${ty} ${x}, ${x}`), mnan = f.op(`fcmp uno ${ty} ${m}, ${m}`);
        better = f.op(`and i1 ${f.op(`or i1 ${better}, ${xnan}`)}, ${f.op(`xor i1 ${mnan}, true`)}`);
      }
      return [f.op(`select i1 ${better}, ${ty} ${x}, ${ty} ${m}`), f.op(`select i1 ${better}, i64 ${i}, i64 ${k}`)];
    });
    if (cp !== null) decrefArray(l, src, cp);
    return bi;
  };
}

import { decref } from "./core";
function decrefArray(l: LowerCtx, a: ArrayType, v: string): void { decref(l.f, a, v); }

const sumR = reduction("sum", (a) => sumDtype(a.dtype), fold("add"));
const prodR = reduction("prod", (a) => sumDtype(a.dtype), fold("mul"));
const minR = reduction("min", (a) => a.dtype, extreme(false));
const maxR = reduction("max", (a) => a.dtype, extreme(true));
/** np.sum of a contiguous float array: NumPy's pairwise summation, to the last bit. */
function floatSum(l: LowerCtx, a: ArrayType, v: string): string {
  const ty = llvmType(a.dtype) as "float" | "double";
  return l.f.call(ty, pairwiseSumHelper(l.f, ty), [`ptr ${field(l.f, a, v, F_DATA)}`, `i64 ${field(l.f, a, v, F_NITEMS)}`]);
}

const meanR = reduction("mean", (a) => (isFloat(a.dtype) || isComplex(a.dtype) ? a.dtype : float64), (l, a, v) => {
  const rt = isFloat(a.dtype) || isComplex(a.dtype) ? a.dtype : float64;
  if (isFloat(a.dtype) && a.layout !== "A") {
    return withNumpyErrors(l, () => l.arith("truediv", rt, floatSum(l, a, v), l.cast(field(l.f, a, v, F_NITEMS), int64, rt)));
  }
  const [acc] = forEachElement(l.f, a, v, [{ ty: llvmType(rt), init: zeroText(rt) }], (p, [s]) => {
    return [withNumpyErrors(l, () => l.arith("add", rt, s, l.cast(loadElem(l.f, a.dtype, p), a.dtype, rt)))];
  });
  const n = l.cast(field(l.f, a, v, F_NITEMS), int64, rt);
  return withNumpyErrors(l, () => l.arith("truediv", rt, acc, n));
});
function varianceR(sqrt: boolean): Reducer {
  return (l, a, v) => {
    const f = l.f;
    if (isComplex(a.dtype)) throw new Error("complex var");
    const rt = a.dtype === float32 ? float32 : float64;
    const ty = llvmType(rt);
    const mean = meanR({ name: "mean", args: [a], kwargs: [], consts: [], span: ZERO_SPAN }).lower({ ...l, args: [v], arith: l.arith.bind(l), cast: l.cast.bind(l), raiseIf: l.raiseIf.bind(l), cmp: l.cmp.bind(l) } as LowerCtx);
    const [acc] = forEachElement(f, a, v, [{ ty, init: "0.0" }], (p, [s]) => {
      const d = f.op(`fsub ${ty} ${l.cast(loadElem(f, a.dtype, p), a.dtype, rt)}, ${mean}`);
      return [f.op(`fadd ${ty} ${s}, ${f.op(`fmul ${ty} ${d}, ${d}`)}`)];
    });
    const n = l.cast(field(f, a, v, F_NITEMS), int64, rt);
    const r = f.op(`fdiv ${ty} ${acc}, ${n}`);
    if (!sqrt) return r;
    const name = `llvm.sqrt.${rt === float32 ? "f32" : "f64"}`;
    l.m.declare(name, `declare ${ty} @${name}(${ty})`);
    return f.call(ty, `@${name}`, [`${ty} ${r}`]);
  };
}
const ZERO_SPAN = { lineno: 1, col_offset: 0, end_lineno: 1, end_col_offset: 0 };
const varR = reduction("var", (a) => (a.dtype === float32 ? float32 : float64), varianceR(false));
const stdR = reduction("std", (a) => (a.dtype === float32 ? float32 : float64), varianceR(true));
const anyR = reduction("any", () => bool, (l, a, v) => forEachElement(l.f, a, v, [{ ty: "i1", init: "false" }], (p, [s]) => [l.f.op(`or i1 ${s}, ${l.truth(loadElem(l.f, a.dtype, p), a.dtype)}`)])[0]);
const allR = reduction("all", () => bool, (l, a, v) => forEachElement(l.f, a, v, [{ ty: "i1", init: "true" }], (p, [s]) => [l.f.op(`and i1 ${s}, ${l.truth(loadElem(l.f, a.dtype, p), a.dtype)}`)])[0]);
const argminR = reduction("argmin", () => int64, argExtreme(false));
const argmaxR = reduction("argmax", () => int64, argExtreme(true));

for (const [name, b] of [["sum", sumR], ["prod", prodR], ["min", minR], ["max", maxR], ["mean", meanR], ["var", varR],
  ["std", stdR], ["any", anyR], ["all", allR], ["argmin", argminR], ["argmax", argmaxR]] as [string, Builtin][]) {
  // np.<name>(a) and a.<name>() -> scalar
  register(`numpy.${name}`, b);
  register(`array.${name}`, b);
}
register("numpy.amin", minR);
register("numpy.amax", maxR);

// -- NumPy scalar types as conversion functions: np.float32(x), np.int64(x), ... ----------

for (const [name, t] of Object.entries(DTYPES)) {
  if (!name.startsWith("numpy.") || BUILTINS.has(name)) continue;
  // np.<type>(x: number) -> that scalar type
  register(name, (c) => {
    if (c.args.length !== 1 || !isNumber(c.args[0])) throw typingError(`${c.name}() takes one number in jitted code.`, c.span);
    const from = c.args[0];
    if (isComplex(from) && !isComplex(t)) throw typingError(`${c.name}() cannot convert a complex number.`, c.span);
    return { name: c.name, args: [from], ret: t, lower: (l) => l.cast(l.args[0], from, t) } as Impl;
  });
}

void elemPtr;
