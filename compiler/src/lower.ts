/**
 * @fileoverview Lowering: typed IR → LLVM IR text, one native function per specialisation.
 *
 * In: the `TFunction`s of one compile (root first) and a `ModuleText` to write into.
 * Out: `define` bodies appended to the module.
 *
 * Calling convention of native functions:
 *   `i32 @nj_<key>__<argtypes>(ptr %ret, ptr %exc, <one LLVM value per parameter>)`
 * returns 0 with the result stored at `%ret`, or 1 with a pointer to a constant
 * `{i32 code, ptr message}` (llvm.ts EXCEPTIONS) stored at `%exc`. Callers propagate a
 * nonzero status unchanged; the entry point (entry.ts) turns it into a Python exception.
 * Every IR variable is an `alloca` in the entry block (O3's mem2reg makes them SSA);
 * statements load operands, compute, and store. Aggregates (tuples, complex, optional,
 * iterators) are first-class LLVM struct or array values.
 */
import { internalError as _unused } from "./diagnostics";
import { rangeLength, type LowerCtx } from "./builtins";
import { box } from "./entry";
import { iterTypeOf } from "./builtins";
import { arrayGetiter, arrayIterNext } from "./arrays/access";
import { decref, hasRefs, incref } from "./arrays/core";
import { listGetiter, listIterNext, listTruth } from "./lists/iter";
import { doubleConst, fastmathFlags, FnText, floatConst, type ModuleText } from "./llvm";
import type { ConstValue, Var } from "./ir";
import type { ArithOp, CmpOp, TExpr, TFunction, TStmt, TTerm } from "./typed_ir";
import {
  bool, float32, float64, int64, isComplex, isFloat, isInt, llvmType, none, rangeState, unicode,
  type ComplexType, type IterType, type Type,
} from "./types";

/** Writes every function of one compile into `m`; the root's native symbol is exported. */
export function lowerFunctions(fns: TFunction[], m: ModuleText): void {
  const byKey = new Map(fns.map((f) => [f.key, f]));
  fns.forEach((f, i) => new FunctionLowering(f, m, byKey, i === 0).run());
}

/** The LLVM parameter list text of a native function (after %ret and %exc). */
export function nativeParams(argtypes: Type[]): string[] {
  return argtypes.map((t, i) => `${llvmType(t)} %a${i}`);
}

class FunctionLowering implements LowerCtx {
  f: FnText;
  args: string[] = [];
  types: Type[] = [];
  ret: Type = none;
  errorModel: "python" | "numpy";
  private allocas: string[] = [];
  /** The `except` block an exception raised by the current statement jumps to, if any. */
  private handler: number | null = null;
  private nslot = 0;
  /** The expression of each variable assigned exactly once (null: assigned more often). */
  private defs = new Map<Var, TExpr | null>();

  constructor(private tf: TFunction, readonly m: ModuleText, private byKey: Map<string, TFunction>, private exported: boolean) {
    this.f = new FnText(m, fastmathFlags(tf.options.fastmath));
    this.errorModel = tf.options.error_model === "numpy" ? "numpy" : "python";
    const def = (v: Var, e: TExpr | null) => this.defs.set(v, this.defs.has(v) ? null : e);
    for (const b of tf.blocks) {
      for (const s of b.body) {
        if (s.k === "assign") def(s.target, s.value);
        else { def(s.value, null); def(s.valid, null); }
      }
    }
  }

  /**
   * 1 or -1 when `it` is the iterator of a `range` whose step is that constant (or
   * absent), else 0. Such an iterator keeps `{cur, stop, step}` and tests `cur < stop`
   * (`cur > stop`) rather than counting down its length: `cur + step` cannot overflow
   * while the test holds, and LLVM then knows the bounds of the loop variable in the body
   * (for example that `c - w >= 0` in `for c in range(hi, w - 1, -1)`, so the index needs
   * no wraparound).
   */
  private unitRangeStep(it: Var): 1 | -1 | 0 {
    const g = this.defs.get(it);
    if (g === undefined || g === null || g.k !== "getiter") return 0;
    const r = this.defs.get(g.value);
    if (r === undefined || r === null || r.k !== "intrinsic" || r.type !== rangeState || r.impl.name !== "range") return 0;
    if (r.args.length < 3) return 1;
    const s = this.defs.get(r.args[2]);
    if (s === undefined || s === null || s.k !== "const" || s.value.k !== "int") return 0;
    return s.value.v === 1n ? 1 : s.value.v === -1n ? -1 : 0;
  }

  /** The shared block that releases the locals and returns 1 (see `leave`). */
  private unwind: string | null = null;
  private finished = false;

  get fn(): TFunction { return this.tf; }

  run(): void {
    const tf = this.tf;
    const f = this.f;
    for (const b of tf.blocks) {
      f.start(`B${b.id}`);
      for (const s of b.body) {
        this.handler = s.handler ?? null;
        this.stmt(s);
      }
      this.handler = b.term.k === "raise" ? b.term.handler ?? null : null;
      this.term(b.term);
      this.handler = null;
    }
    if (this.unwind !== null) {
      f.start(this.unwind);
      this.releaseLocals();
      f.emit("ret i32 1");
    }
    this.finished = true;
    const header = [`${this.exported ? "" : "internal "}i32 @${tf.symbol}(ptr noalias nocapture %ret, ptr noalias nocapture %exc${tf.argtypes.map((t, i) => `, ${llvmType(t)} %a${i}`).join("")})`];
    const attrs = tf.options.inline === "always" && !this.exported ? "#1" : "#0";
    const lines = [`define ${header[0]} ${attrs} {`, "entry:"];
    for (const [v, t] of tf.vars) lines.push(`  ${this.slot(v)} = alloca ${llvmType(t)}`);
    lines.push(...this.allocas);
    // variables holding array references start empty (null meminfo: nothing to release)
    for (const [v, t] of tf.vars) if (hasRefs(t)) lines.push(`  store ${llvmType(t)} zeroinitializer, ptr ${this.slot(v)}`);
    lines.push(`  br label %B${tf.blocks[0].id}`);
    lines.push(...f.body(), "}");
    this.m.functions.push(lines.join("\n"));
  }

