/**
 * @fileoverview The builtins and library registry: Python builtins (`abs`, `min`, `range`,
 * `print`, ...) and the exceptions jitted code can raise; `math`/`cmath` are in
 * lib_math.ts, the registry's interfaces and helpers in registry.ts (re-exported here).
 *
 * In: at typing time, a call `name(args...)` with the argument types (`TypeCtx`).
 * Out: an `Impl`: the argument types to convert to, the result type, and `lower`, which
 * writes the LLVM IR of the call given a `LowerCtx` (arguments already converted).
 *
 * Each entry of `BUILTINS` is one handler, keyed by the name user code reaches it by
 * (`abs`, `math.sqrt`, `cmath.exp`); its Python signature is the comment above it.
 * Nothing here runs at import beyond filling the Map; `numjitc builtins` lists it.
 */
import { typingError, type Span } from "./diagnostics";
import type { ConstValue } from "./ir";
import type { FnText, ModuleText } from "./llvm";
import { doubleConst } from "./llvm";
import { arrayIterType } from "./arrays/core";
import type { ArithOp, CmpOp } from "./typed_ir";
import {
  arithResult, bool, complex128, complex64, float32, float64, int64, isComplex, isFloat, isInt, isNumber,
  iterOf, llvmType, none, rangeState, tupleOf, unify, unicode, uint64, type IterType, type Type,
} from "./types";

export * from "./registry";
import "./lib_math";
import {
  arity, badArgs, BUILTINS, fcall, MODULE_CONSTS, mkComplex, noKwargs, parts, register,
  type Builtin, type LowerCtx, type TypeCtx,
} from "./registry";

// ---------------------------------------------------------------------------------------
// Python builtins

// abs(x: int) -> int; abs(x: float) -> float; abs(x: complex) -> float
register("abs", (c) => {
  arity(c, 1);
  const a = c.args[0] === bool ? int64 : c.args[0];
  if (isInt(a)) {
    return {
      name: c.name, args: [a], ret: a,
      lower: (l) => {
        if (!a.signed) return l.args[0];
        const ty = llvmType(a);
        const neg = l.f.op(`sub ${ty} 0, ${l.args[0]}`);
        const lt = l.f.op(`icmp slt ${ty} ${l.args[0]}, 0`);
        return l.f.op(`select i1 ${lt}, ${ty} ${neg}, ${ty} ${l.args[0]}`);
      },
    };
  }
  if (isFloat(a)) return { name: c.name, args: [a], ret: a, lower: (l) => fcall(l, "llvm.fabs", a, l.args) };
  if (isComplex(a)) {
    const p = a.part;
    return { name: c.name, args: [a], ret: p, lower: (l) => { const [re, im] = parts(l, l.args[0], a); return fcall(l, "hypot", p, [re, im]); } };
  }
  return badArgs(c);
});

/** min/max: Python returns the first extreme item; `next < cur` (or `>`) replaces it. */
function minmax(isMax: boolean): Builtin {
  return (c) => {
    noKwargs(c);
    let items = c.args;
    let fromTuple = false;
    if (items.length === 1 && items[0].tag === "tuple") { items = items[0].items; fromTuple = true; }
    if (items.length === 0) throw typingError(`${c.name}() needs at least one argument.`, c.span);
    if (c.args.length === 1 && !fromTuple) throw typingError(`${c.name}() of one number is not iterable; pass two or more values or a tuple.`, c.span);
    let t: Type | null = items[0];
    for (const x of items) t = t === null ? null : unify(t, x);
    if (t === null || !isNumber(t) || isComplex(t)) badArgs(c);
    const common = t;
    const args = fromTuple ? c.args : items.map(() => common);
    return {
      name: c.name, args, ret: common,
      lower: (l) => {
        let vals = l.args;
        if (fromTuple) {
          const tt = c.args[0];
          const ty = llvmType(tt);
          vals = items.map((it, i) => l.cast(l.f.op(`extractvalue ${ty} ${l.args[0]}, ${i}`), it, common));
        }
        let cur = vals[0];
        for (const v of vals.slice(1)) {
          const better = l.cmp(isMax ? "gt" : "lt", common, v, cur);
          cur = l.f.op(`select i1 ${better}, ${llvmType(common)} ${v}, ${llvmType(common)} ${cur}`);
        }
        return cur;
      },
    };
  };
}
// min(a, b, *more) -> common type; min(t: tuple) -> item type
register("min", minmax(false));
// max(a, b, *more) -> common type; max(t: tuple) -> item type
register("max", minmax(true));

