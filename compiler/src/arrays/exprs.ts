/**
 * @fileoverview Array expressions: elementwise operators and ufuncs on arrays and scalars,
 * with NumPy's broadcasting and result dtypes, as expression trees that fuse.pass merges
 * into one loop per expression.
 *
 * In: at typing time, the operand types of `a + b`, `-a`, `a < b`, `np.sin(a)`,
 * `np.minimum(a, b)`, `a += b` (infer.ts hooks and the registry entries below).
 * Out: an intrinsic whose `Impl` is an `EwImpl`: `tree` says how the result element is
 * computed from the intrinsic's arguments (leaves: argument index; nodes: a scalar kernel
 * with its operand element types). Its `lower` evaluates the whole tree in one loop nest
 * over the broadcast shape, writing a new C-contiguous array (or, in place, argument 0).
 * arrays/fuse.ts grows trees by substituting single-use temporaries, so `a * b + c` is one
 * loop with no temporary array.
 *
 * Result dtypes follow NumPy 2 (NEP 50): array dtypes promote with `np.result_type`'s
 * table; Python-typed scalars (int64, float64, complex128, bool values of compiled code)
 * are "weak" and only change the result's kind (int array + float → float64).
 */
import { typingError, type Span } from "../diagnostics";
import { BUILTINS, type Impl, type LowerCtx } from "../builtins";
import type { Var } from "../ir";
import type { CmpOp, TExpr, TStmt } from "../typed_ir";
import type { FnText } from "../llvm";
import {
  arrayOf, bool, complex128, complex64, float32, float64, int64, isComplex, isFloat, isInt, isNumber, llvmType,
  parseType, tupleOf, type ArrayType, type TupleType, type Type,
} from "../types";
import { F_DATA, allocArray, decref, field, itemSize, loadElem, memType, shapeAt, storeElem, strideAt } from "./core";
import { countedLoop } from "./loops";
import { inParallelFunction, parallelFlatLoop, parallelOuterLoop, parallelOuterReduce, parallelReduce } from "../parallel/arrays";
import { withNumpyErrors } from "./library";
import { dotImpl } from "./methods";

/** The slice of infer.ts's per-statement context that array typing uses. */
export interface InferCtx {
  fresh(t: Type): Var;
  emit(s: TStmt): void;
  cast(v: Var, from: Type, to: Type, span: Span): Var;
}

export type Kernel = (l: LowerCtx, vals: string[]) => string;
export type Tree = { k: "leaf"; index: number } | { k: "op"; kernel: Kernel; operandTypes: Type[]; out: Type; children: Tree[] };

export interface EwImpl extends Impl {
  tree: Tree;
  /** Argument 0 is also the destination (`a += b`). */
  inplace: boolean;
}

export function isEw(impl: Impl): impl is EwImpl { return (impl as EwImpl).tree !== undefined; }

// -- dtypes ------------------------------------------------------------------------------

const kind = (t: Type): number => (t === bool ? 0 : isInt(t) ? 1 : isFloat(t) ? 2 : 3);
const intT = (bits: number, signed: boolean): Type => parseType(`${signed ? "" : "u"}int${bits}`)!;

/** `np.result_type` of two array dtypes. */
export function promote(a: Type, b: Type): Type {
  if (a === b) return a;
  if (a === bool) return b;
  if (b === bool) return a;
  const ka = kind(a), kb = kind(b);
  if (ka === 1 && kb === 1) {
    const x = a as Type & { bits: number; signed: boolean }, y = b as Type & { bits: number; signed: boolean };
    if (x.signed === y.signed) return x.bits >= y.bits ? x : y;
    const u = x.signed ? y : x, s = x.signed ? x : y;
    if (s.bits > u.bits) return s;
    if (u.bits < 64) return intT(u.bits * 2, true);
    return float64;
  }
  if (ka > kb) return promote(b, a);
  // now ka <= kb, kb >= 2
  if (ka === 1) {
    const ib = (a as { bits: number }).bits;
    if (kb === 2) return b === float32 && ib <= 16 ? float32 : float64;
    return b === complex64 && ib <= 16 ? complex64 : complex128;
  }
  if (ka === 2 && kb === 2) return a === float64 || b === float64 ? float64 : float32;
  if (ka === 2 && kb === 3) return a === float64 || b === complex128 ? complex128 : complex64;
  return a === complex128 || b === complex128 ? complex128 : complex64;
}

/** A scalar of compiled code is weak (a Python value) when it has Python's own types. */
const isWeak = (t: Type): boolean => t === int64 || t === float64 || t === complex128 || t === bool;

/** The dtype of an operation between an array dtype and a scalar's type. */
function promoteScalar(arr: Type, s: Type): Type {
  if (!isWeak(s)) return promote(arr, s);
  const ks = kind(s), ka = kind(arr);
  if (ks <= ka) return arr;
  if (ks === 1) return int64;
  if (ks === 2) return float64;
  return arr === float32 ? complex64 : complex128;
}

/** The common computation dtype of mixed operands (arrays' dtypes and scalars). */
export function commonDtype(types: Type[]): Type {
  const arrays = types.filter((t) => t.tag === "array").map((t) => (t as ArrayType).dtype);
  const scalars = types.filter((t) => t.tag !== "array");
  let d: Type | null = null;
  for (const x of arrays) d = d === null ? x : promote(d, x);
  if (d === null) {
    // all scalars (ufuncs on numbers): ordinary promotion
    for (const x of scalars) d = d === null ? x : promote(d, x);
    return d!;
  }
  for (const s of scalars) d = promoteScalar(d, s);
  return d;
}

const elemType = (t: Type): Type => (t.tag === "array" ? t.dtype : t);

// -- building elementwise intrinsics -----------------------------------------------------

/**
 * An elementwise intrinsic over `args` (vars of `types`), computing `kernel` on elements
 * converted to `operandTypes`, giving `out` elements.
 */
function ewExpr(ctx: InferCtx, args: Var[], types: Type[], operandTypes: Type[], out: Type, kernel: Kernel,
  span: Span, inplace = false): TExpr {
  for (const t of types) {
    if (t.tag === "array") continue;
    if (!isNumber(t)) throw typingError(`array expressions take arrays and numbers, not ${t.key}.`, span);
  }
  const ndim = Math.max(...types.map((t) => (t.tag === "array" ? t.ndim : 0)));
  let ret: Type;
  if (inplace) {
    const dst = types[0] as ArrayType;
    if (dst.readonly) throw typingError("cannot modify a read-only array in place.", span);
    if (ndim > dst.ndim) throw typingError(`an in-place operation cannot broadcast a ${ndim}-dimensional operand into a ${dst.ndim}-dimensional array.`, span);
    if (kind(out) > kind(dst.dtype)) throw typingError(`cannot cast the ${out.key} result of an in-place operation to the array's ${dst.dtype.key} (NumPy's same_kind rule).`, span);
    ret = dst;
  } else {
    // only 0-d arrays: NumPy gives a scalar
    if (ndim === 0) return { k: "intrinsic", type: out, impl: scalarOf0d("array_expr", types, operandTypes, out, kernel), args };
    ret = arrayOf(out, ndim, "C");
  }
  const tree: Tree = { k: "op", kernel, operandTypes, out, children: args.map((_, i) => ({ k: "leaf", index: i })) };
  const impl = makeEwImpl(types, ret, tree, inplace);
  return { k: "intrinsic", type: ret, impl, args };
}