  /** Stores into a variable, keeping array reference counts: a borrowed value gains a
   *  reference, the variable's old value loses one. */
  private storeRef(v: Var, val: string, owned: boolean): void {
    const t = this.typeOf(v);
    if (!hasRefs(t)) { this.store(v, val); return; }
    if (!owned) incref(this.f, t, val);
    decref(this.f, t, this.load(v));
    this.store(v, val);
  }

  /** Drops the array references held by every variable (before returning). */
  private releaseLocals(): void {
    for (const [v, t] of this.tf.vars) if (hasRefs(t)) decref(this.f, t, this.load(v));
  }

  private slot(v: Var): string { return `%"v.${v.replace(/["\\]/g, "_")}"`; }
  private typeOf(v: Var): Type { return this.tf.vars.get(v)!; }
  private load(v: Var): string {
    const t = this.typeOf(v);
    // a number assigned once and never again is its constant (so lowering code can see
    // a literal divisor, step or index)
    const d = this.defs.get(v);
    if (d !== undefined && d !== null && d.k === "const" && d.type === t && (isInt(t) || isFloat(t) || t === bool)) {
      return this.constant(d.value, t);
    }
    return this.f.op(`load ${llvmType(t)}, ptr ${this.slot(v)}`);
  }
  private store(v: Var, val: string): void {
    this.f.emit(`store ${llvmType(this.typeOf(v))} ${val}, ptr ${this.slot(v)}`);
  }
  /** A scratch alloca in the entry block. */
  private scratch(ty: string): string {
    const name = `%s${this.nslot++}`;
    this.allocas.push(`  ${name} = alloca ${ty}`);
    return name;
  }

  // -- statements and terminators ----------------------------------------------------------

  private stmt(s: TStmt): void {
    switch (s.k) {
      case "assign": {
        // a unit-step range iterator is the range's own {start, stop, step} (see unitRangeStep)
        const val = s.value.k === "getiter" && this.unitRangeStep(s.target) !== 0 ? this.load(s.value.value) : this.expr(s.value);
        const owned = s.value.k === "call" || (s.value.k === "intrinsic" && s.value.impl.owned === true);
        this.storeRef(s.target, val, owned);
        return;
      }
      case "iternext": {
        const it = this.typeOf(s.iter) as IterType;
        const unit = this.unitRangeStep(s.iter);
        const [value, valid] = unit !== 0 ? this.unitRangeNext(this.slot(s.iter), unit) : this.iterNext(this.slot(s.iter), it);
        this.storeRef(s.value, value, false);
        this.store(s.valid, valid);
        return;
      }
    }
  }

  private term(t: TTerm): void {
    const f = this.f;
    switch (t.k) {
      case "jump": f.emit(`br label %B${t.target}`); return;
      case "branch": f.emit(`br i1 ${this.load(t.cond)}, label %B${t.then}, label %B${t.else}`); return;
      case "return": {
        const v = this.load(t.value);
        // the caller gets its own reference to arrays in the result; locals release theirs
        incref(f, this.tf.restype, v);
        this.releaseLocals();
        f.emit(`store ${llvmType(this.tf.restype)} ${v}, ptr %ret`);
        f.emit("ret i32 0");
        return;
      }
      case "raise": {
        this.leave(t.exc, t.message);
        return;
      }
    }
  }

  /** Ends the block raising `exc`: to the enclosing `except` block, or out of the function.
   *  `exc` null: the exception a callee already described at `%exc`. */
  private leave(exc: string | null, msg: string | null): void {
    // the handler's except clauses read the class and message from the site at %exc
    if (exc !== null) this.f.emit(`store ptr ${this.m.excSite(exc, msg)}, ptr %exc`);
    if (this.handler !== null) { this.f.emit(`br label %B${this.handler}`); return; }
    // arrays held by variables are not leaked by an exception: every raise site of the
    // function branches to one block that releases them (one copy of the releases rather
    // than one per site, which made LLVM's time grow with the number of raise sites)
    if (this.finished) { this.releaseLocals(); this.f.emit("ret i32 1"); return; }
    if (this.unwind === null) this.unwind = this.f.label("unwind");
    this.f.emit(`br label %${this.unwind}`);
  }

  raise(exc: string | null, msg: string | null): void {
    this.leave(exc, msg);
    this.f.start(this.f.label("dead"));
  }

  raiseIf(cond: string, exc: string, msg: string | null): void {
    const bad = this.f.label("raise"), ok = this.f.label("ok");
    this.f.emit(`br i1 ${cond}, label %${bad}, label %${ok}`);
    this.f.start(bad);
    this.leave(exc, msg);
    this.f.start(ok);
  }

  // -- expressions -------------------------------------------------------------------------

