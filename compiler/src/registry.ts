/**
 * @fileoverview The library registry's core: the handler interfaces, the `BUILTINS` map,
 * and helpers shared by the handlers (arity checks, libm/intrinsic calls, complex parts).
 *
 * In: handlers registered by builtins.ts (Python builtins), lib_math.ts (`math`, `cmath`,
 * number methods) and arrays/ (NumPy).
 * Out: `BUILTINS`, which inference looks names up in: a handler takes the call's argument
 * types (`TypeCtx`) and returns an `Impl`: the types to convert the arguments to, the
 * result type, and `lower`, which writes the call's LLVM IR given a `LowerCtx`.
 */
import { typingError, type Span } from "./diagnostics";
import type { ConstValue } from "./ir";
import type { FnText, ModuleText } from "./llvm";
import { doubleConst } from "./llvm";
import type { ArithOp, CmpOp } from "./typed_ir";
import {
  arithResult, bool, complex128, complex64, float32, float64, int64, isComplex, isFloat, isInt, isNumber,
  iterOf, llvmType, none, rangeState, tupleOf, unify, unicode, uint64, type IterType, type Type,
} from "./types";


export interface TypeCtx {
  /** The name the call was made through (`abs`, `math.sqrt`). */
  name: string;
  args: Type[];
  /** `value`: the keyword argument's constant value where it is a literal. */
  kwargs: { name: string; type: Type; value?: ConstValue | null }[];
  /** Constant values of the arguments, where they are literals (may be shorter than args). */
  consts: (ConstValue | null)[];
  span: Span;
}

export interface LowerCtx {
  f: FnText;
  m: ModuleText;
  /** The argument values, already converted to `Impl.args`. */
  args: string[];
  types: Type[];
  ret: Type;
  errorModel: "python" | "numpy";
  /** `exc` null: raise again the exception already described at `%exc` (a re-raise). */
  raise(exc: string | null, msg: string | null): void;
  raiseIf(cond: string, exc: string, msg: string | null): void;
  cast(v: string, from: Type, to: Type): string;
  truth(v: string, t: Type): string;
  arith(op: ArithOp, t: Type, a: string, b: string): string;
  cmp(op: CmpOp, t: Type, a: string, b: string): string;
  getiter(v: string, t: Type): string;
  /** A new Python object for `v` (GIL held); on failure runs the `onFail` lines. */
  box(v: string, t: Type, onFail: string[]): string;
}

/** A resolved library call: convert the arguments to `args`, get a `ret`. */
export interface Impl {
  name: string;
  args: Type[];
  ret: Type;
  lower(c: LowerCtx): string;
  /** The result holds new array references that the caller owns (allocations); otherwise
   *  array references in the result are borrowed from the arguments. */
  owned?: boolean;
  /** Keyword arguments whose values the call passes, in this order, after the positional
   *  ones (`args` lists their types there too). */
  kwargs?: string[];
}

export type Builtin = (c: TypeCtx) => Impl;

export const BUILTINS = new Map<string, Builtin>();

/** Module attributes that are constants (`math.pi`). */
export const MODULE_CONSTS = new Map<string, ConstValue>([
  ["math.pi", { k: "float", v: Math.PI }], ["math.e", { k: "float", v: Math.E }],
  ["math.tau", { k: "float", v: 2 * Math.PI }], ["math.inf", { k: "float", v: Infinity }],
  ["math.nan", { k: "float", v: NaN }],
  ["cmath.pi", { k: "float", v: Math.PI }], ["cmath.e", { k: "float", v: Math.E }],
  ["cmath.tau", { k: "float", v: 2 * Math.PI }], ["cmath.inf", { k: "float", v: Infinity }],
  ["cmath.nan", { k: "float", v: NaN }],
  ["cmath.infj", { k: "complex", re: 0, im: Infinity }], ["cmath.nanj", { k: "complex", re: 0, im: NaN }],
  ["numpy.pi", { k: "float", v: Math.PI }], ["numpy.e", { k: "float", v: Math.E }],
  ["numpy.inf", { k: "float", v: Infinity }], ["numpy.nan", { k: "float", v: NaN }],
  ["numpy.euler_gamma", { k: "float", v: 0.5772156649015329 }], ["numpy.newaxis", { k: "none" }],
]);

// ---------------------------------------------------------------------------------------
// helpers

export function noKwargs(c: TypeCtx): void {
  if (c.kwargs.length > 0) throw typingError(`${c.name}() takes no keyword arguments in jitted code.`, c.span);
}
export function arity(c: TypeCtx, lo: number, hi = lo): void {
  noKwargs(c);
  if (c.args.length < lo || c.args.length > hi) {
    const want = lo === hi ? `${lo}` : `${lo} to ${hi}`;
    throw typingError(`${c.name}() takes ${want} argument${hi === 1 ? "" : "s"}, but ${c.args.length} ${c.args.length === 1 ? "was" : "were"} given.`, c.span);
  }
}
export function badArgs(c: TypeCtx): never {
  throw typingError(`${c.name}() does not accept arguments of type (${c.args.map((t) => t.key).join(", ")}) in jitted code.`, c.span);
}
export const realOf = (t: Type): Type => (t === float32 ? float32 : float64);

/** Calls an LLVM intrinsic or libm function on float arguments. */
export function fcall(c: LowerCtx, name: string, t: Type, args: string[]): string {
  const ty = llvmType(t);
  const sym = name.startsWith("llvm.") ? `${name}.${t === float32 ? "f32" : "f64"}` : (t === float32 ? `${name}f` : name);
  c.m.declare(sym, `declare ${ty} @${sym}(${args.map(() => ty).join(", ")}) #0`);
  return c.f.call(ty, `@${sym}`, args.map((a) => `${ty} ${a}`), true);
}

export function register(name: string, b: Builtin): void { BUILTINS.set(name, b); }


/** Real and imaginary parts of a complex value. */
export function parts(l: LowerCtx, v: string, t: Type): [string, string, string] {
  const ty = llvmType(t);
  return [l.f.op(`extractvalue ${ty} ${v}, 0`), l.f.op(`extractvalue ${ty} ${v}, 1`), ty];
}
export function mkComplex(l: LowerCtx, re: string, im: string, t: Type): string {
  const ty = llvmType(t);
  const p = ty === "{float, float}" ? "float" : "double";
  const a = l.f.op(`insertvalue ${ty} undef, ${p} ${re}, 0`);
  return l.f.op(`insertvalue ${ty} ${a}, ${p} ${im}, 1`);
}