/**
 * An elementwise operation whose array operands are all 0-d: NumPy's ufuncs give a scalar
 * (`z * 2`, `np.sin(z)` of a 0-d `z` are NumPy scalars), so the kernel runs once on the
 * elements and the result is a number, not a 0-d array.
 */
export function scalarOf0d(name: string, types: Type[], operandTypes: Type[], out: Type, kernel: Kernel): Impl {
  return {
    name, args: types, ret: out,
    lower: (l) => {
      const vals = types.map((t, i) => {
        if (t.tag !== "array") return l.cast(l.args[i], t, operandTypes[i]);
        return l.cast(loadElem(l.f, t.dtype, field(l.f, t, l.args[i], F_DATA)), t.dtype, operandTypes[i]);
      });
      return kernel(l, vals);
    },
  };
}

export function makeEwImpl(types: Type[], ret: Type, tree: Tree, inplace: boolean): EwImpl {
  const impl: EwImpl = {
    name: "array_expr", args: types, ret, owned: !inplace, tree, inplace,
    lower: (l) => lowerTree(l, types, ret as ArrayType, tree, inplace),
  };
  return impl;
}

const ARITH: Record<string, "add" | "sub" | "mul" | "truediv" | "floordiv" | "mod" | "pow" | "and" | "or" | "xor" | "shl" | "shr"> = {
  Add: "add", Sub: "sub", Mult: "mul", Div: "truediv", FloorDiv: "floordiv", Mod: "mod", Pow: "pow",
  BitAnd: "and", BitOr: "or", BitXor: "xor", LShift: "shl", RShift: "shr",
};

/** `a <op> b` where at least one side is an array. */
export function arrayBinop(ctx: InferCtx, op: string, l: Var, a: Type, r: Var, b: Type, span: Span, inplace = false): TExpr {
  if (op === "MatMult") return matmulExpr(ctx, l, a, r, b, span);
  const aop = ARITH[op];
  if (aop === undefined) throw typingError(`operator ${op} is not supported on arrays.`, span);
  if (!isNumber(elemType(a)) || !isNumber(elemType(b))) throw typingError(`unsupported operand types for ${op}: ${a.key} and ${b.key}.`, span);
  let t = commonDtype([a, b]);
  if (aop === "truediv" && (isInt(t) || t === bool)) t = float64;
  if (["and", "or", "xor", "shl", "shr"].includes(aop)) {
    if (isFloat(t) || isComplex(t)) throw typingError(`bitwise operators need integer or bool arrays, not ${t.key}.`, span);
  } else if (t === bool) {
    if (aop === "sub") throw typingError("numpy boolean subtract, the `-` operator, is not supported; use `^` or logical_xor.", span);
    t = aop === "add" || aop === "mul" ? bool : int64;
  }
  if (isComplex(t) && (aop === "floordiv" || aop === "mod")) throw typingError("floor division and modulo are not defined for complex arrays.", span);
  const kt = t;
  const kernel: Kernel = t === bool && (aop === "add" || aop === "mul")
    ? (lc, [x, y]) => lc.f.op(`${aop === "add" ? "or" : "and"} i1 ${x}, ${y}`)
    : (lc, [x, y]) => withNumpyErrors(lc, () => lc.arith(aop, kt, x, y));
  return ewExpr(ctx, [l, r], [a, b], [t, t], t, kernel, span, inplace);
}

export function arrayUnary(ctx: InferCtx, op: string, v: Var, a: Type, span: Span): TExpr {
  const t = (a as ArrayType).dtype;
  if (op === "UAdd") return ewExpr(ctx, [v], [a], [t], t, (_l, [x]) => x, span);
  if (op === "USub") {
    if (t === bool) throw typingError("the numpy boolean negative, the `-` operator, is not supported; use `~` or logical_not.", span);
    return ewExpr(ctx, [v], [a], [t], t, (l, [x]) => {
      if (isInt(t)) return l.f.op(`sub ${llvmType(t)} 0, ${x}`);
      if (isFloat(t)) return l.f.op(`fneg ${llvmType(t)} ${x}`);
      return l.arith("sub", t, "zeroinitializer", x);
    }, span);
  }
  if (op === "Invert") {
    if (t === bool) return ewExpr(ctx, [v], [a], [t], t, (l, [x]) => l.f.op(`xor i1 ${x}, true`), span);
    if (!isInt(t)) throw typingError(`~ needs an integer or bool array, not ${a.key}.`, span);
    return ewExpr(ctx, [v], [a], [t], t, (l, [x]) => l.f.op(`xor ${llvmType(t)} ${x}, -1`), span);
  }
  if (op === "Not") throw typingError("the truth value of an array is ambiguous; use a.any() or a.all().", span);
  throw typingError(`unary ${op} is not supported on arrays.`, span);
}

export function arrayCompare(ctx: InferCtx, op: CmpOp, l: Var, a: Type, r: Var, b: Type, span: Span): TExpr {
  const t = commonDtype([a, b]);
  if (isComplex(t) && op !== "eq" && op !== "ne") throw typingError("complex arrays cannot be ordered.", span);
  return ewExpr(ctx, [l, r], [a, b], [t, t], bool, (lc, [x, y]) => lc.cmp(op, t, x, y), span);
}

function matmulExpr(_ctx: InferCtx, l: Var, a: Type, r: Var, b: Type, span: Span): TExpr {
  const impl = dotImpl({ name: "matmul", args: [a, b], kwargs: [], consts: [], span }, a, b);
  return { k: "intrinsic", type: impl.ret, impl, args: [l, r] };
}

// -- ufuncs ------------------------------------------------------------------------------

/** The float dtype NumPy's float ufuncs give for an input dtype. */
function floatResult(t: Type, name: string, span: Span): Type {
  if (isFloat(t) || isComplex(t)) return t;
  if (t === bool || (isInt(t) && t.bits === 8)) throw typingError(`${name} of ${t.key} values gives float16 in NumPy, which numjit does not support; convert with astype(np.float64) first.`, span);
  if (isInt(t) && t.bits === 16) return float32;
  return float64;
}

function fcall(l: LowerCtx, name: string, t: Type, args: string[]): string {
  const ty = llvmType(t);
  const sym = name.startsWith("llvm.") ? `${name}.${t === float32 ? "f32" : "f64"}` : (t === float32 ? `${name}f` : name);
  l.m.declare(sym, `declare ${ty} @${sym}(${args.map(() => ty).join(", ")}) #0`);
  return l.f.call(ty, `@${sym}`, args.map((a) => `${ty} ${a}`), true);
}

const UNARY_FLOAT: [string, string][] = [
  ["sin", "llvm.sin"], ["cos", "llvm.cos"], ["tan", "tan"], ["exp", "llvm.exp"], ["log", "llvm.log"],
  ["log2", "llvm.log2"], ["log10", "llvm.log10"], ["log1p", "log1p"], ["expm1", "expm1"], ["sqrt", "llvm.sqrt"],
  ["arcsin", "asin"], ["arccos", "acos"], ["arctan", "atan"], ["sinh", "sinh"], ["cosh", "cosh"], ["tanh", "tanh"],
  ["arcsinh", "asinh"], ["arccosh", "acosh"], ["arctanh", "atanh"], ["floor", "llvm.floor"], ["ceil", "llvm.ceil"],
  ["trunc", "llvm.trunc"], ["rint", "llvm.rint"], ["exp2", "llvm.exp2"], ["cbrt", "cbrt"],
];