  private expr(e: TExpr): string {
    const f = this.f;
    switch (e.k) {
      case "const": return this.constant(e.value, e.type);
      case "var": return this.load(e.name);
      case "arg": return `%a${e.index}`;
      case "cast": return this.cast(this.load(e.value), this.typeOf(e.value), e.type);
      case "arith": return this.arith(e.op, e.type, this.load(e.lhs), this.load(e.rhs));
      case "unary": {
        const v = this.load(e.operand);
        const ty = llvmType(e.type);
        if (e.op === "not") return f.op(`xor i1 ${v}, true`);
        if (e.op === "invert") return f.op(`xor ${ty} ${v}, -1`);
        if (isInt(e.type)) return f.op(`sub ${ty} 0, ${v}`);
        if (isFloat(e.type)) return f.op(`fneg${f.fastmath ? " " + f.fastmath : ""} ${ty} ${v}`);
        if (isComplex(e.type)) {
          const [re, im] = this.parts(v, e.type);
          return this.complex(f.op(`fneg ${llvmType(e.type.part)} ${re}`), f.op(`fneg ${llvmType(e.type.part)} ${im}`), e.type);
        }
        throw new Error(`negation of ${e.type.key}`);
      }
      case "cmp": return this.cmp(e.op, this.typeOf(e.lhs), this.load(e.lhs), this.load(e.rhs));
      case "is_none": {
        const t = this.typeOf(e.value);
        const present = f.op(`extractvalue ${llvmType(t)} ${this.load(e.value)}, 0`);
        return e.negate ? present : f.op(`xor i1 ${present}, true`);
      }
      case "truth": return this.truth(this.load(e.value), this.typeOf(e.value));
      case "call": {
        const callee = this.byKey.get(e.target)!;
        const rslot = this.scratch(llvmType(callee.restype));
        const args = e.args.map((a, i) => `${llvmType(callee.argtypes[i])} ${this.load(a)}`);
        const st = f.call("i32", `@${callee.symbol}`, [`ptr ${rslot}`, "ptr %exc", ...args]);
        const failed = f.op(`icmp ne i32 ${st}, 0`);
        const bad = f.label("propagate"), ok = f.label("ok");
        f.emit(`br i1 ${failed}, label %${bad}, label %${ok}`);
        f.start(bad);
        this.leave(null, null);
        f.start(ok);
        return f.op(`load ${llvmType(callee.restype)}, ptr ${rslot}`);
      }
      case "intrinsic": {
        this.args = e.args.map((a) => this.load(a));
        this.types = e.args.map((a) => this.typeOf(a));
        this.ret = e.type;
        return e.impl.lower(this);
      }
      case "tuple": return this.aggregate(e.type, e.items.map((v) => this.load(v)));
      case "extract": return f.op(`extractvalue ${llvmType(this.typeOf(e.value))} ${this.load(e.value)}, ${e.index}`);
      case "dyn_index": {
        const tt = this.typeOf(e.value);
        if (tt.tag !== "tuple") throw new Error("dyn_index on non-tuple");
        const n = tt.items.length;
        const ty = llvmType(tt);
        const tmp = this.scratch(ty);
        f.emit(`store ${ty} ${this.load(e.value)}, ptr ${tmp}`);
        let i = this.load(e.index);
        const neg = f.op(`icmp slt i64 ${i}, 0`);
        const wrapped = f.op(`add i64 ${i}, ${n}`);
        i = f.op(`select i1 ${neg}, i64 ${wrapped}, i64 ${i}`);
        const oob = f.op(`icmp uge i64 ${i}, ${n}`);
        this.raiseIf(oob, "IndexError", "tuple index out of range");
        const p = f.op(`getelementptr inbounds ${ty}, ptr ${tmp}, i64 0, i64 ${i}`);
        return f.op(`load ${llvmType(e.type)}, ptr ${p}`);
      }
      case "getiter": return this.getiter(this.load(e.value), this.typeOf(e.value));
      case "make_closure": return e.captured.length === 0 ? "zeroinitializer" : this.aggregate(e.type, e.captured.map((v) => this.load(v)), e.captured.map((v) => this.typeOf(v)));
      case "opaque": return "0";
    }
  }

  /** Builds a struct/array value from item values. */
  private aggregate(t: Type, vals: string[], itemTypes?: Type[]): string {
    const ty = llvmType(t);
    if (vals.length === 0) return "zeroinitializer";
    const items = itemTypes ?? (t.tag === "tuple" ? t.items : []);
    let acc = "undef";
    vals.forEach((v, i) => { acc = this.f.op(`insertvalue ${ty} ${acc}, ${llvmType(items[i])} ${v}, ${i}`); });
    return acc;
  }

  private constant(c: ConstValue, t: Type): string {
    switch (c.k) {
      case "int":
        if (t === bool) return c.v !== 0n ? "true" : "false";
        if (isFloat(t)) return this.floatText(Number(c.v), t);
        return BigInt.asIntN(isInt(t) ? t.bits : 64, c.v).toString();
      case "float": return this.floatText(c.v, t);
      case "bool": return c.v ? "true" : "false";
      case "none": return "0";
      case "str": return this.m.cstring(c.v);
      case "complex": return this.complexConst(c.re, c.im, t as ComplexType);
      case "tuple": {
        if (t.tag !== "tuple") throw new Error("tuple constant of non-tuple type");
        return this.aggregate(t, c.items.map((x, i) => this.constant(x, t.items[i])));
      }
    }
  }
  private floatText(v: number, t: Type): string { return t === float32 ? floatConst(v) : doubleConst(v); }
  private complexConst(re: number, im: number, t: ComplexType): string {
    const p = llvmType(t.part);
    return `{${p} ${this.floatText(re, t.part)}, ${p} ${this.floatText(im, t.part)}}`;
  }
  private parts(v: string, t: ComplexType): [string, string] {
    const ty = llvmType(t);
    return [this.f.op(`extractvalue ${ty} ${v}, 0`), this.f.op(`extractvalue ${ty} ${v}, 1`)];
  }
  private complex(re: string, im: string, t: ComplexType): string {
    const ty = llvmType(t), p = llvmType(t.part);
    const a = this.f.op(`insertvalue ${ty} undef, ${p} ${re}, 0`);
    return this.f.op(`insertvalue ${ty} ${a}, ${p} ${im}, 1`);
  }

  // -- conversions -------------------------------------------------------------------------