// round(x: float) -> int (ties to even); round(x: float, ndigits: int) -> float; round(x: int) -> int
register("round", (c) => {
  arity(c, 1, 2);
  const a = c.args[0];
  if (isInt(a) || a === bool) return { name: c.name, args: c.args.length === 1 ? [int64] : [int64, int64], ret: int64, lower: (l) => l.args[0] };
  if (!isFloat(a)) badArgs(c);
  if (c.args.length === 2 && !(isInt(c.args[1]) || c.args[1] === bool)) {
    throw typingError(`round() needs an integer number of digits, not ${c.args[1].key}.`, c.span);
  }
  if (c.args.length === 1) {
    return { name: c.name, args: [a], ret: int64, lower: (l) => l.f.op(`fptosi ${llvmType(a)} ${fcall(l, "llvm.roundeven", a, l.args)} to i64`) };
  }
  return {
    name: c.name, args: [a, int64], ret: a,
    lower: (l) => {
      const ty = llvmType(a);
      const nd = l.cast(l.args[1], int64, a);
      const p10 = fcall(l, "llvm.pow", a, [a === float32 ? "10.0" : doubleConst(10), nd]);
      // y = x * 10**n is rounded; when it lands exactly on a tie, the exact product
      // (fma residual) says which side the true value is on, as CPython's correctly
      // rounded round() decides.
      const f = l.f;
      const y = f.op(`fmul ${ty} ${l.args[0]}, ${p10}`);
      const z = fcall(l, "llvm.roundeven", a, [y]);
      const fl = fcall(l, "llvm.floor", a, [y]);
      const ce = fcall(l, "llvm.ceil", a, [y]);
      const tie = f.op(`fcmp oeq ${ty} ${f.op(`fsub ${ty} ${y}, ${fl}`)}, 0.5`);
      const err = fcall(l, "llvm.fma", a, [l.args[0], p10, f.op(`fneg ${ty} ${y}`)]);
      const below = f.op(`fcmp olt ${ty} ${err}, 0.0`);
      const above = f.op(`fcmp ogt ${ty} ${err}, 0.0`);
      const t1 = f.op(`select i1 ${above}, ${ty} ${ce}, ${ty} ${z}`);
      const t2 = f.op(`select i1 ${below}, ${ty} ${fl}, ${ty} ${t1}`);
      const r = f.op(`select i1 ${tie}, ${ty} ${t2}, ${ty} ${z}`);
      return f.op(`fdiv ${ty} ${r}, ${p10}`);
    },
  };
});

// int(x: number) -> int64 (truncates floats toward zero)
register("int", (c) => {
  arity(c, 0, 1);
  if (c.args.length === 0) return { name: c.name, args: [], ret: int64, lower: () => "0" };
  const a = c.args[0];
  if (!isNumber(a) || isComplex(a)) badArgs(c);
  const ret = a === uint64 ? uint64 : int64;
  return { name: c.name, args: [a], ret, lower: (l) => l.cast(l.args[0], a, ret) };
});

// float(x: number) -> float64
register("float", (c) => {
  arity(c, 0, 1);
  if (c.args.length === 0) return { name: c.name, args: [], ret: float64, lower: () => "0.0" };
  if (!isNumber(c.args[0]) || isComplex(c.args[0])) badArgs(c);
  return { name: c.name, args: [float64], ret: float64, lower: (l) => l.args[0] };
});

// bool(x) -> bool (Python truth value)
register("bool", (c) => {
  arity(c, 0, 1);
  if (c.args.length === 0) return { name: c.name, args: [], ret: bool, lower: () => "false" };
  const a = c.args[0];
  return { name: c.name, args: [a], ret: bool, lower: (l) => l.truth(l.args[0], a) };
});

// complex(real: number = 0, imag: number = 0) -> complex128
register("complex", (c) => {
  arity(c, 0, 2);
  if (!c.args.every((t) => isNumber(t) && !isComplex(t))) {
    if (c.args.length === 1 && isComplex(c.args[0])) return { name: c.name, args: [complex128], ret: complex128, lower: (l) => l.args[0] };
    badArgs(c);
  }
  return {
    name: c.name, args: c.args.map(() => float64), ret: complex128,
    lower: (l) => mkComplex(l, l.args[0] ?? "0.0", l.args[1] ?? "0.0", complex128),
  };
});