/** Registers `numpy.<name>`: elementwise on arrays, the same kernel on scalars. */
function ufunc(name: string, nin: number, typeOf: (ts: Type[], span: Span) => { operand: Type; out: Type }, kernel: (t: Type) => Kernel): void {
  const prev = BUILTINS.get(`numpy.${name}`);
  BUILTINS.set(`numpy.${name}`, (c) => {
    if (c.args.length !== nin || c.kwargs.length > 0) {
      if (prev !== undefined) return prev(c);
      throw typingError(`np.${name}() takes ${nin} argument${nin === 1 ? "" : "s"} in jitted code.`, c.span);
    }
    for (const t of c.args) if (!(t.tag === "array" || isNumber(t))) throw typingError(`np.${name}() takes arrays and numbers, not ${t.key}.`, c.span);
    const { operand, out } = typeOf(c.args, c.span);
    const k = kernel(operand);
    if (c.args.every((t) => t.tag !== "array")) {
      return { name: c.name, args: c.args.map(() => operand), ret: out, lower: (l) => withNumpyErrors(l, () => k(l, l.args)) };
    }
    const ndim = Math.max(...c.args.map((t) => (t.tag === "array" ? t.ndim : 0)));
    if (ndim === 0) return scalarOf0d(c.name, c.args, c.args.map(() => operand), out, (l, v) => withNumpyErrors(l, () => k(l, v)));
    const ret = arrayOf(out, ndim, "C");
    const tree: Tree = { k: "op", kernel: k, operandTypes: c.args.map(() => operand), out, children: c.args.map((_, i) => ({ k: "leaf", index: i })) };
    return makeEwImpl(c.args, ret, tree, false);
  });
}

/** NumPy 2's floor, ceil and trunc of integers and bools give the same values in the same dtype. */
const INT_IDENTITY = new Set(["floor", "ceil", "trunc"]);

/** A double as LLVM IR's exact hexadecimal constant. */
function hexDouble(x: number): string {
  const dv = new DataView(new ArrayBuffer(8));
  dv.setFloat64(0, x);
  return `0x${dv.getBigUint64(0).toString(16).toUpperCase().padStart(16, "0")}`;
}

/**
 * exp(x) of a float64 without a call, so that an array loop of it vectorises (NumPy's own
 * loop is SIMD too): x = k ln2 + r with |r| <= ln2/2 (k = rint(x / ln2), r by two fused
 * multiply-adds with ln2 split in two), exp(r) by its Taylor polynomial of degree 13
 * (truncation error below 1e-17 relative) in Horner form with fused multiply-adds, then
 * times 2^k as two powers of two (2^(k>>1) * 2^(k - k>>1), so that subnormal results
 * round once and 2^1024 overflows to inf). x is clamped to [-746, 710] first (beyond,
 * the result is 0 or inf either way); NaN gives NaN. Within one or two units in the last
 * place of the C library's exp.
 */
function expF64(l: LowerCtx, x: string): string {
  const f = l.f;
  const d = (v: string) => f.op(v);
  const call = (name: string, args: string[]) => fcall(l, name, float64, args);
  const xc = call("llvm.minnum", [call("llvm.maxnum", [x, hexDouble(-746)]), hexDouble(710)]);
  const kf = call("llvm.rint", [d(`fmul double ${xc}, ${hexDouble(1 / Math.LN2)}`)]);
  const r1 = call("llvm.fma", [kf, "0xBFE62E42FEE00000", xc]);
  const r = call("llvm.fma", [kf, "0xBDEA39EF35793C76", r1]);
  let p = hexDouble(1 / 6227020800); // 1/13!
  let fact = 6227020800;
  for (let n = 12; n >= 0; n--) {
    fact = n === 0 ? 1 : fact / (n + 1);
    p = call("llvm.fma", [p, r, hexDouble(1 / fact)]);
  }
  const k = d(`fptosi double ${kf} to i64`);
  const k1 = d(`ashr i64 ${k}, 1`), k2 = d(`sub i64 ${k}, ${k1}`);
  const pow2 = (e: string) => d(`bitcast i64 ${d(`shl i64 ${d(`add i64 ${e}, 1023`)}, 52`)} to double`);
  const res = d(`fmul double ${d(`fmul double ${p}, ${pow2(k1)}`)}, ${pow2(k2)}`);
  return d(`select i1 ${d(`fcmp uno double ${x}, ${x}`)}, double ${x}, double ${res}`);
}

for (const [py, native] of UNARY_FLOAT) {
  // np.<py>(x: array | number) -> float array | float (floor/ceil/trunc of ints: the ints)
  ufunc(py, 1, (ts, span) => {
    const c = commonDtype(ts);
    if (INT_IDENTITY.has(py) && (isInt(c) || c === bool)) return { operand: c, out: c };
    const t = floatResult(c, `np.${py}`, span);
    if (isComplex(t)) throw typingError(`np.${py} of complex values is not supported yet.`, span);
    return { operand: t, out: t };
  }, (t) => (isInt(t) || t === bool ? (_l, [x]) => x
    : py === "exp" && t === float64 ? (l, [x]) => expF64(l, x) : (l, [x]) => fcall(l, native, t, [x])));
}

// np.abs / np.absolute(x) -> same dtype (complex: its float part)
for (const name of ["abs", "absolute", "fabs"]) {
  ufunc(name, 1, (ts) => {
    const t = commonDtype(ts);
    return { operand: t, out: isComplex(t) ? t.part : t };
  }, (t) => (l, [x]) => {
    if (isFloat(t)) return fcall(l, "llvm.fabs", t, [x]);
    if (isComplex(t)) {
      const p = t.part, ty = llvmType(t);
      return fcall(l, "hypot", p, [l.f.op(`extractvalue ${ty} ${x}, 0`), l.f.op(`extractvalue ${ty} ${x}, 1`)]);
    }
    if (t === bool || !(t as { signed: boolean }).signed) return x;
    const ty = llvmType(t);
    const neg = l.f.op(`icmp slt ${ty} ${x}, 0`);
    return l.f.op(`select i1 ${neg}, ${ty} ${l.f.op(`sub ${ty} 0, ${x}`)}, ${ty} ${x}`);
  });
}

// np.minimum / np.maximum(x, y): NaN propagates
for (const [name, isMax] of [["minimum", false], ["maximum", true]] as [string, boolean][]) {
  ufunc(name, 2, (ts, span) => {
    const t = commonDtype(ts);
    if (isComplex(t)) throw typingError(`np.${name} of complex values is not supported.`, span);
    return { operand: t, out: t };
  }, (t) => (l, [x, y]) => {
    if (isFloat(t)) return fcall(l, isMax ? "llvm.maximum" : "llvm.minimum", t, [x, y]);
    const better = l.cmp(isMax ? "gt" : "lt", t, x, y);
    return l.f.op(`select i1 ${better}, ${llvmType(t)} ${x}, ${llvmType(t)} ${y}`);
  });
}

// np.arctan2(y, x), np.hypot(x, y) -> float
for (const [name, native] of [["arctan2", "atan2"], ["hypot", "hypot"]]) {
  ufunc(name, 2, (ts, span) => {
    const t = floatResult(commonDtype(ts), `np.${name}`, span);
    if (isComplex(t)) throw typingError(`np.${name} of complex values is not supported.`, span);
    return { operand: t, out: t };
  }, (t) => (l, [x, y]) => fcall(l, native, t, [x, y]));
}

// np.power(x, y) -> promoted dtype (as x ** y)
ufunc("power", 2, (ts) => { const t = commonDtype(ts); return { operand: t, out: t }; },
  (t) => (l, [x, y]) => l.arith("pow", t, x, y));