  cast(v: string, from: Type, to: Type): string {
    const f = this.f;
    if (from === to) return v;
    if (from.tag === "method" || to.tag === "method") return v; // a bound method is its receiver's value
    if (from.tag === "array" && to.tag === "array") return v; // a layout or read-only change: same struct
    if (from.tag === "list" && to.tag === "list") return v; // `[]` typed by its later appends
    if (to === bool) return this.truth(v, from);
    if (from.tag === "optional") {
      if (to.tag === "optional") {
        const present = f.op(`extractvalue ${llvmType(from)} ${v}, 0`);
        const inner = this.cast(f.op(`extractvalue ${llvmType(from)} ${v}, 1`), from.inner, to.inner);
        const a = f.op(`insertvalue ${llvmType(to)} undef, i1 ${present}, 0`);
        return f.op(`insertvalue ${llvmType(to)} ${a}, ${llvmType(to.inner)} ${inner}, 1`);
      }
      return this.cast(f.op(`extractvalue ${llvmType(from)} ${v}, 1`), from.inner, to);
    }
    if (to.tag === "optional") {
      if (from === none) return "zeroinitializer";
      const inner = this.cast(v, from, to.inner);
      const a = f.op(`insertvalue ${llvmType(to)} undef, i1 true, 0`);
      return f.op(`insertvalue ${llvmType(to)} ${a}, ${llvmType(to.inner)} ${inner}, 1`);
    }
    if (from.tag === "tuple" && to.tag === "tuple") {
      const items = from.items.map((it, i) => this.cast(f.op(`extractvalue ${llvmType(from)} ${v}, ${i}`), it, to.items[i]));
      return this.aggregate(to, items);
    }
    const fty = llvmType(from), tty = llvmType(to);
    if (isComplex(to)) {
      if (isComplex(from)) {
        const [re, im] = this.parts(v, from);
        return this.complex(this.cast(re, from.part, to.part), this.cast(im, from.part, to.part), to);
      }
      return this.complex(this.cast(v, from, to.part), this.floatText(0, to.part), to);
    }
    if (from === bool) {
      if (isInt(to)) return f.op(`zext i1 ${v} to ${tty}`);
      if (isFloat(to)) return f.op(`uitofp i1 ${v} to ${tty}`);
    }
    if (isInt(from)) {
      if (isInt(to)) {
        if (to.bits === from.bits) return v;
        if (to.bits < from.bits) return f.op(`trunc ${fty} ${v} to ${tty}`);
        return f.op(`${from.signed ? "sext" : "zext"} ${fty} ${v} to ${tty}`);
      }
      if (isFloat(to)) return f.op(`${from.signed ? "sitofp" : "uitofp"} ${fty} ${v} to ${tty}`);
    }
    if (isFloat(from)) {
      if (isFloat(to)) return f.op(`${to.bits > from.bits ? "fpext" : "fptrunc"} ${fty} ${v} to ${tty}`);
      if (isInt(to)) {
        const name = `llvm.${to.signed ? "fptosi" : "fptoui"}.sat.${tty}.${from === float32 ? "f32" : "f64"}`;
        this.m.declare(name, `declare ${tty} @${name}(${fty}) #0`);
        if (!to.signed) return f.call(tty, `@${name}`, [`${fty} ${v}`]);
        // Saturating (NaN gives 0), as documented. A value inside the range converts with
        // one plain fptosi; the rest (NaN, huge values) take a rarely run block with the
        // saturating conversion, so the common path is one compare and a predicted branch
        // rather than the clamping sequence (histogram: int(x[i] * nbins)).
        this.m.declare(`llvm.fabs.${fty === "float" ? "f32" : "f64"}`, `declare ${fty} @llvm.fabs.${fty === "float" ? "f32" : "f64"}(${fty}) #0`);
        const ax = f.call(fty, `@llvm.fabs.${fty === "float" ? "f32" : "f64"}`, [`${fty} ${v}`]);
        const limit = fty === "float" ? floatConst(2 ** (to.bits - 1)) : doubleConst(2 ** (to.bits - 1));
        const inRange = f.op(`fcmp olt ${fty} ${ax}, ${limit}`);
        const fast = f.label("toint"), slow = f.label("tointsat"), join = f.label("tointdone");
        this.m.declare("llvm.expect.i1", "declare i1 @llvm.expect.i1(i1, i1) #0");
        f.emit(`br i1 ${f.call("i1", "@llvm.expect.i1", [`i1 ${inRange}`, "i1 true"])}, label %${fast}, label %${slow}`);
        f.start(fast);
        const r1 = f.op(`fptosi ${fty} ${v} to ${tty}`);
        f.emit(`br label %${join}`);
        f.start(slow);
        // (llvm.sideeffect keeps LLVM from speculating this block back into a select)
        this.m.declare("llvm.sideeffect", "declare void @llvm.sideeffect() #0");
        f.emit("call void @llvm.sideeffect()");
        const r2 = f.call(tty, `@${name}`, [`${fty} ${v}`]);
        f.emit(`br label %${join}`);
        f.start(join);
        return f.op(`phi ${tty} [ ${r1}, %${fast} ], [ ${r2}, %${slow} ]`);
      }
    }
    throw new Error(`no conversion from ${from.key} to ${to.key}`);
  }

  truth(v: string, t: Type): string {
    const f = this.f;
    if (t === bool) return v;
    if (isInt(t)) return f.op(`icmp ne ${llvmType(t)} ${v}, 0`);
    if (isFloat(t)) return f.op(`fcmp une ${llvmType(t)} ${v}, 0.0`);
    if (isComplex(t)) {
      const [re, im] = this.parts(v, t);
      const p = llvmType(t.part);
      return f.op(`or i1 ${f.op(`fcmp une ${p} ${re}, 0.0`)}, ${f.op(`fcmp une ${p} ${im}, 0.0`)}`);
    }
    if (t === none) return "false";
    if (t.tag === "list") return listTruth(f, v);
    if (t.tag === "optional") {
      const present = f.op(`extractvalue ${llvmType(t)} ${v}, 0`);
      const inner = this.truth(f.op(`extractvalue ${llvmType(t)} ${v}, 1`), t.inner);
      return f.op(`and i1 ${present}, ${inner}`);
    }
    if (t.tag === "tuple") return t.items.length > 0 ? "true" : "false";
    if (t === unicode) return f.op(`icmp ne i8 ${f.op(`load i8, ptr ${v}`)}, 0`);
    if (t === rangeState) {
      const [start, stop, step] = [0, 1, 2].map((i) => f.op(`extractvalue {i64, i64, i64} ${v}, ${i}`));
      const pos = f.op(`icmp sgt i64 ${step}, 0`);
      return f.op(`select i1 ${pos}, i1 ${f.op(`icmp slt i64 ${start}, ${stop}`)}, i1 ${f.op(`icmp sgt i64 ${start}, ${stop}`)}`);
    }
    throw new Error(`truth of ${t.key}`);
  }

  // -- arithmetic --------------------------------------------------------------------------

  cmp(op: CmpOp, t: Type, a: string, b: string): string {
    const f = this.f;
    if (t === bool || isInt(t)) {
      const signed = isInt(t) && t.signed;
      const pred = { eq: "eq", ne: "ne", lt: signed ? "slt" : "ult", le: signed ? "sle" : "ule", gt: signed ? "sgt" : "ugt", ge: signed ? "sge" : "uge" }[op];
      return f.op(`icmp ${pred} ${llvmType(t)} ${a}, ${b}`);
    }
    if (isFloat(t)) {
      const pred = { eq: "oeq", ne: "une", lt: "olt", le: "ole", gt: "ogt", ge: "oge" }[op];
      return f.op(`fcmp${f.fastmath ? " " + f.fastmath : ""} ${pred} ${llvmType(t)} ${a}, ${b}`);
    }
    if (isComplex(t)) {
      const [ar, ai] = this.parts(a, t), [br, bi] = this.parts(b, t);
      const p = llvmType(t.part);
      if (op === "eq") return f.op(`and i1 ${f.op(`fcmp oeq ${p} ${ar}, ${br}`)}, ${f.op(`fcmp oeq ${p} ${ai}, ${bi}`)}`);
      if (op === "ne") return f.op(`or i1 ${f.op(`fcmp une ${p} ${ar}, ${br}`)}, ${f.op(`fcmp une ${p} ${ai}, ${bi}`)}`);
    }
    throw new Error(`comparison ${op} on ${t.key}`);
  }

