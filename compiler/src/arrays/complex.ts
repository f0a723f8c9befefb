/**
 * @fileoverview Complex ufuncs and complex helpers of NumPy: `np.exp log sqrt sin cos tan
 * sinh cosh tanh` on complex numbers and arrays, `np.conj`/`np.conjugate`/`a.conj()`/
 * `a.conjugate()`, `np.real`, `np.imag`, `np.angle(z, deg=False)`.
 *
 * In: BUILTINS handlers' argument types (the handlers of exprs.ts stay in charge of real
 * arguments: each `numpy.<ufunc>` handler here wraps the previous one).
 * Out: elementwise `EwImpl`s for arrays (fused like any array expression) and scalar
 * `Impl`s. The complex functions call the C library's `cexp clog csqrt csin ccos ctan
 * csinh ccosh ctanh` (and their `f` forms for complex64), which NumPy's own loops call on
 * Linux, so results agree bit for bit. x86-64 calling convention: a `double complex` is
 * passed as two doubles and returned as `{double, double}`; a `float complex` travels as
 * `<2 x float>`.
 */
import { typingError } from "../diagnostics";
import { BUILTINS, type Builtin, type Impl, type LowerCtx, type TypeCtx } from "../builtins";
import { arrayOf, bool, complex64, float32, float64, isComplex, isFloat, isInt, isNumber, llvmType, type ArrayType, type Type } from "../types";
import { makeEwImpl, scalarOf0d, type Kernel, type Tree } from "./exprs";
import { extraAttr } from "./methods";

const elemOf = (t: Type): Type => (t.tag === "array" ? t.dtype : t);

/** `z` (a complex value of type `t`) through the C library's complex function `name`. */
function cfunc(l: LowerCtx, name: string, t: Type, z: string): string {
  const f = l.f;
  const ty = llvmType(t);
  if (t === complex64) {
    const sym = `${name}f`;
    l.m.declare(sym, `declare <2 x float> @${sym}(<2 x float>) #0`);
    let v = f.op(`insertelement <2 x float> undef, float ${f.op(`extractvalue ${ty} ${z}, 0`)}, i32 0`);
    v = f.op(`insertelement <2 x float> ${v}, float ${f.op(`extractvalue ${ty} ${z}, 1`)}, i32 1`);
    const r = f.call("<2 x float>", `@${sym}`, [`<2 x float> ${v}`], true);
    const a = f.op(`insertvalue ${ty} undef, float ${f.op(`extractelement <2 x float> ${r}, i32 0`)}, 0`);
    return f.op(`insertvalue ${ty} ${a}, float ${f.op(`extractelement <2 x float> ${r}, i32 1`)}, 1`);
  }
  l.m.declare(name, `declare {double, double} @${name}(double, double) #0`);
  return f.call("{double, double}", `@${name}`, [`double ${f.op(`extractvalue ${ty} ${z}, 0`)}`, `double ${f.op(`extractvalue ${ty} ${z}, 1`)}`], true);
}

/** An elementwise Impl of one argument: an EwImpl over an array, else the scalar kernel. */
function unary(c: TypeCtx, arg: Type, operand: Type, out: Type, kernel: Kernel): Impl {
  if (arg.tag !== "array") return { name: c.name, args: [operand], ret: out, lower: (l) => kernel(l, l.args) };
  if (arg.ndim === 0) return scalarOf0d(c.name, [arg], [operand], out, kernel);
  const ret = arrayOf(out, arg.ndim, "C");
  const tree: Tree = { k: "op", kernel, operandTypes: [operand], out, children: [{ k: "leaf", index: 0 }] };
  return makeEwImpl([arg], ret, tree, false);
}

function checkOne(c: TypeCtx, what: string): Type {
  if (c.args.length !== 1 || c.kwargs.length > 0) throw typingError(`${what}() takes one argument in jitted code.`, c.span);
  const t = c.args[0];
  if (!(t.tag === "array" || isNumber(t)) || !isNumber(elemOf(t))) throw typingError(`${what}() takes arrays and numbers, not ${t.key}.`, c.span);
  return t;
}

// np.<f>(z) for complex z: the C library's complex function
const CFUNCS: [string, string][] = [
  ["exp", "cexp"], ["log", "clog"], ["sqrt", "csqrt"], ["sin", "csin"], ["cos", "ccos"], ["tan", "ctan"],
  ["sinh", "csinh"], ["cosh", "ccosh"], ["tanh", "ctanh"],
];
for (const [py, native] of CFUNCS) {
  const prev = BUILTINS.get(`numpy.${py}`);
  BUILTINS.set(`numpy.${py}`, (c) => {
    const t = c.args.length === 1 ? elemOf(c.args[0]) : null;
    if (t === null || !isComplex(t) || c.kwargs.length > 0) {
      if (prev !== undefined) return prev(c);
      throw typingError(`np.${py}() takes one argument in jitted code.`, c.span);
    }
    return unary(c, c.args[0], t, t, (l, [z]) => cfunc(l, native, t, z));
  });
}