// divmod(a: number, b: number) -> (a // b, a % b)
register("divmod", (c) => {
  arity(c, 2);
  const t = arithResult(c.args[0], c.args[1]);
  if (t === null || isComplex(t)) badArgs(c);
  const ret = tupleOf([t, t]);
  return {
    name: c.name, args: [t, t], ret,
    lower: (l) => {
      const q = l.arith("floordiv", t, l.args[0], l.args[1]);
      const r = l.arith("mod", t, l.args[0], l.args[1]);
      const ty = llvmType(ret);
      const a = l.f.op(`insertvalue ${ty} undef, ${llvmType(t)} ${q}, 0`);
      return l.f.op(`insertvalue ${ty} ${a}, ${llvmType(t)} ${r}, 1`);
    },
  };
});

// pow(base: number, exp: number) -> number (as `**`); pow(base: int, exp: int, mod: int) -> int
register("pow", (c) => {
  arity(c, 2, 3);
  if (c.args.length === 3) {
    if (!c.args.every((t) => isInt(t) || t === bool)) badArgs(c);
    return {
      name: c.name, args: [int64, int64, int64], ret: int64,
      lower: (l) => {
        const fn = l.m.helper("nj.powmod", () => [
          "define internal i64 @nj.powmod(i64 %b0, i64 %e0, i64 %m) #0 {",
          "entry:",
          "  %bm = srem i64 %b0, %m",
          "  br label %loop",
          "loop:",
          "  %r = phi i64 [1, %entry], [%r2, %next]",
          "  %b = phi i64 [%bm, %entry], [%b2, %next]",
          "  %e = phi i64 [%e0, %entry], [%e2, %next]",
          "  %z = icmp sle i64 %e, 0",
          "  br i1 %z, label %done, label %body",
          "body:",
          "  %odd = and i64 %e, 1",
          "  %rb = mul i64 %r, %b",
          "  %rbm = srem i64 %rb, %m",
          "  %isodd = icmp ne i64 %odd, 0",
          "  %r2 = select i1 %isodd, i64 %rbm, i64 %r",
          "  %bb = mul i64 %b, %b",
          "  %b2 = srem i64 %bb, %m",
          "  %e2 = ashr i64 %e, 1",
          "  br label %next",
          "next:",
          "  br label %loop",
          "done:",
          "  %rm = srem i64 %r, %m",
          "  %neg = icmp slt i64 %rm, 0",
          "  %fix = add i64 %rm, %m",
          "  %res = select i1 %neg, i64 %fix, i64 %rm",
          "  ret i64 %res",
          "}",
        ].join("\n"));
        const z = l.f.op(`icmp eq i64 ${l.args[2]}, 0`);
        l.raiseIf(z, "ValueError", "pow() 3rd argument cannot be 0");
        return l.f.call("i64", fn, l.args.map((a) => `i64 ${a}`));
      },
    };
  }
  const t = arithResult(c.args[0], c.args[1]);
  if (t === null) badArgs(c);
  return { name: c.name, args: [t, t], ret: t, lower: (l) => l.arith("pow", t, l.args[0], l.args[1]) };
});

// len(x: tuple) -> int; len(r: range) -> int
register("len", (c) => {
  arity(c, 1);
  const a = c.args[0];
  if (a.tag === "tuple") return { name: c.name, args: [a], ret: int64, lower: () => String(a.items.length) };
  if (a === rangeState) {
    return {
      name: c.name, args: [a], ret: int64,
      lower: (l) => {
        const f = l.f;
        const [start, stop, step] = [0, 1, 2].map((i) => f.op(`extractvalue {i64, i64, i64} ${l.args[0]}, ${i}`));
        return rangeLength(f, start, stop, step);
      },
    };
  }
  if (a === unicode) {
    // Code points of a UTF-8 string: the bytes that do not continue a sequence.
    return {
      name: c.name, args: [a], ret: int64,
      lower: (l) => l.f.call("i64", l.m.helper("nj.strlen", () => [
        "define internal i64 @nj.strlen(ptr %s) #0 {",
        "entry:",
        "  br label %loop",
        "loop:",
        "  %i = phi i64 [0, %entry], [%i1, %body]",
        "  %n = phi i64 [0, %entry], [%n1, %body]",
        "  %p = getelementptr inbounds i8, ptr %s, i64 %i",
        "  %c = load i8, ptr %p",
        "  %end = icmp eq i8 %c, 0",
        "  br i1 %end, label %done, label %body",
        "body:",
        "  %hi = and i8 %c, -64",
        "  %cont = icmp eq i8 %hi, -128",
        "  %add = select i1 %cont, i64 0, i64 1",
        "  %n1 = add i64 %n, %add",
        "  %i1 = add i64 %i, 1",
        "  br label %loop",
        "done:",
        "  ret i64 %n",
        "}",
      ].join("\n")), [`ptr ${l.args[0]}`]),
    };
  }
  return badArgs(c);
});