  arith(op: ArithOp, t: Type, a: string, b: string): string {
    const f = this.f;
    const ty = llvmType(t);
    if (t === bool) {
      if (op === "and" || op === "or" || op === "xor") return f.op(`${op} i1 ${a}, ${b}`);
      throw new Error(`bool ${op}`);
    }
    if (isInt(t)) {
      switch (op) {
        case "add": case "sub": case "mul": return f.op(`${op}${t.signed ? " nsw" : ""} ${ty} ${a}, ${b}`);
        case "and": case "or": case "xor": return f.op(`${op} ${ty} ${a}, ${b}`);
        case "shl": case "shr": {
          const big = f.op(`icmp uge ${ty} ${b}, ${t.bits}`);
          if (op === "shl") {
            const r = f.op(`shl ${ty} ${a}, ${b}`);
            return f.op(`select i1 ${big}, ${ty} 0, ${ty} ${r}`);
          }
          const amt = f.op(`select i1 ${big}, ${ty} ${t.bits - 1}, ${ty} ${b}`);
          return f.op(`${t.signed ? "ashr" : "lshr"} ${ty} ${a}, ${amt}`);
        }
        case "floordiv": case "mod": return this.intDivMod(op, t, a, b);
        case "pow": {
          // As Numba: a negative exponent gives 0 (or +-1 for a base of +-1), and 0 to a
          // negative power raises under the python error model.
          if (this.errorModel === "python" && t.signed) {
            const z = f.op(`and i1 ${f.op(`icmp eq ${ty} ${a}, 0`)}, ${f.op(`icmp slt ${ty} ${b}, 0`)}`);
            this.raiseIf(z, "ZeroDivisionError", "0 cannot be raised to a negative power");
          }
          const fn = this.m.helper(`nj.ipow.${ty}`, () => ipowHelper(ty));
          return f.call(ty, fn, [`${ty} ${a}`, `${ty} ${b}`]);
        }
        case "truediv": throw new Error("integer truediv reaches lowering");
      }
    }
    if (isFloat(t)) {
      switch (op) {
        case "add": return f.fop("fadd", ty, a, b);
        case "sub": return f.fop("fsub", ty, a, b);
        case "mul": return f.fop("fmul", ty, a, b);
        case "truediv":
          if (this.errorModel === "python") this.raiseIf(f.op(`fcmp oeq ${ty} ${b}, 0.0`), "ZeroDivisionError", "float division by zero");
          return f.fop("fdiv", ty, a, b);
        case "floordiv": case "mod": {
          if (this.errorModel === "python") {
            this.raiseIf(f.op(`fcmp oeq ${ty} ${b}, 0.0`), "ZeroDivisionError", op === "mod" ? "float modulo" : "float floor division by zero");
          }
          const fn = this.m.helper(`nj.fdivmod.${ty}`, () => fdivmodHelper(ty, this.m));
          const pair = f.call(`{${ty}, ${ty}}`, fn, [`${ty} ${a}`, `${ty} ${b}`]);
          return f.op(`extractvalue {${ty}, ${ty}} ${pair}, ${op === "floordiv" ? 0 : 1}`);
        }
        case "pow": {
          if (this.errorModel === "python") {
            const zero = f.op(`fcmp oeq ${ty} ${a}, 0.0`);
            const neg = f.op(`fcmp olt ${ty} ${b}, 0.0`);
            this.raiseIf(f.op(`and i1 ${zero}, ${neg}`), "ZeroDivisionError", "0.0 cannot be raised to a negative power");
          }
          const name = `llvm.pow.${t === float32 ? "f32" : "f64"}`;
          this.m.declare(name, `declare ${ty} @${name}(${ty}, ${ty}) #0`);
          return f.call(ty, `@${name}`, [`${ty} ${a}`, `${ty} ${b}`], true);
        }
        default: throw new Error(`float ${op}`);
      }
    }
    if (isComplex(t)) return this.complexArith(op, t, a, b);
    throw new Error(`arithmetic ${op} on ${t.key}`);
  }

  private intDivMod(op: "floordiv" | "mod", t: Type & { tag: "int" }, a: string, b: string): string {
    const f = this.f;
    const ty = llvmType(t);
    const zero = f.op(`icmp eq ${ty} ${b}, 0`);
    if (this.errorModel === "python") {
      this.raiseIf(zero, "ZeroDivisionError", op === "mod" ? "integer modulo by zero" : "integer division or modulo by zero");
    }
    // unsigned: a divisor of 0 (numpy error model) is replaced by 1, and the quotient by 0
    if (!t.signed) {
      const d = f.op(`select i1 ${zero}, ${ty} 1, ${ty} ${b}`);
      const r = f.op(`${op === "mod" ? "urem" : "udiv"} ${ty} ${a}, ${d}`);
      return op === "mod" ? r : f.op(`select i1 ${zero}, ${ty} 0, ${ty} ${r}`);
    }
    // A constant divisor other than 0 and -1 needs no check: LLVM turns the division into
    // multiplications and the sign fix-up below folds away for a positive one.
    if (/^-?\d+$/.test(b) && b !== "0" && b !== "-1") return this.signedDivMod(op, ty, a, b);
    // Otherwise three blocks: both operands non-negative (the usual case in loops, as in
    // Euclid's algorithm) divide unsigned, with no fix-up on the quotient's path;
    // INT_MIN // -1 (which overflows, and traps on x86) and a divisor of 0 (numpy error
    // model; the python model raised above) take a rarely run block; the rest divide
    // signed and round toward -inf. The tests are branches off the data path.
    const fastU = f.label("udiv"), signed = f.label("sdiv"), fastS = f.label("sdivok"), slow = f.label("divspecial");
    const join = f.label("divdone");
    const nonneg = f.op(`icmp sge ${ty} ${f.op(`or ${ty} ${a}, ${b}`)}, 0`);
    const useU = this.errorModel === "python" ? nonneg : f.op(`and i1 ${nonneg}, ${f.op(`xor i1 ${zero}, true`)}`);
    f.emit(`br i1 ${useU}, label %${fastU}, label %${signed}`);
    f.start(fastU);
    const ures = f.op(`${op === "mod" ? "urem" : "udiv"} ${ty} ${a}, ${b}`);
    f.emit(`br label %${join}`);
    f.start(signed);
    const min = -(1n << BigInt(t.bits - 1));
    const ovf = f.op(`and i1 ${f.op(`icmp eq ${ty} ${a}, ${min}`)}, ${f.op(`icmp eq ${ty} ${b}, -1`)}`);
    f.emit(`br i1 ${f.op(`or i1 ${zero}, ${ovf}`)}, label %${slow}, label %${fastS}`);
    f.start(fastS);
    const sres = this.signedDivMod(op, ty, a, b);
    f.emit(`br label %${join}`);
    // INT_MIN % -1 == x % 0 == 0; INT_MIN // -1 == INT_MIN (wrapping), x // 0 == 0
    f.start(slow);
    const slowRes = op === "mod" ? "0" : f.op(`select i1 ${zero}, ${ty} 0, ${ty} ${a}`);
    f.emit(`br label %${join}`);
    f.start(join);
    return f.op(`phi ${ty} [ ${ures}, %${fastU} ], [ ${sres}, %${fastS} ], [ ${slowRes}, %${slow} ]`);
  }