// np.conj(x), np.conjugate(x), a.conj(), a.conjugate(): the complex conjugate (a copy of real values)
const conj: Builtin = (c) => {
  const t0 = checkOne(c, c.name);
  const t = elemOf(t0);
  return unary(c, t0, t, t, (l, [z]) => {
    if (!isComplex(t)) return z;
    const ty = llvmType(t), p = llvmType(t.part);
    return l.f.op(`insertvalue ${ty} ${z}, ${p} ${l.f.op(`fneg ${p} ${l.f.op(`extractvalue ${ty} ${z}, 1`)}`)}, 1`);
  });
};
for (const name of ["numpy.conj", "numpy.conjugate", "array.conj", "array.conjugate"]) BUILTINS.set(name, conj);

// np.real(x), np.imag(x): of arrays as a.real / a.imag (views of complex arrays), of numbers the part
for (const part of ["real", "imag"] as const) {
  BUILTINS.set(`numpy.${part}`, (c) => {
    const t = checkOne(c, `np.${part}`);
    if (t.tag === "array") return extraAttr(t, part)!;
    const out = isComplex(t) ? t.part : t;
    return {
      name: c.name, args: [t], ret: out,
      lower: (l) => {
        if (isComplex(t)) return l.f.op(`extractvalue ${llvmType(t)} ${l.args[0]}, ${part === "real" ? 0 : 1}`);
        if (part === "real") return l.args[0];
        return t === bool ? "false" : isFloat(t) ? "0.0" : "0";
      },
    };
  });
}

/** NumPy's float result of arctan2 on values of type `t` (complex: its part). */
function angleType(c: TypeCtx, t: Type): Type {
  if (isComplex(t)) return t.part;
  if (isFloat(t)) return t;
  if (t === bool || (isInt(t) && t.bits === 8)) throw typingError(`np.angle() of ${t.key} values gives float16 in NumPy, which numjit does not support; convert with astype(np.float64) first.`, c.span);
  if (isInt(t) && t.bits === 16) return float32;
  return float64;
}

// np.angle(z, deg=False) -> the argument, in radians (degrees with deg=True)
BUILTINS.set("numpy.angle", (c) => {
  if (c.args.length < 1 || c.args.length > 2 || c.kwargs.some((k) => k.name !== "deg") || c.args.length + c.kwargs.length > 2) {
    throw typingError("np.angle() takes a value and deg= in jitted code.", c.span);
  }
  const t0 = c.args[0];
  if (!(t0.tag === "array" || isNumber(t0)) || !isNumber(elemOf(t0))) throw typingError(`np.angle() takes arrays and numbers, not ${t0.key}.`, c.span);
  const t = elemOf(t0);
  const out = angleType(c, t);
  const degT = c.kwargs.find((k) => k.name === "deg")?.type ?? c.args[1] ?? null;
  if (degT !== null && degT !== bool && !isInt(degT)) throw typingError(`np.angle(): deg must be a bool, not ${degT.key}.`, c.span);
  const kernel: Kernel = (l, vals) => {
    const f = l.f;
    const ty = llvmType(out);
    let re: string, im: string;
    if (isComplex(t)) {
      re = f.op(`extractvalue ${llvmType(t)} ${vals[0]}, 0`);
      im = f.op(`extractvalue ${llvmType(t)} ${vals[0]}, 1`);
    } else {
      re = l.cast(vals[0], t, out);
      im = out === float32 ? "0.0" : "0.0";
    }
    const sym = out === float32 ? "atan2f" : "atan2";
    l.m.declare(sym, `declare ${ty} @${sym}(${ty}, ${ty}) #0`);
    const a = f.call(ty, `@${sym}`, [`${ty} ${im}`, `${ty} ${re}`], true);
    if (degT === null) return a;
    const k = out === float32 ? "0x404CA5DC20000000" : "0x404CA5DC1A63C1F8"; // 180/pi (as float32 for float32)
    const d = f.op(`fmul ${ty} ${a}, ${k}`);
    return f.op(`select i1 ${l.truth(vals[1], degT)}, ${ty} ${d}, ${ty} ${a}`);
  };
  const kwargs = c.kwargs.length > 0 ? ["deg"] : [];
  if (t0.tag !== "array") {
    return { name: c.name, args: degT === null ? [t] : [t, degT], ret: out, kwargs, lower: (l) => kernel(l, l.args) };
  }
  const types = degT === null ? [t0] : [t0, degT];
  if ((t0 as ArrayType).ndim === 0) return { ...scalarOf0d(c.name, types, degT === null ? [t] : [t, degT], out, kernel), kwargs };
  const ret = arrayOf(out, (t0 as ArrayType).ndim, "C");
  const tree: Tree = { k: "op", kernel, operandTypes: degT === null ? [t] : [t, degT], out, children: types.map((_, i) => ({ k: "leaf", index: i })) };
  return { ...makeEwImpl(types, ret, tree, false), kwargs };
});