/** Number of items of range(start, stop, step), step != 0. */
export function rangeLength(f: FnText, start: string, stop: string, step: string): string {
  // n = (|stop - start| - 1) / |step| + 1 when nonempty, else 0. The distance and the
  // step's magnitude are unsigned (they fit in 64 bits unsigned), so no step overflows.
  const pos = f.op(`icmp sgt i64 ${step}, 0`);
  const lt = f.op(`icmp slt i64 ${start}, ${stop}`);
  const gt = f.op(`icmp sgt i64 ${start}, ${stop}`);
  const nonempty = f.op(`select i1 ${pos}, i1 ${lt}, i1 ${gt}`);
  const d1 = f.op(`sub i64 ${stop}, ${start}`);
  const d2 = f.op(`sub i64 ${start}, ${stop}`);
  const d = f.op(`select i1 ${pos}, i64 ${d1}, i64 ${d2}`);
  const nstep = f.op(`sub i64 0, ${step}`);
  const s = f.op(`select i1 ${pos}, i64 ${step}, i64 ${nstep}`);
  // A step of 0 (rejected by range() itself) must not divide by zero here.
  const safe = f.op(`select i1 ${f.op(`icmp eq i64 ${s}, 0`)}, i64 1, i64 ${s}`);
  const q = f.op(`udiv i64 ${f.op(`sub i64 ${d}, 1`)}, ${safe}`);
  const n = f.op(`add i64 ${q}, 1`);
  return f.op(`select i1 ${nonempty}, i64 ${n}, i64 0`);
}

// range(stop: int) / range(start: int, stop: int) / range(start: int, stop: int, step: int) -> range
register("range", (c) => {
  arity(c, 1, 3);
  if (!c.args.every((t) => isInt(t) || t === bool)) {
    throw typingError(`range() takes integers, not (${c.args.map((t) => t.key).join(", ")}); convert with int() first.`, c.span);
  }
  return {
    name: c.name, args: c.args.map(() => int64), ret: rangeState,
    lower: (l) => {
      const [start, stop, step] = l.args.length === 1 ? ["0", l.args[0], "1"] : [l.args[0], l.args[1], l.args[2] ?? "1"];
      if (l.args.length === 3) {
        const z = l.f.op(`icmp eq i64 ${step}, 0`);
        l.raiseIf(z, "ValueError", "range() arg 3 must not be zero");
      }
      const a = l.f.op(`insertvalue {i64, i64, i64} undef, i64 ${start}, 0`);
      const b = l.f.op(`insertvalue {i64, i64, i64} ${a}, i64 ${stop}, 1`);
      return l.f.op(`insertvalue {i64, i64, i64} ${b}, i64 ${step}, 2`);
    },
  };
});

/** The iterator type `for x in <t>` uses, or null if `t` is not iterable. */
export function iterTypeOf(t: Type): IterType | null {
  if (t.tag === "iter") return t;
  if (t === rangeState) return iterOf("range", int64, [int64, int64, int64]);
  if (t.tag === "tuple" && t.homogeneous) return iterOf("tuple", t.items[0], [t, int64]);
  if (t.tag === "array" && t.ndim > 0) return arrayIterType(t);
  if (t.tag === "list" && t.elem !== null) return iterOf("list", t.elem, [t, int64]);
  return null;
}

// enumerate(iterable, start: int = 0) -> iterator of (int, item)
register("enumerate", (c) => {
  if (c.args.length < 1 || c.args.length > 2) arity(c, 1, 2);
  const it = iterTypeOf(c.args[0]);
  if (it === null) throw typingError(`enumerate() needs an iterable (a range or a homogeneous tuple), not ${c.args[0].key}.`, c.span);
  const hasStart = c.args.length === 2 || c.kwargs.some((k) => k.name === "start");
  const ret = iterOf("enumerate", tupleOf([int64, it.yields]), [int64, it]);
  return {
    name: c.name, args: hasStart ? [c.args[0], int64] : [c.args[0]], ret,
    lower: (l) => {
      const inner = l.getiter(l.args[0], c.args[0]);
      const ty = llvmType(ret);
      const a = l.f.op(`insertvalue ${ty} undef, i64 ${l.args[1] ?? "0"}, 0`);
      return l.f.op(`insertvalue ${ty} ${a}, ${llvmType(it)} ${inner}, 1`);
    },
  };
});