  /** Python's `a // b` or `a % b` by sdiv/srem, for b not 0 and not (a, b) = (INT_MIN, -1). */
  private signedDivMod(op: "floordiv" | "mod", ty: string, a: string, b: string): string {
    const f = this.f;
    const q = f.op(`sdiv ${ty} ${a}, ${b}`);
    const r = f.op(`srem ${ty} ${a}, ${b}`);
    // Python rounds toward -inf: when the remainder is nonzero and its sign differs from
    // the divisor's, q -= 1 and r += b.
    const rnz = f.op(`icmp ne ${ty} ${r}, 0`);
    const sx = f.op(`xor ${ty} ${r}, ${b}`);
    const diff = f.op(`icmp slt ${ty} ${sx}, 0`);
    const adj = f.op(`and i1 ${rnz}, ${diff}`);
    return op === "mod"
      ? f.op(`select i1 ${adj}, ${ty} ${f.op(`add ${ty} ${r}, ${b}`)}, ${ty} ${r}`)
      : f.op(`select i1 ${adj}, ${ty} ${f.op(`sub ${ty} ${q}, 1`)}, ${ty} ${q}`);
  }

  private complexArith(op: ArithOp, t: ComplexType, a: string, b: string): string {
    const f = this.f;
    const p = llvmType(t.part);
    const [ar, ai] = this.parts(a, t), [br, bi] = this.parts(b, t);
    switch (op) {
      case "add": return this.complex(f.fop("fadd", p, ar, br), f.fop("fadd", p, ai, bi), t);
      case "sub": return this.complex(f.fop("fsub", p, ar, br), f.fop("fsub", p, ai, bi), t);
      case "mul": {
        const re = f.fop("fsub", p, f.fop("fmul", p, ar, br), f.fop("fmul", p, ai, bi));
        const im = f.fop("fadd", p, f.fop("fmul", p, ar, bi), f.fop("fmul", p, ai, br));
        return this.complex(re, im, t);
      }
      case "truediv": {
        if (this.errorModel === "python") {
          const z = f.op(`and i1 ${f.op(`fcmp oeq ${p} ${br}, 0.0`)}, ${f.op(`fcmp oeq ${p} ${bi}, 0.0`)}`);
          this.raiseIf(z, "ZeroDivisionError", "complex division by zero");
        }
        const fn = this.m.helper(`nj.cdiv.${p}`, () => cdivHelper(p, this.m));
        const r = f.call(`{${p}, ${p}}`, fn, [ar, ai, br, bi].map((x) => `${p} ${x}`));
        return r;
      }
      case "pow": {
        const fn = this.m.helper(`nj.cpow.${p}`, () => cpowHelper(p, this.m));
        return f.call(`{${p}, ${p}}`, fn, [ar, ai, br, bi].map((x) => `${p} ${x}`));
      }
      default: throw new Error(`complex ${op}`);
    }
  }

  // -- iteration ---------------------------------------------------------------------------

  box(v: string, t: Type, onFail: string[]): string { return box(this.f, v, t, onFail); }

  getiter(v: string, t: Type): string {
    const f = this.f;
    if (t.tag === "iter") return v;
    if (t === rangeState) {
      // range_iter is {cur, remaining, step}: counting the trip count down cannot overflow
      // near the int64 limits, and gives LLVM a loop with a known trip count.
      const f = this.f;
      const [start, stop, step] = [0, 1, 2].map((i) => f.op(`extractvalue {i64, i64, i64} ${v}, ${i}`));
      const n = rangeLength(f, start, stop, step);
      return f.op(`insertvalue {i64, i64, i64} ${v}, i64 ${n}, 1`);
    }
    if (t.tag === "array") return arrayGetiter(f, t, v, iterTypeOf(t)!);
    if (t.tag === "list") return listGetiter(f, t, v);
    if (t.tag === "tuple") {
      const it = `{${llvmType(t)}, i64}`;
      const a = f.op(`insertvalue ${it} undef, ${llvmType(t)} ${v}, 0`);
      return f.op(`insertvalue ${it} ${a}, i64 0, 1`);
    }
    throw new Error(`getiter on ${t.key}`);
  }

  /** Advances the unit-step range iterator `{cur, stop, step}` at `p`; returns [value, valid]. */
  private unitRangeNext(p: string, step: 1 | -1): [string, string] {
    const f = this.f;
    const pc = f.op(`getelementptr inbounds {i64, i64, i64}, ptr ${p}, i32 0, i32 0`);
    const ps = f.op(`getelementptr inbounds {i64, i64, i64}, ptr ${p}, i32 0, i32 1`);
    const cur = f.op(`load i64, ptr ${pc}`);
    const stop = f.op(`load i64, ptr ${ps}`);
    const valid = f.op(`icmp ${step === 1 ? "slt" : "sgt"} i64 ${cur}, ${stop}`);
    // no overflow while valid; after the last value the loop never reads cur again
    f.emit(`store i64 ${f.op(`add nsw i64 ${cur}, ${step}`)}, ptr ${pc}`);
    return [cur, valid];
  }