// np.square(x) -> x * x
ufunc("square", 1, (ts) => { const t = commonDtype(ts); return { operand: t, out: t === bool ? bool : t }; },
  (t) => (l, [x]) => (t === bool ? l.f.op(`and i1 ${x}, ${x}`) : l.arith("mul", t, x, x)));

// np.negative(x)
ufunc("negative", 1, (ts) => { const t = commonDtype(ts); return { operand: t, out: t }; },
  (t) => (l, [x]) => (isInt(t) ? l.f.op(`sub ${llvmType(t)} 0, ${x}`) : isFloat(t) ? l.f.op(`fneg ${llvmType(t)} ${x}`) : l.arith("sub", t, "zeroinitializer", x)));

// np.isnan / np.isinf / np.isfinite(x) -> bool
for (const name of ["isnan", "isinf", "isfinite"]) {
  ufunc(name, 1, (ts) => ({ operand: commonDtype(ts), out: bool }), (t) => (l, [x]) => {
    if (!isFloat(t)) return name === "isfinite" ? "true" : "false";
    const ty = llvmType(t);
    if (name === "isnan") return l.f.op(`fcmp uno ${ty} ${x}, ${x}`);
    const ax = fcall(l, "llvm.fabs", t, [x]);
    const inf = l.f.op(`fcmp oeq ${ty} ${ax}, 0x7FF0000000000000`);
    if (name === "isinf") return inf;
    return l.f.op(`fcmp one ${ty} ${ax}, 0x7FF0000000000000`);
  });
}

// -- lowering one tree -------------------------------------------------------------------

interface Leaf { index: number; type: Type; value: string }

/**
 * The broadcast shape of the array operands over `nd` dimensions (right-aligned, as
 * NumPy), or the shape `fixed` gives (in place: the destination's), and `bad`, an i1 that
 * is true when some operand's extent is neither 1 nor the shape's.
 */
function broadcastShape(f: FnText, nd: number, arrays: Leaf[], fixed?: (d: number) => string): { shape: string[]; bad: string } {
  const extents = (d: number): string[] => arrays.flatMap((x) => {
    const a = x.type as ArrayType;
    const dd = d - (nd - a.ndim);
    return dd < 0 ? [] : [shapeAt(f, a, x.value, dd)];
  });
  const shape: string[] = [];
  for (let d = 0; d < nd; d++) {
    if (fixed !== undefined) { shape.push(fixed(d)); continue; }
    let s = "1";
    for (const e of extents(d)) s = s === "1" ? e : f.op(`select i1 ${f.op(`icmp eq i64 ${s}, 1`)}, i64 ${e}, i64 ${s}`);
    shape.push(s);
  }
  let bad = "false";
  for (let d = 0; d < nd; d++) {
    for (const e of extents(d)) {
      const mism = f.op(`and i1 ${f.op(`icmp ne i64 ${e}, 1`)}, ${f.op(`icmp ne i64 ${e}, ${shape[d]}`)}`);
      bad = f.op(`or i1 ${bad}, ${mism}`);
    }
  }
  return { shape, bad };
}

/** Evaluates the tree at one element, given each leaf's element value. */
function evalTree(l: LowerCtx, tree: Tree, leafVal: (i: number) => { v: string; t: Type }): { v: string; t: Type } {
  if (tree.k === "leaf") return leafVal(tree.index);
  const vals = tree.children.map((c, i) => {
    const x = evalTree(l, c, leafVal);
    return l.cast(x.v, x.t, tree.operandTypes[i]);
  });
  return { v: tree.kernel(l, vals), t: tree.out };
}

/**
 * The loop of one (possibly fused) array expression: broadcast shape, destination, and a
 * flat loop when every array operand is C-contiguous with the result's shape, else a loop
 * nest with broadcast (zero) strides. In place, an operand whose memory overlaps the
 * destination's without being exactly it (`a[1:] += a[:-1]`) makes the loop compute into
 * a temporary first and copy it over, as NumPy does.
 */
function lowerTree(l: LowerCtx, types: Type[], ret: ArrayType, tree: Tree, inplace: boolean): string {
  const f = l.f;
  const leaves: Leaf[] = types.map((t, i) => ({ index: i, type: t, value: l.args[i] }));
  const arrays = leaves.filter((x) => x.type.tag === "array");
  const nd = ret.ndim;
  // broadcast shape (right-aligned); a mismatch raises ValueError as NumPy does
  const { shape, bad } = broadcastShape(f, nd, arrays, inplace ? (d) => shapeAt(f, ret, l.args[0], d) : undefined);
  if (arrays.length > 1 || inplace) l.raiseIf(bad, "ValueError", "operands could not be broadcast together");
  if (!inplace) {
    const out = allocArray(f, ret, shape, l.raiseIf.bind(l));
    emitLoops(l, leaves, tree, shape, out, ret);
    return out;
  }
  const dest = l.args[0];
  let overlap = "false";
  for (const x of arrays) {
    if (x.index === 0) continue;
    overlap = f.op(`or i1 ${overlap}, ${overlaps(f, ret, dest, x.type as ArrayType, x.value)}`);
  }
  const direct = f.label("ewdirect"), buffered = f.label("ewbuffered"), join = f.label("ewjoin");
  f.emit(`br i1 ${overlap}, label %${buffered}, label %${direct}`);
  f.start(direct);
  emitLoops(l, leaves, tree, shape, dest, ret);
  f.emit(`br label %${join}`);
  f.start(buffered);
  const tmpT = arrayOf(ret.dtype, nd, "C");
  const tmp = allocArray(f, tmpT, shape, l.raiseIf.bind(l));
  emitLoops(l, leaves, tree, shape, tmp, tmpT);
  const copy: Tree = { k: "op", kernel: (_l, v) => v[0], operandTypes: [ret.dtype], out: ret.dtype, children: [{ k: "leaf", index: 0 }] };
  emitLoops(l, [{ index: 0, type: tmpT, value: tmp }], copy, shape, dest, ret);
  decref(f, tmpT, tmp);
  f.emit(`br label %${join}`);
  f.start(join);
  return dest;
}

/** Whether the memory of `b` overlaps `a`'s without being exactly the same elements. */
function overlaps(f: FnText, a: ArrayType, av: string, b: ArrayType, bv: string): string {
  const span = (t: ArrayType, v: string): [string, string] => {
    const base = f.op(`ptrtoint ptr ${field(f, t, v, F_DATA)} to i64`);
    let lo = base, hi = f.op(`add i64 ${base}, ${itemSize(t.dtype)}`);
    let empty = "false";
    for (let d = 0; d < t.ndim; d++) {
      const n = shapeAt(f, t, v, d);
      empty = f.op(`or i1 ${empty}, ${f.op(`icmp eq i64 ${n}, 0`)}`);
      const ext = f.op(`mul i64 ${f.op(`sub i64 ${n}, 1`)}, ${strideAt(f, t, v, d)}`);
      const neg = f.op(`icmp slt i64 ${ext}, 0`);
      lo = f.op(`add i64 ${lo}, ${f.op(`select i1 ${neg}, i64 ${ext}, i64 0`)}`);
      hi = f.op(`add i64 ${hi}, ${f.op(`select i1 ${neg}, i64 0, i64 ${ext}`)}`);
    }
    // an empty array overlaps nothing
    return [f.op(`select i1 ${empty}, i64 0, i64 ${lo}`), f.op(`select i1 ${empty}, i64 0, i64 ${hi}`)];
  };
  const [alo, ahi] = span(a, av), [blo, bhi] = span(b, bv);
  const inter = f.op(`and i1 ${f.op(`icmp ult i64 ${alo}, ${bhi}`)}, ${f.op(`icmp ult i64 ${blo}, ${ahi}`)}`);
  // exactly the same elements (same start, same strides from the right) are safe
  let same = f.op(`icmp eq ptr ${field(f, a, av, F_DATA)}, ${field(f, b, bv, F_DATA)}`);
  if (b.ndim !== a.ndim) same = "false";
  else for (let d = 0; d < a.ndim; d++) same = f.op(`and i1 ${same}, ${f.op(`icmp eq i64 ${strideAt(f, a, av, d)}, ${strideAt(f, b, bv, d)}`)}`);
  return f.op(`and i1 ${inter}, ${f.op(`xor i1 ${same}, true`)}`);
}