// zip(*iterables) -> iterator of tuples
register("zip", (c) => {
  noKwargs(c);
  const its = c.args.map((t) => {
    const it = iterTypeOf(t);
    if (it === null) throw typingError(`zip() needs iterables (ranges or homogeneous tuples), not ${t.key}.`, c.span);
    return it;
  });
  const ret = iterOf("zip", tupleOf(its.map((i) => i.yields)), its);
  return {
    name: c.name, args: c.args, ret,
    lower: (l) => {
      const ty = llvmType(ret);
      let acc = "undef";
      its.forEach((it, i) => { acc = l.f.op(`insertvalue ${ty} ${acc}, ${llvmType(it)} ${l.getiter(l.args[i], c.args[i])}, ${i}`); });
      return its.length === 0 ? "zeroinitializer" : acc;
    },
  };
});

// sum(t: tuple, start: number = 0) -> number; sum(r: range, start: int = 0) -> int
register("sum", (c) => {
  arity(c, 1, 2);
  const startT = c.args[1] ?? int64;
  const a = c.args[0];
  if (a === rangeState) {
    if (!(isInt(startT) || startT === bool)) badArgs(c);
    return {
      name: c.name, args: c.args.length === 2 ? [a, int64] : [a], ret: int64,
      lower: (l) => {
        // n*start + step*n*(n-1)/2 in wrapping int64 arithmetic, as the loop would give.
        const f = l.f;
        const [start, stop, step] = [0, 1, 2].map((i) => f.op(`extractvalue {i64, i64, i64} ${l.args[0]}, ${i}`));
        const n = rangeLength(f, start, stop, step);
        const n1 = f.op(`sub i64 ${n}, 1`);
        const odd = f.op(`icmp ne i64 ${f.op(`and i64 ${n}, 1`)}, 0`);
        const tri = f.op(`select i1 ${odd}, i64 ${f.op(`mul i64 ${n}, ${f.op(`ashr i64 ${n1}, 1`)}`)}, i64 ${f.op(`mul i64 ${f.op(`ashr i64 ${n}, 1`)}, ${n1}`)}`);
        const total = f.op(`add i64 ${f.op(`mul i64 ${n}, ${start}`)}, ${f.op(`mul i64 ${step}, ${tri}`)}`);
        return l.args.length === 2 ? f.op(`add i64 ${total}, ${l.args[1]}`) : total;
      },
    };
  }
  if (a.tag !== "tuple") throw typingError(`sum() needs a tuple or a range in jitted code, not ${a.key}.`, c.span);
  let t: Type | null = startT === bool ? int64 : startT;
  for (const it of a.items) t = t === null ? null : arithResult(t, it);
  if (t === null || !isNumber(startT) || !a.items.every(isNumber)) badArgs(c);
  const ret = t;
  return {
    name: c.name, args: c.args.length === 2 ? [a, startT] : [a], ret,
    lower: (l) => {
      let acc = l.cast(l.args.length === 2 ? l.args[1] : "0", l.args.length === 2 ? startT : int64, ret);
      a.items.forEach((it, i) => {
        const v = l.cast(l.f.op(`extractvalue ${llvmType(a)} ${l.args[0]}, ${i}`), it, ret);
        acc = l.arith("add", ret, acc, v);
      });
      return acc;
    },
  };
});

for (const name of ["any", "all"]) {
  // any(t: tuple) -> bool; all(t: tuple) -> bool
  register(name, (c) => {
    arity(c, 1);
    const a = c.args[0];
    if (a.tag !== "tuple") throw typingError(`${name}() needs a tuple in jitted code, not ${a.key}.`, c.span);
    return {
      name, args: [a], ret: bool,
      lower: (l) => {
        let acc = name === "any" ? "false" : "true";
        a.items.forEach((it, i) => {
          const v = l.truth(l.f.op(`extractvalue ${llvmType(a)} ${l.args[0]}, ${i}`), it);
          acc = l.f.op(`${name === "any" ? "or" : "and"} i1 ${acc}, ${v}`);
        });
        return acc;
      },
    };
  });
}

