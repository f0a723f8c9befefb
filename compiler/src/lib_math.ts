/**
 * @fileoverview The `math` and `cmath` modules, and the methods of numbers
 * (`z.conjugate()`, `x.is_integer()`), as handlers of the library registry.
 *
 * In: calls such as `math.sqrt(x)` with their argument types (registry.ts `TypeCtx`).
 * Out: `Impl`s whose `lower` calls LLVM intrinsics (`llvm.sqrt.f64`), the C math library
 * (`atan2`, resolved from the running process) or small helper functions in IR.
 * Each handler's Python signature is the comment above it.
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

import { arity, badArgs, BUILTINS, fcall, mkComplex, noKwargs, parts, realOf, register, type LowerCtx } from "./registry";

// ---------------------------------------------------------------------------------------
// math: functions of floats returning floats (ints are converted to float64)

const MATH_UNARY: [string, string][] = [
  ["sqrt", "llvm.sqrt"], ["sin", "llvm.sin"], ["cos", "llvm.cos"], ["tan", "tan"], ["exp", "llvm.exp"],
  ["log2", "llvm.log2"], ["log10", "llvm.log10"], ["fabs", "llvm.fabs"], ["asin", "asin"], ["acos", "acos"],
  ["atan", "atan"], ["sinh", "sinh"], ["cosh", "cosh"], ["tanh", "tanh"], ["asinh", "asinh"], ["acosh", "acosh"],
  ["atanh", "atanh"], ["expm1", "expm1"], ["log1p", "log1p"], ["erf", "erf"], ["erfc", "erfc"],
  ["gamma", "tgamma"], ["lgamma", "lgamma"], ["exp2", "llvm.exp2"], ["cbrt", "cbrt"],
];
for (const [py, native] of MATH_UNARY) {
  // math.<py>(x: float) -> float
  register(`math.${py}`, (c) => {
    arity(c, 1);
    if (!isNumber(c.args[0]) || isComplex(c.args[0])) badArgs(c);
    const t = realOf(c.args[0]);
    return { name: c.name, args: [t], ret: t, lower: (l) => fcall(l, native, t, l.args) };
  });
}

// math.log(x: float, base: float = e) -> float
register("math.log", (c) => {
  arity(c, 1, 2);
  if (!c.args.every((t) => isNumber(t) && !isComplex(t))) badArgs(c);
  const t = c.args.length === 1 ? realOf(c.args[0]) : float64;
  return {
    name: c.name, args: c.args.map(() => t), ret: t,
    lower: (l) => {
      const a = fcall(l, "llvm.log", t, [l.args[0]]);
      if (l.args.length === 1) return a;
      const b = fcall(l, "llvm.log", t, [l.args[1]]);
      return l.f.fop("fdiv", llvmType(t), a, b);
    },
  };
});

for (const [py, native] of [["atan2", "atan2"], ["pow", "llvm.pow"], ["copysign", "llvm.copysign"], ["hypot", "hypot"], ["fmod", "fmod"]]) {
  // math.<py>(x: float, y: float) -> float
  register(`math.${py}`, (c) => {
    arity(c, 2);
    if (!c.args.every((t) => isNumber(t) && !isComplex(t))) badArgs(c);
    const t = c.args[0] === float32 && c.args[1] === float32 ? float32 : float64;
    return {
      name: c.name, args: [t, t], ret: t,
      lower: (l) => {
        if (py === "fmod" && l.errorModel === "python") {
          const z = l.f.op(`fcmp oeq ${llvmType(t)} ${l.args[1]}, 0.0`);
          l.raiseIf(z, "ValueError", "math domain error");
        }
        return fcall(l, native, t, l.args);
      },
    };
  });
}

for (const [py, native] of [["floor", "llvm.floor"], ["ceil", "llvm.ceil"], ["trunc", "llvm.trunc"]]) {
  // math.<py>(x: float) -> int
  register(`math.${py}`, (c) => {
    arity(c, 1);
    const a = c.args[0];
    if (isInt(a) || a === bool) return { name: c.name, args: [int64], ret: int64, lower: (l) => l.args[0] };
    if (!isFloat(a)) badArgs(c);
    return {
      name: c.name, args: [a], ret: int64,
      lower: (l) => l.f.op(`fptosi ${llvmType(a)} ${fcall(l, native, a, l.args)} to i64`),
    };
  });
}

for (const py of ["isnan", "isinf", "isfinite"]) {
  // math.<py>(x: float) -> bool
  register(`math.${py}`, (c) => {
    arity(c, 1);
    const a = c.args[0];
    if (isInt(a) || a === bool) return { name: c.name, args: [a], ret: bool, lower: () => (py === "isfinite" ? "true" : "false") };
    if (!isFloat(a)) badArgs(c);
    const ty = llvmType(a);
    return {
      name: c.name, args: [a], ret: bool,
      lower: (l) => {
        const v = l.args[0];
        if (py === "isnan") return l.f.op(`fcmp uno ${ty} ${v}, ${v}`);
        const abs = fcall(l, "llvm.fabs", a, [v]);
        return l.f.op(`fcmp ${py === "isinf" ? "oeq" : "one"} ${ty} ${abs}, ${doubleConst(Infinity)}`);
      },
    };
  });
}

for (const [py, factor] of [["degrees", 180 / Math.PI], ["radians", Math.PI / 180]] as [string, number][]) {
  // math.<py>(x: float) -> float
  register(`math.${py}`, (c) => {
    arity(c, 1);
    if (!isNumber(c.args[0]) || isComplex(c.args[0])) badArgs(c);
    return { name: c.name, args: [float64], ret: float64, lower: (l) => l.f.fop("fmul", "double", l.args[0], doubleConst(factor)) };
  });
}

// math.isclose(a: float, b: float, *, rel_tol: float = 1e-09, abs_tol: float = 0.0) -> bool
register("math.isclose", (c) => {
  if (c.args.length !== 2) arity(c, 2);
  if (!c.args.every((t) => isNumber(t) && !isComplex(t))) badArgs(c);
  const kw = c.kwargs.map((k) => {
    if (k.name !== "rel_tol" && k.name !== "abs_tol") throw typingError(`math.isclose() got an unexpected keyword argument '${k.name}'.`, c.span);
    if (!isNumber(k.type) || isComplex(k.type)) badArgs(c);
    return k.name;
  });
  return {
    name: c.name, args: [float64, float64, ...kw.map(() => float64)], ret: bool, kwargs: kw,
    lower: (l) => {
      const f = l.f;
      const [a, b] = l.args;
      const rel = kw.includes("rel_tol") ? l.args[2 + kw.indexOf("rel_tol")] : doubleConst(1e-9);
      const abs = kw.includes("abs_tol") ? l.args[2 + kw.indexOf("abs_tol")] : "0.0";
      const fabs = (x: string) => fcall(l, "llvm.fabs", float64, [x]);
      const eq = f.op(`fcmp oeq double ${a}, ${b}`);
      const inf = f.op(`or i1 ${f.op(`fcmp oeq double ${fabs(a)}, ${doubleConst(Infinity)}`)}, ${f.op(`fcmp oeq double ${fabs(b)}, ${doubleConst(Infinity)}`)}`);
      const diff = fabs(f.op(`fsub double ${b}, ${a}`));
      const c1 = f.op(`fcmp ole double ${diff}, ${fabs(f.op(`fmul double ${rel}, ${b}`))}`);
      const c2 = f.op(`fcmp ole double ${diff}, ${fabs(f.op(`fmul double ${rel}, ${a}`))}`);
      const c3 = f.op(`fcmp ole double ${diff}, ${abs}`);
      const close = f.op(`or i1 ${f.op(`or i1 ${c1}, ${c2}`)}, ${c3}`);
      const notInf = f.op(`select i1 ${inf}, i1 false, i1 ${close}`);
      return f.op(`or i1 ${eq}, ${notInf}`);
    },
  };
});

// math.factorial(n: int) -> int (wraps past 20!, like all int64 arithmetic)
register("math.factorial", (c) => {
  arity(c, 1);
  if (!(isInt(c.args[0]) || c.args[0] === bool)) throw typingError("math.factorial() only accepts integers.", c.span);
  return {
    name: c.name, args: [int64], ret: int64,
    lower: (l) => {
      l.raiseIf(l.f.op(`icmp slt i64 ${l.args[0]}, 0`), "ValueError", "factorial() not defined for negative values");
      const fn = l.m.helper("nj.factorial", () => [
        "define internal i64 @nj.factorial(i64 %n) #0 {",
        "entry:",
        "  br label %loop",
        "loop:",
        "  %i = phi i64 [2, %entry], [%i1, %body]",
        "  %r = phi i64 [1, %entry], [%r1, %body]",
        "  %done = icmp sgt i64 %i, %n",
        "  br i1 %done, label %exit, label %body",
        "body:",
        "  %r1 = mul i64 %r, %i",
        "  %i1 = add i64 %i, 1",
        "  br label %loop",
        "exit:",
        "  ret i64 %r",
        "}",
      ].join("\n"));
      return l.f.call("i64", fn, [`i64 ${l.args[0]}`]);
    },
  };
});

// math.isqrt(n: int) -> int
register("math.isqrt", (c) => {
  arity(c, 1);
  if (!(isInt(c.args[0]) || c.args[0] === bool)) throw typingError("math.isqrt() only accepts integers.", c.span);
  return {
    name: c.name, args: [int64], ret: int64,
    lower: (l) => {
      l.raiseIf(l.f.op(`icmp slt i64 ${l.args[0]}, 0`), "ValueError", "isqrt() argument must be nonnegative");
      l.m.declare("llvm.sqrt.f64", "declare double @llvm.sqrt.f64(double) #0");
      const fn = l.m.helper("nj.isqrt", () => [
        // Start from the double square root and correct it by at most a few steps.
        "define internal i64 @nj.isqrt(i64 %n) #0 {",
        "entry:",
        "  %d = uitofp i64 %n to double",
        "  %s = call double @llvm.sqrt.f64(double %d)",
        "  %r0 = fptoui double %s to i64",
        "  br label %down",
        "down:",
        "  %r = phi i64 [%r0, %entry], [%rm, %dec]",
        "  %sq = mul i64 %r, %r",
        "  %big = icmp ugt i64 %sq, %n",
        "  %ovf = icmp ugt i64 %r, 3037000499",
        "  %toobig = or i1 %big, %ovf",
        "  br i1 %toobig, label %dec, label %up",
        "dec:",
        "  %rm = sub i64 %r, 1",
        "  br label %down",
        "up:",
        "  %u = phi i64 [%r, %down], [%r1, %inc]",
        "  %r1 = add i64 %u, 1",
        "  %sq1 = mul i64 %r1, %r1",
        "  %fits = icmp ule i64 %sq1, %n",
        "  %nobig = icmp ule i64 %r1, 3037000499",
        "  %ok = and i1 %fits, %nobig",
        "  br i1 %ok, label %inc, label %exit",
        "inc:",
        "  br label %up",
        "exit:",
        "  ret i64 %u",
        "}",
      ].join("\n"));
      return l.f.call("i64", fn, [`i64 ${l.args[0]}`]);
    },
  };
});

// math.ldexp(x: float, i: int) -> float
register("math.ldexp", (c) => {
  arity(c, 2);
  if (!isNumber(c.args[0]) || isComplex(c.args[0]) || !(isInt(c.args[1]) || c.args[1] === bool)) badArgs(c);
  return {
    name: c.name, args: [float64, int64], ret: float64,
    lower: (l) => {
      // Clamp the exponent into int range: beyond +-2^31 the result is inf or 0 anyway.
      const lo = l.f.op(`select i1 ${l.f.op(`icmp slt i64 ${l.args[1]}, -100000`)}, i64 -100000, i64 ${l.args[1]}`);
      const e = l.f.op(`select i1 ${l.f.op(`icmp sgt i64 ${lo}, 100000`)}, i64 100000, i64 ${lo}`);
      l.m.declare("ldexp", "declare double @ldexp(double, i32) #0");
      return l.f.call("double", "@ldexp", [`double ${l.args[0]}`, `i32 ${l.f.op(`trunc i64 ${e} to i32`)}`]);
    },
  };
});

// math.frexp(x: float) -> (float, int); math.modf(x: float) -> (float, float)
for (const py of ["frexp", "modf"]) {
  register(`math.${py}`, (c) => {
    arity(c, 1);
    if (!isNumber(c.args[0]) || isComplex(c.args[0])) badArgs(c);
    const ret = tupleOf(py === "frexp" ? [float64, int64] : [float64, float64]);
    return {
      name: c.name, args: [float64], ret,
      lower: (l) => {
        // The out-parameter lives in the helper's own entry block (no alloca in loops).
        const fn = l.m.helper(`nj.${py}`, () => {
          l.m.declare(py, py === "frexp" ? "declare double @frexp(double, ptr) #0" : "declare double @modf(double, ptr) #0");
          return py === "frexp" ? [
            "define internal {double, i64} @nj.frexp(double %x) #0 {",
            "entry:",
            "  %p = alloca i32",
            "  store i32 0, ptr %p",
            "  %m = call double @frexp(double %x, ptr %p)",
            "  %e32 = load i32, ptr %p",
            "  %e = sext i32 %e32 to i64",
            "  %r0 = insertvalue {double, i64} undef, double %m, 0",
            "  %r1 = insertvalue {double, i64} %r0, i64 %e, 1",
            "  ret {double, i64} %r1",
            "}",
          ].join("\n") : [
            "define internal [2 x double] @nj.modf(double %x) #0 {",
            "entry:",
            "  %p = alloca double",
            "  %fr = call double @modf(double %x, ptr %p)",
            "  %ip = load double, ptr %p",
            "  %r0 = insertvalue [2 x double] undef, double %fr, 0",
            "  %r1 = insertvalue [2 x double] %r0, double %ip, 1",
            "  ret [2 x double] %r1",
            "}",
          ].join("\n");
        });
        return l.f.call(llvmType(ret), fn, [`double ${l.args[0]}`]);
      },
    };
  });
}

for (const py of ["remainder", "nextafter"]) {
  // math.<py>(x: float, y: float) -> float
  register(`math.${py}`, (c) => {
    arity(c, 2);
    if (!c.args.every((t) => isNumber(t) && !isComplex(t))) badArgs(c);
    return {
      name: c.name, args: [float64, float64], ret: float64,
      lower: (l) => fcall(l, py, float64, l.args),
    };
  });
}

// math.gcd(a: int, b: int) -> int
register("math.gcd", (c) => {
  arity(c, 2);
  if (!c.args.every((t) => isInt(t) || t === bool)) badArgs(c);
  return {
    name: c.name, args: [int64, int64], ret: int64,
    lower: (l) => {
      const fn = l.m.helper("nj.gcd", () => [
        "define internal i64 @nj.gcd(i64 %a0, i64 %b0) #0 {",
        "entry:",
        "  %a1 = call i64 @llvm.abs.i64(i64 %a0, i1 false)",
        "  %b1 = call i64 @llvm.abs.i64(i64 %b0, i1 false)",
        "  br label %loop",
        "loop:",
        "  %a = phi i64 [%a1, %entry], [%b, %body]",
        "  %b = phi i64 [%b1, %entry], [%r, %body]",
        "  %z = icmp eq i64 %b, 0",
        "  br i1 %z, label %done, label %body",
        "body:",
        "  %r = urem i64 %a, %b",
        "  br label %loop",
        "done:",
        "  ret i64 %a",
        "}",
      ].join("\n"));
      l.m.declare("llvm.abs.i64", "declare i64 @llvm.abs.i64(i64, i1) #0");
      return l.f.call("i64", fn, [`i64 ${l.args[0]}`, `i64 ${l.args[1]}`]);
    },
  };
});

// ---------------------------------------------------------------------------------------
// cmath: complex functions

const CMATH: Record<string, (l: LowerCtx, re: string, im: string) => [string, string] | string> = {
  // cmath.exp(z) = e^re (cos im + i sin im)
  exp: (l, re, im) => {
    const r = fcall(l, "llvm.exp", float64, [re]);
    return [l.f.fop("fmul", "double", r, fcall(l, "llvm.cos", float64, [im])), l.f.fop("fmul", "double", r, fcall(l, "llvm.sin", float64, [im]))];
  },
  // cmath.log(z) = log|z| + i arg z
  log: (l, re, im) => [fcall(l, "llvm.log", float64, [fcall(l, "hypot", float64, [re, im])]), fcall(l, "atan2", float64, [im, re])],
  // cmath.sqrt(z): principal root, via polar form
  sqrt: (l, re, im) => {
    const r = fcall(l, "llvm.sqrt", float64, [fcall(l, "hypot", float64, [re, im])]);
    const half = l.f.fop("fmul", "double", fcall(l, "atan2", float64, [im, re]), "0.5");
    return [l.f.fop("fmul", "double", r, fcall(l, "llvm.cos", float64, [half])), l.f.fop("fmul", "double", r, fcall(l, "llvm.sin", float64, [half]))];
  },
  // cmath.phase(z) -> float
  phase: (l, re, im) => fcall(l, "atan2", float64, [im, re]),
  // cmath.isnan(z) -> bool
  isnan: (l, re, im) => l.f.op(`or i1 ${l.f.op(`fcmp uno double ${re}, ${re}`)}, ${l.f.op(`fcmp uno double ${im}, ${im}`)}`),
  // cmath.isinf(z) -> bool
  isinf: (l, re, im) => l.f.op(`or i1 ${l.f.op(`fcmp oeq double ${fcall(l, "llvm.fabs", float64, [re])}, ${doubleConst(Infinity)}`)}, ${l.f.op(`fcmp oeq double ${fcall(l, "llvm.fabs", float64, [im])}, ${doubleConst(Infinity)}`)}`),
  // cmath.isfinite(z) -> bool
  isfinite: (l, re, im) => l.f.op(`and i1 ${l.f.op(`fcmp one double ${fcall(l, "llvm.fabs", float64, [re])}, ${doubleConst(Infinity)}`)}, ${l.f.op(`fcmp one double ${fcall(l, "llvm.fabs", float64, [im])}, ${doubleConst(Infinity)}`)}`),
  // cmath.log10(z) = log(z) / ln 10
  log10: (l, re, im) => {
    const k = doubleConst(1 / Math.LN10);
    return [l.f.fop("fmul", "double", fcall(l, "llvm.log", float64, [fcall(l, "hypot", float64, [re, im])]), k),
      l.f.fop("fmul", "double", fcall(l, "atan2", float64, [im, re]), k)];
  },
  // cmath.sin(a+bi) = sin a cosh b + i cos a sinh b
  sin: (l, re, im) => [l.f.fop("fmul", "double", fcall(l, "llvm.sin", float64, [re]), fcall(l, "cosh", float64, [im])),
    l.f.fop("fmul", "double", fcall(l, "llvm.cos", float64, [re]), fcall(l, "sinh", float64, [im]))],
  // cmath.cos(a+bi) = cos a cosh b - i sin a sinh b
  cos: (l, re, im) => [l.f.fop("fmul", "double", fcall(l, "llvm.cos", float64, [re]), fcall(l, "cosh", float64, [im])),
    l.f.op(`fneg double ${l.f.fop("fmul", "double", fcall(l, "llvm.sin", float64, [re]), fcall(l, "sinh", float64, [im]))}`)],
  // cmath.sinh(a+bi) = sinh a cos b + i cosh a sin b
  sinh: (l, re, im) => [l.f.fop("fmul", "double", fcall(l, "sinh", float64, [re]), fcall(l, "llvm.cos", float64, [im])),
    l.f.fop("fmul", "double", fcall(l, "cosh", float64, [re]), fcall(l, "llvm.sin", float64, [im]))],
  // cmath.cosh(a+bi) = cosh a cos b + i sinh a sin b
  cosh: (l, re, im) => [l.f.fop("fmul", "double", fcall(l, "cosh", float64, [re]), fcall(l, "llvm.cos", float64, [im])),
    l.f.fop("fmul", "double", fcall(l, "sinh", float64, [re]), fcall(l, "llvm.sin", float64, [im]))],
  // cmath.tan(z) = sin z / cos z
  tan: (l, re, im) => l.arith("truediv", complex128, mkComplex(l, ...(CMATH.sin(l, re, im) as [string, string]), complex128),
    mkComplex(l, ...(CMATH.cos(l, re, im) as [string, string]), complex128)),
  // cmath.tanh(z) = sinh z / cosh z
  tanh: (l, re, im) => l.arith("truediv", complex128, mkComplex(l, ...(CMATH.sinh(l, re, im) as [string, string]), complex128),
    mkComplex(l, ...(CMATH.cosh(l, re, im) as [string, string]), complex128)),
  // cmath.polar(z) -> (float, float)
  polar: () => { throw new Error("polar is lowered separately"); },
};
for (const name of Object.keys(CMATH)) {
  register(`cmath.${name}`, (c) => {
    arity(c, 1);
    if (!isNumber(c.args[0])) badArgs(c);
    const ret = name === "phase" ? float64 : name.startsWith("is") ? bool : name === "polar" ? tupleOf([float64, float64]) : complex128;
    return {
      name: c.name, args: [complex128], ret,
      lower: (l) => {
        const [re, im] = parts(l, l.args[0], complex128);
        if (name === "polar") {
          const r = fcall(l, "hypot", float64, [re, im]);
          const p = fcall(l, "atan2", float64, [im, re]);
          const a = l.f.op(`insertvalue [2 x double] undef, double ${r}, 0`);
          return l.f.op(`insertvalue [2 x double] ${a}, double ${p}, 1`);
        }
        const r = CMATH[name](l, re, im);
        return typeof r === "string" ? r : mkComplex(l, r[0], r[1], complex128);
        // (tan and tanh return a complex value already)
      },
    };
  });
}

// complex.conjugate(self) -> complex
register("complex.conjugate", (c) => {
  arity(c, 1);
  const t = c.args[0];
  if (!isComplex(t)) badArgs(c);
  return {
    name: "conjugate", args: [t], ret: t,
    lower: (l) => {
      const [re, im] = parts(l, l.args[0], t);
      return mkComplex(l, re, l.f.op(`fneg ${llvmType(t.part)} ${im}`), t);
    },
  };
});

// float.is_integer(self) -> bool
register("float.is_integer", (c) => {
  arity(c, 1);
  const t = c.args[0];
  return {
    name: "is_integer", args: [t], ret: bool,
    lower: (l) => l.f.op(`fcmp oeq ${llvmType(t)} ${fcall(l, "llvm.floor", t, l.args)}, ${l.args[0]}`),
  };
});

// int.conjugate(self) -> int; float.conjugate(self) -> float
for (const fam of ["int", "float"]) {
  register(`${fam}.conjugate`, (c) => {
    arity(c, 1);
    const t = c.args[0] === bool ? int64 : c.args[0];
    return { name: "conjugate", args: [t], ret: t, lower: (l) => l.args[0] };
  });
}

// cmath.rect(r: float, phi: float) -> complex
register("cmath.rect", (c) => {
  arity(c, 2);
  return {
    name: c.name, args: [float64, float64], ret: complex128,
    lower: (l) => mkComplex(l, l.f.fop("fmul", "double", l.args[0], fcall(l, "llvm.cos", float64, [l.args[1]])),
      l.f.fop("fmul", "double", l.args[0], fcall(l, "llvm.sin", float64, [l.args[1]])), complex128),
  };
});

void BUILTINS; void noKwargs;