/** Writes `out[...] = tree(leaves...)` over `shape` (the operands already broadcast-checked). */
function emitLoops(l: LowerCtx, leaves: Leaf[], tree: Tree, shape: string[], out: string, ret: ArrayType): void {
  const f = l.f;
  const nd = ret.ndim;
  const arrays = leaves.filter((x) => x.type.tag === "array");
  const outData = field(f, ret, out, F_DATA);
  const et = memType(ret.dtype);
  const scalarVal = (x: Leaf) => ({ v: x.value, t: x.type });
  // flat path: all arrays C-contiguous (static) with exactly the result's shape (run time)
  const flatOk = arrays.every((x) => (x.type as ArrayType).layout === "C" && (x.type as ArrayType).ndim === nd) && ret.layout === "C";
  const general = f.label("ewgeneral"), done = f.label("ewdone");
  if (flatOk) {
    let same = "true";
    for (const x of arrays) for (let d = 0; d < nd; d++) same = f.op(`and i1 ${same}, ${f.op(`icmp eq i64 ${shapeAt(f, x.type as ArrayType, x.value, d)}, ${shape[d]}`)}`);
    const flat = f.label("ewflat");
    f.emit(`br i1 ${same}, label %${flat}, label %${general}`);
    f.start(flat);
    let n = "1";
    for (const s of shape) n = n === "1" ? s : f.op(`mul i64 ${n}, ${s}`);
    const datas = new Map(arrays.map((x) => [x.index, field(f, x.type as ArrayType, x.value, F_DATA)]));
    // element i, written through `lc` (parallel/arrays.ts may write it into a chunk function)
    const elem = (lc: LowerCtx, i: string): void => {
      const g = lc.f;
      const r = evalTree(lc, tree, (k) => {
        const x = leaves[k];
        if (x.type.tag !== "array") return scalarVal(x);
        const a = x.type as ArrayType;
        return { v: loadElem(g, a.dtype, g.op(`getelementptr ${memType(a.dtype)}, ptr ${datas.get(k)}, i64 ${i}`)), t: a.dtype };
      });
      storeElem(g, ret.dtype, g.op(`getelementptr ${et}, ptr ${outData}, i64 ${i}`), lc.cast(r.v, r.t, ret.dtype));
    };
    const serial = (): void => { countedLoop(f, n, [], (i) => { elem(l, i); return []; }); };
    const frees = [...[...datas.values(), outData].map((v) => ({ v, ty: "ptr" })),
      ...leaves.filter((x) => x.type.tag !== "array").map((x) => ({ v: x.value, ty: llvmType(x.type) }))];
    if (!parallelFlatLoop(l, n, frees, elem, serial)) serial(); // parallel=True: on the pool above a size
    f.emit(`br label %${done}`);
  } else {
    f.emit(`br label %${general}`);
  }
  f.start(general);
  // general path: one loop per result dimension, byte offsets with broadcast strides
  const bstrides = broadcastStrides(f, arrays, nd);
  const outStrides = Array.from({ length: nd }, (_, d) => strideAt(f, ret, out, d));
  const datas = new Map(arrays.map((x) => [x.index, field(f, x.type as ArrayType, x.value, F_DATA)]));
  // the innermost dimension unit-strided in every operand (views like u[1:-1, :-2]): an
  // element-indexed inner loop, which vectorises
  let innerUnit = nd === 0 ? "false" : f.op(`icmp eq i64 ${outStrides[nd - 1]}, ${itemSize(ret.dtype)}`);
  if (nd > 0) {
    for (const x of arrays) {
      innerUnit = f.op(`and i1 ${innerUnit}, ${f.op(`icmp eq i64 ${bstrides.get(x.index)![nd - 1]}, ${itemSize((x.type as ArrayType).dtype)}`)}`);
    }
  }
  // written through `lc`: parallel/arrays.ts may write the outermost loop's body into a
  // chunk function
  const innerLoop = (lc: LowerCtx, ptrs: Map<number, string>, optr: string): void => {
    const g = lc.f;
    const fast = g.label("ewunit"), slow = g.label("ewstrided"), join = g.label("ewinner");
    g.emit(`br i1 ${innerUnit}, label %${fast}, label %${slow}`);
    g.start(fast);
    countedLoop(g, shape[nd - 1], [], (i) => {
      const r = evalTree(lc, tree, (k) => {
        const x = leaves[k];
        if (x.type.tag !== "array") return scalarVal(x);
        const dt = (x.type as ArrayType).dtype;
        return { v: loadElem(g, dt, g.op(`getelementptr ${memType(dt)}, ptr ${ptrs.get(k)!}, i64 ${i}`)), t: dt };
      });
      storeElem(g, ret.dtype, g.op(`getelementptr ${et}, ptr ${optr}, i64 ${i}`), lc.cast(r.v, r.t, ret.dtype));
      return [];
    });
    g.emit(`br label %${join}`);
    g.start(slow);
    stridedInner(lc, ptrs, optr);
    g.emit(`br label %${join}`);
    g.start(join);
  };
  const stridedInner = (lc: LowerCtx, ptrs: Map<number, string>, optr: string): void => {
    const g = lc.f;
    countedLoop(g, shape[nd - 1], [], (i) => { step(lc, nd - 1, i, ptrs, optr); return []; });
  };
  // element i of dimension d, then the dimensions after it
  const step = (lc: LowerCtx, d: number, i: string, ptrs: Map<number, string>, optr: string): void => {
    const g = lc.f;
    const next = new Map<number, string>();
    for (const [k, p] of ptrs) next.set(k, g.op(`getelementptr i8, ptr ${p}, i64 ${g.op(`mul i64 ${i}, ${bstrides.get(k)![d]}`)}`));
    nest(lc, d + 1, next, g.op(`getelementptr i8, ptr ${optr}, i64 ${g.op(`mul i64 ${i}, ${outStrides[d]}`)}`));
  };
  const nest = (lc: LowerCtx, d: number, ptrs: Map<number, string>, optr: string): void => {
    const g = lc.f;
    if (d === nd - 1) { innerLoop(lc, ptrs, optr); return; }
    if (d === nd) {
      const r = evalTree(lc, tree, (k) => {
        const x = leaves[k];
        if (x.type.tag !== "array") return scalarVal(x);
        return { v: loadElem(g, (x.type as ArrayType).dtype, ptrs.get(k)!), t: (x.type as ArrayType).dtype };
      });
      storeElem(g, ret.dtype, optr, lc.cast(r.v, r.t, ret.dtype));
      return;
    }
    countedLoop(g, shape[d], [], (i) => { step(lc, d, i, ptrs, optr); return []; });
  };
  // parallel=True: the outermost dimension in chunks on the pool above a size (parallel/arrays.ts)
  const frees = [...[...datas.values(), outData].map((v) => ({ v, ty: "ptr" })), ...[...bstrides.values()].flat().map((v) => ({ v, ty: "i64" })),
    ...[...outStrides, ...shape].map((v) => ({ v, ty: "i64" })), { v: innerUnit, ty: "i1" },
    ...leaves.filter((x) => x.type.tag !== "array").map((x) => ({ v: x.value, ty: llvmType(x.type) }))];
  if (nd === 0 || !parallelOuterLoop(l, shape, frees, (lc, i) => step(lc, 0, i, datas, outData), () => nest(l, 0, datas, outData))) {
    nest(l, 0, datas, outData);
  }
  f.emit(`br label %${done}`);
  f.start(done);
}