// print(*values) -> None; writes str() of each value to sys.stdout, as Python's print does
register("print", (c) => {
  if (c.kwargs.length > 0) throw typingError("print() keyword arguments (sep, end, file) are not supported in jitted code.", c.span);
  for (const t of c.args) printable(t, c.span);
  return {
    name: c.name, args: c.args, ret: none,
    lower: (l) => {
      const f = l.f, m = l.m;
      m.declare("PyGILState_Ensure", "declare i32 @PyGILState_Ensure()");
      m.declare("PyGILState_Release", "declare void @PyGILState_Release(i32)");
      m.declare("PySys_FormatStdout", "declare void @PySys_FormatStdout(ptr, ...)");
      m.declare("PyObject_Str", "declare ptr @PyObject_Str(ptr)");
      m.declare("PyUnicode_AsUTF8", "declare ptr @PyUnicode_AsUTF8(ptr)");
      m.declare("Py_DecRef", "declare void @Py_DecRef(ptr)");
      // The GIL is taken here (the function may run under nogil); Python objects give
      // exactly Python's formatting of every value.
      const g = f.call("i32", "@PyGILState_Ensure", []);
      const onFail = [`call void @PyGILState_Release(i32 ${g})`, `store ptr ${m.excSite("MemoryError", "print() failed")}, ptr %exc`, "ret i32 1"];
      const texts: string[] = [];
      const strs: string[] = [];
      c.args.forEach((t, i) => {
        if (t === unicode) { texts.push(l.args[i]); return; }
        const obj = l.box(l.args[i], t, onFail);
        const s = f.call("ptr", "@PyObject_Str", [`ptr ${obj}`]);
        f.call("void", "@Py_DecRef", [`ptr ${obj}`]);
        const bad = f.label("strfail"), ok = f.label("ok");
        f.emit(`br i1 ${f.op(`icmp eq ptr ${s}, null`)}, label %${bad}, label %${ok}`);
        f.start(bad);
        for (const line of onFail) f.emit(line);
        f.start(ok);
        strs.push(s);
        texts.push(f.call("ptr", "@PyUnicode_AsUTF8", [`ptr ${s}`]));
      });
      const fmt = m.cstring(c.args.map(() => "%s").join(" ") + "\n");
      f.emit(`call void (ptr, ...) @PySys_FormatStdout(ptr ${fmt}${texts.map((v) => `, ptr ${v}`).join("")})`);
      for (const s of strs) f.call("void", "@Py_DecRef", [`ptr ${s}`]);
      f.call("void", "@PyGILState_Release", [`i32 ${g}`]);
      return "0";
    },
  };
});

function printable(t: Type, span: Span): void {
  if (isNumber(t) || t === none || t === unicode) return;
  if (t.tag === "tuple") { t.items.forEach((x) => printable(x, span)); return; }
  if (t.tag === "optional") { printable(t.inner, span); return; }
  if (t.tag === "list") return; // boxed to a Python list (lists/boxing.ts)
  throw typingError(`print() cannot print a value of type ${t.key} in jitted code.`, span);
}

/** Names of Python's built-in exception classes that jitted code may raise. */
export const EXCEPTION_NAMES = new Set([
  "Exception", "ZeroDivisionError", "ValueError", "TypeError", "IndexError", "KeyError", "AssertionError",
  "OverflowError", "RuntimeError", "ArithmeticError", "NotImplementedError", "StopIteration", "LookupError",
  "FloatingPointError", "MemoryError", "AttributeError", "NameError", "UnboundLocalError", "SystemError",
]);

/** Builtins that exist as names but are values handled by inference itself, not calls. */
/** The registry's names grouped by module, for the supported-features reference. */
export function registryListing(): string {
  const groups = new Map<string, string[]>();
  for (const name of [...BUILTINS.keys()].sort()) {
    const dot = name.indexOf(".");
    const g = dot < 0 ? "builtins" : name.slice(0, dot);
    const list = groups.get(g) ?? [];
    list.push(dot < 0 ? name : name.slice(dot + 1));
    groups.set(g, list);
  }
  groups.set("exceptions (raise Cls / raise Cls(\"constant message\"))", [...EXCEPTION_NAMES].sort());
  groups.set("module constants", [...MODULE_CONSTS.keys()].sort());
  return [...groups].map(([g, names]) => `${g}: ${names.join(", ")}`).join("\n") + "\n";
}

export function isKnownBuiltin(name: string): boolean {
  return BUILTINS.has(name) || EXCEPTION_NAMES.has(name) || name === "None" || name === "True" || name === "False";
}

void complex64;