  /** Advances the iterator stored at `p`; returns [value, valid]. */
  private iterNext(p: string, it: IterType): [string, string] {
    const f = this.f;
    const ty = llvmType(it);
    const field = (i: number) => f.op(`getelementptr inbounds ${ty}, ptr ${p}, i32 0, i32 ${i}`);
    switch (it.kind) {
      case "range": {
        const pc = field(0), pn = field(1);
        const cur = f.op(`load i64, ptr ${pc}`);
        const left = f.op(`load i64, ptr ${pn}`);
        const step = f.op(`load i64, ptr ${field(2)}`);
        const valid = f.op(`icmp sgt i64 ${left}, 0`);
        f.emit(`store i64 ${f.op(`add i64 ${cur}, ${step}`)}, ptr ${pc}`);
        f.emit(`store i64 ${f.op(`sub nsw i64 ${left}, 1`)}, ptr ${pn}`);
        return [cur, valid];
      }
      case "tuple": {
        const tt = it.parts[0];
        const n = tt.tag === "tuple" ? tt.items.length : 0;
        const pi = field(1);
        const i = f.op(`load i64, ptr ${pi}`);
        const valid = f.op(`icmp slt i64 ${i}, ${n}`);
        const safe = f.op(`select i1 ${valid}, i64 ${i}, i64 0`);
        const pe = f.op(`getelementptr inbounds ${ty}, ptr ${p}, i32 0, i32 0, i64 ${safe}`);
        const value = f.op(`load ${llvmType(it.yields)}, ptr ${pe}`);
        f.emit(`store i64 ${f.op(`add i64 ${i}, 1`)}, ptr ${pi}`);
        return [value, valid];
      }
      case "enumerate": {
        const pc = field(0);
        const count = f.op(`load i64, ptr ${pc}`);
        const [v, valid] = this.iterNext(field(1), it.parts[1] as IterType);
        f.emit(`store i64 ${f.op(`add i64 ${count}, 1`)}, ptr ${pc}`);
        return [this.aggregate(it.yields, [count, v]), valid];
      }
      case "zip": {
        const vals: string[] = [];
        let valid = "true";
        it.parts.forEach((sub, i) => {
          const [v, ok] = this.iterNext(field(i), sub as IterType);
          vals.push(v);
          valid = f.op(`and i1 ${valid}, ${ok}`);
        });
        return [this.aggregate(it.yields, vals), valid];
      }
      case "array": return arrayIterNext(f, p, it);
      case "list": return listIterNext(f, p, it);
    }
  }
}

// -- helpers emitted once per module -----------------------------------------------------

/** Integer power by squaring; a negative exponent gives 0 unless the base is 1 or -1. */
function ipowHelper(ty: string): string {
  return [
    `define internal ${ty} @nj.ipow.${ty}(${ty} %b0, ${ty} %e0) #0 {`,
    "entry:",
    `  %neg = icmp slt ${ty} %e0, 0`,
    "  br i1 %neg, label %negexp, label %loop",
    "negexp:",
    `  %isone = icmp eq ${ty} %b0, 1`,
    `  %ism1 = icmp eq ${ty} %b0, -1`,
    `  %odd0 = and ${ty} %e0, 1`,
    `  %isodd0 = icmp ne ${ty} %odd0, 0`,
    `  %m1 = select i1 %isodd0, ${ty} -1, ${ty} 1`,
    `  %r0 = select i1 %ism1, ${ty} %m1, ${ty} 0`,
    `  %r1 = select i1 %isone, ${ty} 1, ${ty} %r0`,
    `  ret ${ty} %r1`,
    "loop:",
    `  %r = phi ${ty} [1, %entry], [%r2, %body]`,
    `  %b = phi ${ty} [%b0, %entry], [%b2, %body]`,
    `  %e = phi ${ty} [%e0, %entry], [%e2, %body]`,
    `  %done = icmp eq ${ty} %e, 0`,
    "  br i1 %done, label %exit, label %body",
    "body:",
    `  %odd = and ${ty} %e, 1`,
    `  %isodd = icmp ne ${ty} %odd, 0`,
    `  %rb = mul ${ty} %r, %b`,
    `  %r2 = select i1 %isodd, ${ty} %rb, ${ty} %r`,
    `  %b2 = mul ${ty} %b, %b`,
    `  %e2 = lshr ${ty} %e, 1`,
    "  br label %loop",
    "exit:",
    `  ret ${ty} %r`,
    "}",
  ].join("\n");
}

/** CPython's float floor division and modulo (floatobject.c `_float_div_mod`). */
function fdivmodHelper(ty: string, m: ModuleText): string {
  const sfx = ty === "float" ? "f32" : "f64";
  m.declare(`llvm.copysign.${sfx}`, `declare ${ty} @llvm.copysign.${sfx}(${ty}, ${ty}) #0`);
  m.declare(`llvm.floor.${sfx}`, `declare ${ty} @llvm.floor.${sfx}(${ty}) #0`);
  return [
    `define internal {${ty}, ${ty}} @nj.fdivmod.${ty}(${ty} %vx, ${ty} %wx) #0 {`,
    "entry:",
    `  %mod0 = frem ${ty} %vx, %wx`,
    `  %diff = fsub ${ty} %vx, %mod0`,
    `  %div0 = fdiv ${ty} %diff, %wx`,
    `  %modnz = fcmp une ${ty} %mod0, 0.0`,
    `  %wneg = fcmp olt ${ty} %wx, 0.0`,
    `  %mneg = fcmp olt ${ty} %mod0, 0.0`,
    "  %signs = xor i1 %wneg, %mneg",
    "  %fix = and i1 %modnz, %signs",
    `  %mod1 = fadd ${ty} %mod0, %wx`,
    `  %div1 = fsub ${ty} %div0, 1.0`,
    `  %mod2 = select i1 %fix, ${ty} %mod1, ${ty} %mod0`,
    `  %div2 = select i1 %fix, ${ty} %div1, ${ty} %div0`,
    `  %zmod = call ${ty} @llvm.copysign.${sfx}(${ty} 0.0, ${ty} %wx)`,
    `  %mod = select i1 %modnz, ${ty} %mod2, ${ty} %zmod`,
    `  %divnz = fcmp une ${ty} %div2, 0.0`,
    `  %fl = call ${ty} @llvm.floor.${sfx}(${ty} %div2)`,
    `  %gap = fsub ${ty} %div2, %fl`,
    `  %big = fcmp ogt ${ty} %gap, 0.5`,
    `  %fl1 = fadd ${ty} %fl, 1.0`,
    `  %fd = select i1 %big, ${ty} %fl1, ${ty} %fl`,
    `  %q = fdiv ${ty} %vx, %wx`,
    `  %zdiv = call ${ty} @llvm.copysign.${sfx}(${ty} 0.0, ${ty} %q)`,
    `  %div = select i1 %divnz, ${ty} %fd, ${ty} %zdiv`,
    `  %r0 = insertvalue {${ty}, ${ty}} undef, ${ty} %div, 0`,
    `  %r1 = insertvalue {${ty}, ${ty}} %r0, ${ty} %mod, 1`,
    `  ret {${ty}, ${ty}} %r1`,
    "}",
  ].join("\n");
}