// -- reductions of expressions (fuse.ts) -------------------------------------------------

/** The whole-array reductions fuse.ts can compute straight from an expression tree. */
export const FUSIBLE_REDUCTIONS = new Set(["sum", "prod", "mean", "any", "all", "min", "max"]);

/**
 * One reduction of a (multi-)reduction loop: `kind` of the elements `tree` computes, giving
 * `ret`. `mode` says how its accumulator may be split so that the result stays the one the
 * reduction gives alone: "free" (the result does not depend on the order: min, max, any,
 * all, integer sum and prod), "lanes" (float sum and mean of an expression: eight lanes of
 * blocks of eight on the flat path, then the tail, as they always are) or "seq" (one
 * accumulator in C order: float prod, complex sums, the mean of an integer array).
 */
export interface RSpec { kind: string; tree: Tree; ret: Type; mode: "free" | "lanes" | "seq" }

/** The accumulator dtype of a reduction spec. */
const accOf = (s: RSpec): Type => (s.kind === "any" || s.kind === "all" ? bool : s.ret);

/** The spec of a reduction of an expression tree (what makeReduceImpl computes). */
function exprSpec(kind: string, tree: Tree, ret: Type): RSpec {
  const acc = kind === "any" || kind === "all" ? bool : ret;
  const free = kind === "min" || kind === "max" || kind === "any" || kind === "all" || isInt(acc) || acc === bool;
  return { kind, tree, ret, mode: free ? "free" : (kind === "sum" || kind === "mean") && isFloat(acc) ? "lanes" : "seq" };
}

/**
 * The spec of `np.<kind>(a)` of a plain array argument (library.ts's reductions), computing
 * the same value as the library's own loop, or null when that loop's order cannot be
 * followed inside a fused loop (the pairwise sum of a contiguous float array; complex
 * min/max).
 */
export function plainReduceSpec(kind: string, a: ArrayType, ret: Type): RSpec | null {
  if (!FUSIBLE_REDUCTIONS.has(kind) || !isNumber(a.dtype)) return null;
  const tree: Tree = { k: "leaf", index: 0 };
  const acc = kind === "any" || kind === "all" ? bool : ret;
  if (kind === "min" || kind === "max") return isComplex(a.dtype) ? null : { kind, tree, ret, mode: "free" };
  if (kind === "any" || kind === "all" || isInt(acc) || acc === bool) return { kind, tree, ret, mode: "free" };
  // float sum/mean: pairwise (C and F layouts) or one C-order accumulator (layout A);
  // float prod, complex sums and the mean of an integer array: one accumulator in the
  // order of the array's elements, which is C order only for C and A layouts
  if ((kind === "sum" || kind === "mean") && isFloat(a.dtype)) return a.layout === "A" ? { kind, tree, ret, mode: "seq" } : null;
  return a.layout === "F" && a.ndim > 1 ? null : { kind, tree, ret, mode: "seq" };
}

/**
 * `np.<kind>(<tree over args>)` without the expression's array: the same broadcast shape
 * and loops as an expression, accumulating instead of storing (sum and mean of floats in
 * eight lanes on the flat path, so the loop vectorises).
 */
export function makeReduceImpl(kind: string, types: Type[], tree: Tree, ndim: number, ret: Type): Impl {
  const spec = exprSpec(kind, tree, ret);
  return {
    name: `reduce_${kind}`, args: types, ret, spec, ndim,
    lower: (l: LowerCtx) => lowerReduce(l, [spec], types, ndim).results[0],
  } as Impl;
}

/** The tuple a multi-reduction gives: each reduction's value, then the element count. */
export function multiReduceType(specs: RSpec[]): TupleType { return tupleOf([...specs.map((s) => s.ret), int64]); }

/**
 * Several whole-array reductions over the same array operands in one pass (fuse.ts:
 * `x.max() - x.min()` reads `x` once): a tuple of their values and the element count. Only
 * the first reduction's empty-array error is raised here; the others' are raised where
 * they were, by `takeReduceImpl`, so the first error is still NumPy's.
 */
export function makeMultiReduceImpl(specs: RSpec[], types: Type[], ndim: number): Impl {
  const ret = multiReduceType(specs);
  return {
    name: `reduce_${specs.map((s) => s.kind).join("_")}`, args: types, ret,
    lower: (l) => {
      const { results, n } = lowerReduce(l, specs, types, ndim);
      let t = "undef";
      [...results, n].forEach((v, k) => { t = l.f.op(`insertvalue ${llvmType(ret)} ${t}, ${llvmType(ret.items[k])} ${v}, ${k}`); });
      return t;
    },
  };
}

/** Reduction `k` of a multi-reduction's tuple, raising the empty-array error of min/max. */
export function takeReduceImpl(specs: RSpec[], k: number): Impl {
  const tt = multiReduceType(specs), s = specs[k];
  return {
    name: `reduce_take_${s.kind}`, args: [tt], ret: s.ret,
    lower: (l) => {
      const f = l.f, tup = l.args[0];
      if (k > 0 && (s.kind === "min" || s.kind === "max")) {
        const n = f.op(`extractvalue ${llvmType(tt)} ${tup}, ${specs.length}`);
        l.raiseIf(f.op(`icmp eq i64 ${n}, 0`), "ValueError", `zero-size array to reduction operation ${s.kind === "min" ? "minimum" : "maximum"} which has no identity`);
      }
      return f.op(`extractvalue ${llvmType(tt)} ${tup}, ${k}`);
    },
  };
}