/** Complex division (Smith's algorithm, as CPython's `_Py_c_quot`). */
function cdivHelper(p: string, m: ModuleText): string {
  const sfx = p === "float" ? "f32" : "f64";
  m.declare(`llvm.fabs.${sfx}`, `declare ${p} @llvm.fabs.${sfx}(${p}) #0`);
  return [
    `define internal {${p}, ${p}} @nj.cdiv.${p}(${p} %ar, ${p} %ai, ${p} %br, ${p} %bi) #0 {`,
    "entry:",
    `  %abr = call ${p} @llvm.fabs.${sfx}(${p} %br)`,
    `  %abi = call ${p} @llvm.fabs.${sfx}(${p} %bi)`,
    `  %first = fcmp oge ${p} %abr, %abi`,
    "  br i1 %first, label %a, label %b",
    "a:",
    `  %ra = fdiv ${p} %bi, %br`,
    `  %da0 = fmul ${p} %bi, %ra`,
    `  %da = fadd ${p} %br, %da0`,
    `  %xa0 = fmul ${p} %ai, %ra`,
    `  %xa1 = fadd ${p} %ar, %xa0`,
    `  %xa = fdiv ${p} %xa1, %da`,
    `  %ya0 = fmul ${p} %ar, %ra`,
    `  %ya1 = fsub ${p} %ai, %ya0`,
    `  %ya = fdiv ${p} %ya1, %da`,
    "  br label %done",
    "b:",
    `  %rb = fdiv ${p} %br, %bi`,
    `  %db0 = fmul ${p} %br, %rb`,
    `  %db = fadd ${p} %bi, %db0`,
    `  %xb0 = fmul ${p} %ar, %rb`,
    `  %xb1 = fadd ${p} %xb0, %ai`,
    `  %xb = fdiv ${p} %xb1, %db`,
    `  %yb0 = fmul ${p} %ai, %rb`,
    `  %yb1 = fsub ${p} %yb0, %ar`,
    `  %yb = fdiv ${p} %yb1, %db`,
    "  br label %done",
    "done:",
    `  %x = phi ${p} [%xa, %a], [%xb, %b]`,
    `  %y = phi ${p} [%ya, %a], [%yb, %b]`,
    `  %r0 = insertvalue {${p}, ${p}} undef, ${p} %x, 0`,
    `  %r1 = insertvalue {${p}, ${p}} %r0, ${p} %y, 1`,
    `  ret {${p}, ${p}} %r1`,
    "}",
  ].join("\n");
}

/** Complex power a**b = exp(b log a), with 0**b = 0 (b != 0) and a**0 = 1. */
function cpowHelper(p: string, m: ModuleText): string {
  const sfx = p === "float" ? "f32" : "f64";
  const fn = (n: string) => (p === "float" ? `${n}f` : n);
  m.declare(fn("hypot"), `declare ${p} @${fn("hypot")}(${p}, ${p}) #0`);
  m.declare(fn("atan2"), `declare ${p} @${fn("atan2")}(${p}, ${p}) #0`);
  for (const n of ["log", "exp", "cos", "sin"]) m.declare(`llvm.${n}.${sfx}`, `declare ${p} @llvm.${n}.${sfx}(${p}) #0`);
  return [
    `define internal {${p}, ${p}} @nj.cpow.${p}(${p} %ar, ${p} %ai, ${p} %br, ${p} %bi) #0 {`,
    "entry:",
    `  %bz0 = fcmp oeq ${p} %br, 0.0`,
    `  %bz1 = fcmp oeq ${p} %bi, 0.0`,
    "  %bz = and i1 %bz0, %bz1",
    "  br i1 %bz, label %one, label %nz",
    "one:",
    `  ret {${p}, ${p}} {${p} 1.0, ${p} 0.0}`,
    "nz:",
    `  %az0 = fcmp oeq ${p} %ar, 0.0`,
    `  %az1 = fcmp oeq ${p} %ai, 0.0`,
    "  %az = and i1 %az0, %az1",
    "  br i1 %az, label %zero, label %gen",
    "zero:",
    `  ret {${p}, ${p}} zeroinitializer`,
    "gen:",
    `  %r = call ${p} @${fn("hypot")}(${p} %ar, ${p} %ai)`,
    `  %th = call ${p} @${fn("atan2")}(${p} %ai, ${p} %ar)`,
    `  %lr = call ${p} @llvm.log.${sfx}(${p} %r)`,
    `  %wr0 = fmul ${p} %br, %lr`,
    `  %wr1 = fmul ${p} %bi, %th`,
    `  %wr = fsub ${p} %wr0, %wr1`,
    `  %wi0 = fmul ${p} %br, %th`,
    `  %wi1 = fmul ${p} %bi, %lr`,
    `  %wi = fadd ${p} %wi0, %wi1`,
    `  %mag = call ${p} @llvm.exp.${sfx}(${p} %wr)`,
    `  %c = call ${p} @llvm.cos.${sfx}(${p} %wi)`,
    `  %s = call ${p} @llvm.sin.${sfx}(${p} %wi)`,
    `  %x = fmul ${p} %mag, %c`,
    `  %y = fmul ${p} %mag, %s`,
    `  %r0 = insertvalue {${p}, ${p}} undef, ${p} %x, 0`,
    `  %r1 = insertvalue {${p}, ${p}} %r0, ${p} %y, 1`,
    `  ret {${p}, ${p}} %r1`,
    "}",
  ].join("\n");
}

void _unused; void float64; void int64;