function lowerReduce(l: LowerCtx, specs: RSpec[], types: Type[], nd: number): { results: string[]; n: string } {
  const f = l.f;
  const leaves: Leaf[] = types.map((t, i) => ({ index: i, type: t, value: l.args[i] }));
  const arrays = leaves.filter((x) => x.type.tag === "array");
  const { shape, bad } = broadcastShape(f, nd, arrays);
  if (arrays.length > 1) l.raiseIf(bad, "ValueError", "operands could not be broadcast together");
  let n = "1";
  for (const s of shape) n = n === "1" ? s : f.op(`mul i64 ${n}, ${s}`);
  const first = specs[0];
  if (first.kind === "min" || first.kind === "max") {
    l.raiseIf(f.op(`icmp eq i64 ${n}, 0`), "ValueError", `zero-size array to reduction operation ${first.kind === "min" ? "minimum" : "maximum"} which has no identity`);
  }
  const intLimit = (t: Type, max: boolean): string => {
    const it = t as Type & { bits: number; signed: boolean };
    if (!it.signed) return max ? "-1" : "0";
    return max ? (2n ** BigInt(it.bits - 1) - 1n).toString() : (-(2n ** BigInt(it.bits - 1))).toString();
  };
  // per spec: the accumulator (sum/prod in NumPy's widened dtype, mean in the float
  // result, any/all in bool), its LLVM type and its identity
  const accs = specs.map(accOf);
  const tys = accs.map(llvmType);
  const inits = specs.map((s, k) => {
    const acc = accs[k], isF = isFloat(acc), kind = s.kind;
    return kind === "sum" || kind === "mean" ? (isF ? "0.0" : isComplex(acc) ? "zeroinitializer" : "0")
      : kind === "prod" ? (isF ? "1.0" : isComplex(acc) ? `{${llvmType((acc as { part: Type }).part)} 1.0, ${llvmType((acc as { part: Type }).part)} 0.0}` : "1")
        : kind === "any" ? "false" : kind === "all" ? "true"
          : isF ? (kind === "min" ? "0x7FF0000000000000" : "0xFFF0000000000000") : acc === bool ? (kind === "min" ? "true" : "false") : intLimit(acc, kind === "min");
  });
  // written through `lc`: parallel/arrays.ts may write the flat loop into a chunk function
  const combineIn = (lc: LowerCtx, k: number, a: string, xv: { v: string; t: Type }): string => {
    const kind = specs[k].kind, acc = accs[k], ty = tys[k];
    if (kind === "any" || kind === "all") return lc.f.op(`${kind === "any" ? "or" : "and"} i1 ${a}, ${lc.truth(xv.v, xv.t)}`);
    const x = lc.cast(xv.v, xv.t, acc);
    if (kind === "sum" || kind === "mean") return withNumpyErrors(lc, () => lc.arith("add", acc, a, x));
    if (kind === "prod") return withNumpyErrors(lc, () => lc.arith("mul", acc, a, x));
    if (isFloat(acc)) return fcall(lc, kind === "max" ? "llvm.maximum" : "llvm.minimum", acc, [a, x]);
    const better = lc.cmp(kind === "max" ? "gt" : "lt", acc, x, a);
    return lc.f.op(`select i1 ${better}, ${ty} ${x}, ${ty} ${a}`);
  };
  const merge = (lc: LowerCtx, k: number, a: string, b: string): string => combineIn(lc, k, a, { v: b, t: accs[k] });
  const scalarVal = (x: Leaf) => ({ v: x.value, t: x.type });
  const flatOk = arrays.every((x) => (x.type as ArrayType).layout === "C" && (x.type as ArrayType).ndim === nd);
  const general = f.label("rgeneral"), done = f.label("rdone");
  const results: [string[], string][] = [];
  // one spec alone may run on the thread pool (parallel=True); fuse.ts makes no
  // multi-reductions there
  const single = specs.length === 1;
  const serialFlat = !inParallelFunction(l);
  if (flatOk) {
    let same = "true";
    for (const x of arrays) for (let d = 0; d < nd; d++) same = f.op(`and i1 ${same}, ${f.op(`icmp eq i64 ${shapeAt(f, x.type as ArrayType, x.value, d)}, ${shape[d]}`)}`);
    const flat = f.label("rflat");
    f.emit(`br i1 ${same}, label %${flat}, label %${general}`);
    f.start(flat);
    const datas = new Map(arrays.map((x) => [x.index, field(f, x.type as ArrayType, x.value, F_DATA)]));
    const atIn = (lc: LowerCtx, k: number, i: string) => evalTree(lc, specs[k].tree, (j) => {
      const x = leaves[j];
      if (x.type.tag !== "array") return scalarVal(x);
      const a = x.type as ArrayType;
      return { v: loadElem(lc.f, a.dtype, lc.f.op(`getelementptr ${memType(a.dtype)}, ptr ${datas.get(j)}, i64 ${i}`)), t: a.dtype };
    });
    // Serially, a float min/max is two accumulators: the extreme of the numbers (an
    // ordered compare, which skips NaN: one max/min instruction) and whether a NaN was
    // seen; the result is then the first NaN (found by a second scan, as NumPy returns
    // it). One llvm.maximum per element, which propagates NaN itself, costs several
    // instructions, so a fused max and min was bound by them rather than by memory.
    // slots: [spec, role]; role "nan" is the NaN flag of spec `spec`
    const slots: [number, "acc" | "nan"][] = [];
    specs.forEach((s, k) => {
      slots.push([k, "acc"]);
      if (serialFlat && (s.kind === "min" || s.kind === "max") && isFloat(accs[k])) slots.push([k, "nan"]);
    });
    const nanSlot = specs.map((_, k) => slots.findIndex(([sk, r]) => sk === k && r === "nan"));
    const sTy = (q: number) => (slots[q][1] === "nan" ? "i1" : tys[slots[q][0]]);
    const sInit = (q: number) => (slots[q][1] === "nan" ? "false" : inits[slots[q][0]]);
    const sCombine = (lc: LowerCtx, q: number, a: string, xv: { v: string; t: Type }): string => {
      const [k, role] = slots[q];
      if (role === "nan") {
        const x = lc.cast(xv.v, xv.t, accs[k]);
        return lc.f.op(`or i1 ${a}, ${lc.f.op(`fcmp uno ${tys[k]} ${x}, ${x}`)}`);
      }
      if (nanSlot[k] < 0) return combineIn(lc, k, a, xv);
      const x = lc.cast(xv.v, xv.t, accs[k]);
      const better = lc.f.op(`fcmp ${specs[k].kind === "max" ? "ogt" : "olt"} ${tys[k]} ${x}, ${a}`);
      return lc.f.op(`select i1 ${better}, ${tys[k]} ${x}, ${tys[k]} ${a}`);
    };
    const sMerge = (lc: LowerCtx, q: number, a: string, b: string): string =>
      (slots[q][1] === "nan" ? lc.f.op(`or i1 ${a}, ${b}`) : sCombine(lc, q, a, { v: b, t: accs[slots[q][0]] }));
    // each spec's element i, computed once for all its slots
    const elems = (lc: LowerCtx, i: string) => specs.map((_, k) => atIn(lc, k, i));
    // the reductions (slots) of elements [lo, lo + cnt)
    const flatPart = (lc: LowerCtx, lo: string, cnt: string): string[] => {
      const g = lc.f;
      const idx = (i: string): string => (lo === "0" ? i : g.op(`add i64 ${lo}, ${i}`));
      // eight lanes also for the NaN-flagged min/max (the loop vectoriser leaves an
      // ordered-compare reduction alone; the lanes are one vector compare and select)
      if (!specs.some((s) => s.mode === "lanes") && !slots.some(([, r]) => r === "nan")) {
        return countedLoop(g, cnt, slots.map((_, q) => ({ ty: sTy(q), init: sInit(q) })), (i, vals) => {
          const es = elems(lc, idx(i));
          return vals.map((s, q) => sCombine(lc, q, s, es[slots[q][0]]));
        });
      }
      // blocks of eight: eight lanes per slot (one chain of the eight for "seq"), then the tail
      const nl = slots.map(([k]) => (specs[k].mode === "seq" ? 1 : 8));
      const blocks = g.op(`sdiv i64 ${cnt}, 8`);
      const carried = slots.flatMap((_, q) => Array.from({ length: nl[q] }, () => ({ ty: sTy(q), init: sInit(q) })));
      const out = countedLoop(g, blocks, carried, (b, vals) => {
        const base = g.op(`mul i64 ${b}, 8`);
        const es = Array.from({ length: 8 }, (_, j) => elems(lc, idx(g.op(`add i64 ${base}, ${j}`))));
        const next: string[] = [];
        let p = 0;
        slots.forEach(([k], q) => {
          if (nl[q] === 8) {
            for (let j = 0; j < 8; j++) next.push(sCombine(lc, q, vals[p + j], es[j][k]));
          } else {
            let s = vals[p];
            for (let j = 0; j < 8; j++) s = sCombine(lc, q, s, es[j][k]);
            next.push(s);
          }
          p += nl[q];
        });
        return next;
      });
      let p = 0;
      const heads = slots.map((_, q) => {
        const ls = out.slice(p, p + nl[q]);
        p += nl[q];
        if (nl[q] === 1) return ls[0];
        const c01 = sMerge(lc, q, ls[0], ls[1]), c23 = sMerge(lc, q, ls[2], ls[3]);
        const c45 = sMerge(lc, q, ls[4], ls[5]), c67 = sMerge(lc, q, ls[6], ls[7]);
        return sMerge(lc, q, sMerge(lc, q, c01, c23), sMerge(lc, q, c45, c67));
      });
      const start = g.op(`mul i64 ${blocks}, 8`);
      return countedLoop(g, g.op(`sub i64 ${cnt}, ${start}`), slots.map((_, q) => ({ ty: sTy(q), init: heads[q] })), (i, vals) => {
        const es = elems(lc, idx(g.op(`add i64 ${start}, ${i}`)));
        return vals.map((s, q) => sCombine(lc, q, s, es[slots[q][0]]));
      });
    };
    const frees = [...[...datas.values()].map((v) => ({ v, ty: "ptr" })),
      ...leaves.filter((x) => x.type.tag !== "array").map((x) => ({ v: x.value, ty: llvmType(x.type) }))];
    // parallel=True: chunks on the pool above a size, partials combined in order (one
    // slot: no NaN flags there)
    const sv = single && !serialFlat ? [parallelReduce(l, n, frees, tys[0], inits[0], (lc, lo, cnt) => flatPart(lc, lo, cnt)[0], (a, b) => merge(l, 0, a, b))]
      : flatPart(l, "0", n);
    // a NaN seen: the first NaN of the elements (a second scan, which stops there)
    const r = specs.map((s, k) => {
      const q = slots.findIndex(([sk, role]) => sk === k && role === "acc");
      if (nanSlot[k] < 0) return sv[q];
      const scan = f.label("rnan"), head = f.label("rnanh"), next = f.label("rnann"), found = f.label("rnanf"), join = f.label("rnanj");
      const from = f.block;
      f.emit(`br i1 ${sv[nanSlot[k]]}, label %${scan}, label %${join}`);
      f.start(scan);
      f.emit(`br label %${head}`);
      f.start(head);
      const i = f.tmp(), inext = f.tmp();
      f.emit(`${i} = phi i64 [0, %${scan}], [${inext}, %${next}]`);
      const e = atIn(l, k, i);
      const x = l.cast(e.v, e.t, accs[k]);
      f.emit(`br i1 ${f.op(`fcmp uno ${tys[k]} ${x}, ${x}`)}, label %${found}, label %${next}`);
      f.start(next);
      f.emit(`${inext} = add nuw nsw i64 ${i}, 1`);
      f.emit(`br label %${head}`);
      f.start(found);
      f.emit(`br label %${join}`);
      f.start(join);
      return f.op(`phi ${tys[k]} [${sv[q]}, %${from}], [${x}, %${found}]`);
    });
    results.push([r, f.block]);
    f.emit(`br label %${done}`);
  } else {
    f.emit(`br label %${general}`);
  }
  f.start(general);
  const bstrides = broadcastStrides(f, arrays, nd);
  const datas = new Map(arrays.map((x) => [x.index, field(f, x.type as ArrayType, x.value, F_DATA)]));
  // written through `lc`: parallel/arrays.ts may write the outermost loop's body into a
  // chunk function
  const nest = (lc: LowerCtx, d: number, ptrs: Map<number, string>, s: string[]): string[] => {
    const g = lc.f;
    if (d === nd) {
      const leafVal = (j: number) => {
        const x = leaves[j];
        if (x.type.tag !== "array") return scalarVal(x);
        return { v: loadElem(g, (x.type as ArrayType).dtype, ptrs.get(j)!), t: (x.type as ArrayType).dtype };
      };
      return s.map((a, k) => combineIn(lc, k, a, evalTree(lc, specs[k].tree, leafVal)));
    }
    return countedLoop(g, shape[d], s.map((v, k) => ({ ty: tys[k], init: v })), (i, s2) => step(lc, d, i, ptrs, s2));
  };
  // element i of dimension d, then the dimensions after it
  const step = (lc: LowerCtx, d: number, i: string, ptrs: Map<number, string>, s: string[]): string[] => {
    const next = new Map<number, string>();
    for (const [k, p] of ptrs) next.set(k, lc.f.op(`getelementptr i8, ptr ${p}, i64 ${lc.f.op(`mul i64 ${i}, ${bstrides.get(k)![d]}`)}`));
    return nest(lc, d + 1, next, s);
  };
  // parallel=True: the outermost dimension in chunks on the pool above a size, partials
  // combined in order (parallel/arrays.ts)
  const frees = [...[...datas.values()].map((v) => ({ v, ty: "ptr" })), ...[...bstrides.values()].flat().map((v) => ({ v, ty: "i64" })),
    ...shape.map((v) => ({ v, ty: "i64" })), ...leaves.filter((x) => x.type.tag !== "array").map((x) => ({ v: x.value, ty: llvmType(x.type) }))];
  const rows = (lc: LowerCtx, lo: string, cnt: string): string =>
    countedLoop(lc.f, cnt, [{ ty: tys[0], init: inits[0] }], (i, s) => step(lc, 0, lo === "0" ? i : lc.f.op(`add i64 ${lo}, ${i}`), datas, s))[0];
  const par = single && nd > 0 ? parallelOuterReduce(l, shape, frees, tys[0], inits[0], rows, (a, b) => merge(l, 0, a, b)) : null;
  const g = par !== null ? [par] : nest(l, 0, datas, inits);
  results.push([g, f.block]);
  f.emit(`br label %${done}`);
  f.start(done);
  const phis = specs.map((_, k) => f.op(`phi ${tys[k]} ${results.map(([v, b]) => `[${v[k]}, %${b}]`).join(", ")}`));
  const out = specs.map((s, k) => (s.kind === "mean" ? withNumpyErrors(l, () => l.arith("truediv", accs[k], phis[k], l.cast(n, int64, accs[k]))) : phis[k]));
  return { results: out, n };
}

export type { FnText };
void complex128;

/** Each array operand's byte strides over the `nd` result dimensions: 0 for a dimension it
 *  lacks (leading) or has with extent 1 (broadcast), its own stride otherwise. */
function broadcastStrides(f: FnText, arrays: readonly { index: number; type: Type; value: string }[], nd: number): Map<number, string[]> {
  const out = new Map<number, string[]>();
  for (const x of arrays) {
    const a = x.type as ArrayType;
    const st: string[] = [];
    for (let d = 0; d < nd; d++) {
      const dd = d - (nd - a.ndim);
      if (dd < 0) { st.push("0"); continue; }
      const one = f.op(`icmp eq i64 ${shapeAt(f, a, x.value, dd)}, 1`);
      st.push(f.op(`select i1 ${one}, i64 0, i64 ${strideAt(f, a, x.value, dd)}`));
    }
    out.set(x.index, st);
  }
  return out;
}
