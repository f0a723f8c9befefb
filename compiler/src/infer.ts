/**
 * @fileoverview Type inference: untyped IR + concrete argument types → typed IR.
 *
 * In: the root `UFunction`, its argument types, and a `Program` that can produce the
 * `UFunction` of any other jitted function the code calls.
 * Out: one `TFunction` per specialisation (function × argument types) reached from the
 * root, each with a type on every variable and node and explicit casts.
 *
 * Algorithm (Numba-style unification over a monotone fixed point):
 *  1. Each specialisation keeps a map variable → type, seeded with the parameter types
 *     (and the `locals=` option, whose types are fixed), and a return type, unknown at
 *     first.
 *  2. A pass visits every statement of every block in order and computes the type of its
 *     expression from the current types of its operands. An operand without a type yet,
 *     or an expression that does not type-check yet, is skipped in this pass. The result
 *     is unified into the target's type: int with float gives float, None with T gives
 *     Optional[T], ... (types.ts `unify`); types only ever grow.
 *  3. Calls of jitted functions specialise the callee for the argument types and read its
 *     current return type. A callee whose return type is still unknown (recursion, being
 *     inferred further up the stack) leaves the call untyped for this pass; the return
 *     type is inferred from the non-recursive return paths first, and the next pass types
 *     the recursive call with it.
 *  4. Passes over all specialisations repeat until none changes (bounded; exceeding the
 *     bound means types grow without end, e.g. `t = (t, 1)` in a loop).
 *  5. A final build pass re-types every statement with the final types, raising the real
 *     error for anything still untyped or ill-typed, and writes the typed IR, inserting a
 *     `cast` wherever a value's type differs from its operand or target type.
 */
import { CompileError, typingError, unsupported, type Span, type SourceRef } from "./diagnostics";
import { BUILTINS, EXCEPTION_NAMES, MODULE_CONSTS, iterTypeOf, type Impl } from "./builtins";
import { arrayAttr, arrayGetitem, arrayGetitemConst, buildSetitem } from "./arrays/access";
import { arrayBinop, arrayUnary, arrayCompare } from "./arrays/exprs";
import "./arrays/library";
import "./arrays/transpose"; // after library.ts: replaces its array.transpose
import "./arrays/complex"; // after exprs.ts: wraps its ufuncs for complex arguments
import "./arrays/scalars"; // after builtins.ts: wraps float/int/complex/bool for 0-d arrays
import { constArrayExpr, type ArrayConstDesc } from "./arrays/constants";
import "./exceptions";
import { listContains, listGetitem, listGetitemConst, listSetitem } from "./lists/library";
import { listBinop, listEquals } from "./lists/ops";
import { PRANGE_RUN, typeRegion } from "./parallel/region";
import type { ConstValue, Expr, Stmt, UFunction, Var } from "./ir";
import type { ConstDesc, FunctionDesc, GlobalDesc, Options } from "./protocol";
import type { ArithOp, CmpOp, TBlock, TExpr, TFunction, TStmt, TTerm } from "./typed_ir";
import {
  arithResult, bool, canConvert, closureOf, complex128, describe, float32, float64, int64, isComplex, isFloat, isInt,
  isNumber, listOf, llvmType, mangle, methodOf, none, opaque, optional, parseType, tupleOf, unicode, unify, uint64, type Type,
} from "./types";

/** Where inference gets the IR of the functions it meets. */
export interface Program {
  /** The IR of a jitted function by key (top-level or inner). */
  get(key: string): UFunction;
  /** The constant defaults of a function's parameters. */
  defaults(fn: UFunction): Map<string, ConstValue>;
}

interface Spec {
  key: string;
  symbol: string;
  fn: UFunction;
  argtypes: Type[];
  vars: Map<Var, Type>;
  fixed: Set<Var>;
  restype: Type | null;
  restypeFixed: boolean;
  options: Options;
}

/** Runs `f`, attaching `src` to any CompileError that does not say where it happened. */
export function withWhere<T>(src: SourceRef, f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof CompileError && e.where === null) e.where = src;
    throw e;
  }
}

const MAX_PASSES = 200;

export class Inference {
  readonly specs = new Map<string, Spec>();
  private order: Spec[] = [];
  private changed = false;
  private building = false;
  private typed = new Map<string, TFunction>();

  constructor(private program: Program, private rootOptions: Options) {}

  /** Infers the root and everything it calls; returns the typed functions, root first. */
  run(root: UFunction, argtypes: Type[], restype: Type | null = null): TFunction[] {
    const spec = withWhere(root.src, () => this.specialize(root, argtypes, null));
    if (restype !== null) { spec.restype = restype; spec.restypeFixed = true; }
    for (let pass = 0; ; pass++) {
      this.changed = false;
      for (let i = 0; i < this.order.length; i++) {
        const s = this.order[i];
        withWhere(s.fn.src, () => this.pass(s));
      }
      if (!this.changed) break;
      if (pass > MAX_PASSES) throw typingError("type inference did not settle: some variable's type keeps growing (for example a tuple that nests itself in a loop).", root.span);
    }
    this.building = true;
    const out: TFunction[] = [];
    // Build callees before callers (reverse discovery order), so that an error inside a
    // callee is reported there rather than as an untyped call in its caller; building
    // may not discover new specialisations.
    for (const s of [...this.order].reverse()) out.unshift(withWhere(s.fn.src, () => this.build(s)));
    void spec;
    return out;
  }

  // -- specialisations -------------------------------------------------------------------

  private specialize(fn: UFunction, argtypes: Type[], span: Span | null): Spec {
    const key = `${fn.key}(${argtypes.map((t) => t.key).join(", ")})`;
    const old = this.specs.get(key);
    if (old !== undefined) return old;
    if (this.building) throw new Error(`new specialisation ${key} discovered while building`);
    const nparams = fn.captures.length + fn.params.length;
    if (argtypes.length !== nparams) throw typingError(`${fn.name}() takes ${fn.params.length} arguments, got ${argtypes.length - fn.captures.length}.`, span ?? fn.span);
    const vars = new Map<Var, Type>();
    const fixed = new Set<Var>();
    const options = fn.desc.options ?? {};
    for (const [name, key2] of Object.entries(options.locals ?? {})) {
      const t = parseType(key2);
      if (t === null) throw typingError(`locals= gives '${name}' the unknown type '${key2}'; use a type such as float64 or int32.`, fn.span);
      vars.set(name, t);
      fixed.add(name);
    }
    const symbol = `nj_${mangle(fn.key)}__${mangle(argtypes.map((t) => t.key).join("_")) || "void"}`;
    const spec: Spec = { key, symbol, fn, argtypes, vars, fixed, restype: null, restypeFixed: false, options };
    this.specs.set(key, spec);
    this.order.push(spec);
    this.changed = true;
    return spec;
  }

  private setVar(s: Spec, v: Var, t: Type, span: Span): void {
    if (s.fixed.has(v)) return;
    const old = s.vars.get(v);
    if (old === t) return;
    if (old === undefined) { s.vars.set(v, t); this.changed = true; return; }
    const u = unify(old, t);
    if (u === null) {
      throw typingError(`variable '${v}' is assigned values of incompatible types ${old.key} and ${t.key}; use a different variable for each.`, span);
    }
    if (u !== old) { s.vars.set(v, u); this.changed = true; }
  }

  private pass(s: Spec): void {
    for (const b of s.fn.blocks) {
      for (const st of b.body) {
        try {
          this.stmtTypes(s, st);
        } catch (e) {
          if (!(e instanceof CompileError)) throw e;
          if (e.message.startsWith("variable '")) throw e; // a real conflict, not "not yet"
        }
      }
      const t = b.term;
      if (t !== null && t.k === "return") {
        const rt = s.vars.get(t.value);
        if (rt !== undefined && !s.restypeFixed) {
          const u = s.restype === null ? rt : unify(s.restype, rt);
          if (u === null) throw typingError(`${s.fn.name}() returns values of incompatible types ${s.restype!.key} and ${rt.key}.`, t.span);
          if (u !== s.restype) { s.restype = u; this.changed = true; }
        }
      }
    }
  }

  /** The fixed-point step for one statement: type its expression, unify into the target. */
  private stmtTypes(s: Spec, st: Stmt): void {
    const ctx = new Ctx(this, s, null);
    switch (st.k) {
      case "assign": {
        const e = this.expr(ctx, st.value, st.span);
        if (e !== null) this.setVar(s, st.target, e.type, st.span);
        return;
      }
      case "iternext": {
        const it = s.vars.get(st.iter);
        if (it === undefined || it.tag !== "iter") return;
        this.setVar(s, st.value, it.yields, st.span);
        this.setVar(s, st.valid, bool, st.span);
        return;
      }
      case "unpack_check": case "setitem": return;
    }
  }

  // -- the build pass --------------------------------------------------------------------

  private build(s: Spec): TFunction {
    const ctx = new Ctx(this, s, []);
    const restype = s.restype ?? none;
    const blocks: TBlock[] = [];
    for (const b of s.fn.blocks) {
      ctx.out = [];
      for (const st of b.body) {
        const from = ctx.out.length;
        this.buildStmt(ctx, st);
        const h = st.k === "unpack_check" ? undefined : st.handler;
        if (h !== undefined) for (let i = from; i < ctx.out.length; i++) ctx.out[i].handler = h;
      }
      const t = b.term!;
      let term: TTerm;
      switch (t.k) {
        case "jump": term = t; break;
        case "branch": term = { k: "branch", cond: t.cond, then: t.then, else: t.else }; break;
        case "return": {
          const vt = ctx.typeOf(t.value, t.span);
          if (s.restype === null) {
            throw typingError(`cannot infer the return type of ${s.fn.name}(): every return path calls it recursively; add a base case that returns without recursion.`, t.span);
          }
          if (!canConvert(vt, restype)) throw typingError(`${s.fn.name}() returns a ${vt.key} here, which does not convert to its declared return type ${restype.key}.`, t.span);
          term = { k: "return", value: ctx.cast(t.value, vt, restype, t.span) };
          break;
        }
        case "raise": {
          if (t.cls === null) throw unsupported("a bare `raise` is not supported in jitted code.", t.span);
          const ct = ctx.typeOf(t.cls, t.span);
          if (ct.tag !== "opaque" || ct.what.k !== "exception") {
            throw typingError(`can only raise built-in exception classes in jitted code, not ${describe(ct)}.`, t.span);
          }
          term = { k: "raise", exc: ct.what.name, message: t.message, span: t.span, handler: t.handler };
          break;
        }
      }
      blocks.push({ id: b.id, body: ctx.out, term });
    }
    const tf: TFunction = {
      key: s.key, symbol: s.symbol, ufn: s.fn, argtypes: s.argtypes, restype, vars: s.vars, blocks,
      options: s.options, src: s.fn.src,
    };
    this.typed.set(s.key, tf);
    return tf;
  }

  private buildStmt(ctx: Ctx, st: Stmt): void {
    const s = ctx.spec;
    switch (st.k) {
      case "assign": {
        const e = this.expr(ctx, st.value, st.span);
        if (e === null) {
          throw typingError("cannot infer the type of this call: the function is recursive and no return path gives its type; add a base case that returns without recursing.", st.span);
        }
        const target = s.vars.get(st.target)!;
        if (e.type === target) { ctx.out!.push({ k: "assign", target: st.target, value: e, span: st.span }); return; }
        const tmp = ctx.fresh(e.type);
        ctx.out!.push({ k: "assign", target: tmp, value: e, span: st.span });
        if (!canConvert(e.type, target)) throw typingError(`cannot store a ${e.type.key} in '${st.target}', a ${target.key}.`, st.span);
        ctx.out!.push({ k: "assign", target: st.target, value: { k: "cast", type: target, value: tmp }, span: st.span });
        return;
      }
      case "iternext": {
        const it = ctx.typeOf(st.iter, st.span);
        if (it.tag !== "iter") throw new Error("iternext on a non-iterator");
        const vt = s.vars.get(st.value)!;
        if (vt === it.yields) { ctx.out!.push(st); return; }
        const tmp = ctx.fresh(it.yields);
        ctx.out!.push({ k: "iternext", iter: st.iter, value: tmp, valid: st.valid, span: st.span });
        ctx.out!.push({ k: "assign", target: st.value, value: { k: "cast", type: vt, value: tmp }, span: st.span });
        return;
      }
      case "unpack_check": {
        const t = ctx.typeOf(st.value, st.span);
        if (t.tag !== "tuple") throw typingError(`cannot unpack a value of type ${t.key}; only tuples can be unpacked in jitted code.`, st.span);
        if (t.items.length !== st.count) {
          throw typingError(`cannot unpack a tuple of ${t.items.length} items into ${st.count} targets.`, st.span);
        }
        return;
      }
      case "setitem": {
        const t = ctx.typeOf(st.target, st.span);
        if (ctx.storesBackInPlace(st.target, t, st.index, st.value, st.span)) return;
        if (t.tag === "array") {
          const it = ctx.typeOf(st.index, st.span), vt = ctx.typeOf(st.value, st.span);
          buildSetitem(ctx, t, st.target, st.index, it, st.value, vt, st.span, { boundscheck: s.options.boundscheck === true });
          return;
        }
        if (t.tag === "list") {
          listSetitem(ctx, t, st.target, st.index, ctx.typeOf(st.index, st.span), st.value, ctx.typeOf(st.value, st.span), st.span);
          return;
        }
        throw typingError(`item assignment is not supported on ${describe(t)} (tuples are immutable; arrays come later).`, st.span);
      }
    }
  }

  // -- expressions -----------------------------------------------------------------------

  /** Types one expression; null when an operand has no type yet (fixed-point passes). */
  expr(ctx: Ctx, e: Expr, span: Span): TExpr | null {
    const s = ctx.spec;
    const T = (v: Var): Type | null => ctx.maybeType(v, span);
    switch (e.k) {
      case "const": return { k: "const", type: constType(e.value, span), value: e.value };
      case "var": {
        const t = T(e.name);
        return t === null ? null : { k: "var", type: t, name: e.name };
      }
      case "arg": return { k: "arg", type: s.argtypes[e.index], index: e.index };
      case "global": return this.global(ctx, e.name, span);
      case "binop": {
        const a = T(e.lhs), b = T(e.rhs);
        if (a === null || b === null) return null;
        return this.binop(ctx, e.op, e.lhs, a, e.rhs, b, span, e.inplace === true);
      }
      case "unary": {
        const a = T(e.operand);
        if (a === null) return null;
        return this.unary(ctx, e.op, e.operand, a, span);
      }
      case "compare": {
        const a = T(e.lhs), b = T(e.rhs);
        if (a === null || b === null) return null;
        return this.compare(ctx, e.op, e.lhs, a, e.rhs, b, span);
      }
      case "truth": {
        const a = T(e.value);
        if (a === null) return null;
        if (a.tag === "opaque" || a.tag === "iter" || a.tag === "closure") {
          throw typingError(`the truth value of ${describe(a)} is not defined in jitted code.`, span);
        }
        return { k: "truth", type: bool, value: e.value };
      }
      case "call": return this.call(ctx, e, span);
      case "getattr": {
        const a = T(e.value);
        if (a === null) return null;
        return this.getattr(ctx, e.value, a, e.attr, span);
      }
      case "tuple": {
        const ts = e.items.map(T);
        if (ts.some((t) => t === null)) return null;
        return { k: "tuple", type: tupleOf(ts as Type[]), items: e.items };
      }
      case "static_getitem": {
        const a = T(e.value);
        if (a === null) return null;
        if (a.tag === "list") {
          const impl = listGetitemConst(a, e.index, span);
          return { k: "intrinsic", type: impl.ret, impl, args: [e.value] };
        }
        if (a.tag === "array") {
          const impl = arrayGetitemConst(a, e.index, span, { boundscheck: s.options.boundscheck === true });
          return { k: "intrinsic", type: impl.ret, impl, args: [e.value] };
        }
        if (a.tag !== "tuple") {
          throw typingError(`${describe(a)} cannot be indexed in jitted code.`, span);
        }
        const n = a.items.length;
        const i = e.index < 0 ? e.index + n : e.index;
        if (i < 0 || i >= n) throw typingError(`tuple index ${e.index} is out of range for a tuple of ${n} items.`, span);
        return { k: "extract", type: a.items[i], value: e.value, index: i };
      }
      case "getitem": {
        const a = T(e.value), b = T(e.index);
        if (a === null || b === null) return null;
        if (a.tag === "tuple") {
          if (!a.homogeneous) throw typingError(`a tuple of mixed types (${a.key}) can only be indexed by a constant integer.`, span);
          if (!(isInt(b) || b === bool)) throw typingError(`tuple indices must be integers, not ${b.key}.`, span);
          return { k: "dyn_index", type: a.items[0], value: e.value, index: ctx.cast(e.index, b, int64, span) };
        }
        if (a.tag === "list") return listGetitem(ctx, e.value, a, e.index, b, span);
        if (a.tag === "array") {
          const impl = arrayGetitem(a, b, span, { boundscheck: s.options.boundscheck === true });
          return { k: "intrinsic", type: impl.ret, impl, args: [e.value, ctx.cast(e.index, b, impl.args[1], span)] };
        }
        throw typingError(`${describe(a)} cannot be indexed in jitted code.`, span);
      }
      case "getiter": {
        const a = T(e.value);
        if (a === null) return null;
        const it = iterTypeOf(a);
        if (it === null) {
          if (a.tag === "tuple" && a.items.length > 0) throw typingError(`cannot iterate over a tuple of mixed types (${a.key}) in jitted code; index it with constants instead.`, span);
          throw typingError(`cannot iterate over ${describe(a)} in jitted code; loop over range(...) instead.`, span);
        }
        return { k: "getiter", type: it, value: e.value };
      }
      case "make_closure": {
        const ts = e.captured.map(T);
        if (ts.some((t) => t === null)) return null;
        const inner = this.program.get(e.ref);
        return { k: "make_closure", type: closureOf(e.ref, inner.captures, ts as Type[]), captured: e.captured };
      }
    }
  }

  private global(ctx: Ctx, name: string, span: Span): TExpr {
    const desc = ctx.spec.fn.desc;
    const g: GlobalDesc | undefined = desc.freevars?.[name] ?? desc.globals?.[name];
    if (g !== undefined) return this.globalDesc(g, name, span);
    if (name in BUILTIN_NAMES || BUILTINS.has(name) || EXCEPTION_NAMES.has(name)) return this.globalDesc({ kind: "builtin", name }, name, span);
    throw typingError(`name '${name}' is not defined.`, span);
  }

  private globalDesc(g: GlobalDesc, name: string, span: Span): TExpr {
    switch (g.kind) {
      case "module": return { k: "opaque", type: opaque({ k: "module", module: g.module }) };
      case "module_attr": return this.moduleAttr(g.module, g.attr, span);
      case "builtin": {
        if (EXCEPTION_NAMES.has(g.name)) return { k: "opaque", type: opaque({ k: "exception", name: g.name }) };
        if (g.name === "None") return { k: "const", type: none, value: { k: "none" } };
        if (!BUILTINS.has(g.name)) throw unsupported(`the builtin '${g.name}' is not supported in jitted code.`, span);
        return { k: "opaque", type: opaque({ k: "builtin", name: g.name }) };
      }
      case "const": {
        if ((g.value as { type: string }).type === "array") return constArrayExpr(g.value as unknown as ArrayConstDesc, name, span);
        const v = constFromDesc(g.value, span);
        return { k: "const", type: constType(v, span), value: v };
      }
      case "function": return { k: "opaque", type: opaque({ k: "function", ref: g.ref }) };
      case "unsupported":
        if (g.pytype === "function" || g.pytype === "builtin_function_or_method") {
          throw unsupported(`'${name}' is a plain Python function (${g.repr}); decorate it with @njit to call it from jitted code.`, span);
        }
        throw unsupported(`global '${name}' is a ${g.pytype} (${g.repr}), which jitted code cannot use; pass it as an argument or make it a number, tuple or str constant.`, span);
    }
  }

  private moduleAttr(module: string, attr: string, span: Span, desc: FunctionDesc | null = null): TExpr {
    const full = `${module}.${attr}`;
    // A user module: Python described the attributes the code names (protocol `attrs`).
    for (const g of Object.values({ ...(desc?.globals ?? {}), ...(desc?.freevars ?? {}) })) {
      const d = g.kind === "module" && g.module === module ? g.attrs?.[attr] : undefined;
      if (d !== undefined) return this.globalDesc(d, full, span);
    }
    const c = MODULE_CONSTS.get(full);
    if (c !== undefined) return { k: "const", type: constType(c, span), value: c };
    if (BUILTINS.has(full)) return { k: "opaque", type: opaque({ k: "builtin", name: full }) };
    if ((module === "numjit" || module === "numba") && attr === "prange") {
      // prange runs as range until parallel loops land.
      return { k: "opaque", type: opaque({ k: "builtin", name: "range" }) };
    }
    if (module === "numjit" || module === "numba") {
      if (attr === "njit" || attr === "jit") throw unsupported(`calling ${full} inside jitted code is not supported.`, span);
    }
    if (!["math", "cmath", "numpy", "numjit", "numba"].includes(module.split(".")[0])) {
      throw unsupported(`${full} is a Python object numjit cannot use; if it is a plain Python function, decorate it with @njit to call it from jitted code.`, span);
    }
    throw unsupported(`${full} is not supported in jitted code.`, span);
  }

  private getattr(ctx: Ctx, v: Var, t: Type, attr: string, span: Span): TExpr {
    if (t.tag === "opaque" && t.what.k === "module") return this.moduleAttr(t.what.module, attr, span, ctx.spec.fn.desc);
    if (t.tag === "array") {
      const impl = arrayAttr(t, attr);
      if (impl !== null) return { k: "intrinsic", type: impl.ret, impl, args: [v] };
    }
    if (isNumber(t) && (attr === "real" || attr === "imag")) {
      const name = `${attr}`;
      const impl: Impl = isComplex(t)
        ? { name, args: [t], ret: t.part, lower: (l) => l.f.op(`extractvalue ${t.bits === 64 ? "{float, float}" : "{double, double}"} ${l.args[0]}, ${attr === "real" ? 0 : 1}`) }
        : { name, args: [t], ret: t === bool ? int64 : t, lower: (l) => (attr === "real" ? (t === bool ? l.cast(l.args[0], bool, int64) : l.args[0]) : (isFloat(t) ? "0.0" : "0")) };
      return { k: "intrinsic", type: impl.ret, impl, args: [v] };
    }
    const family = methodFamily(t);
    if (family !== null && BUILTINS.has(`${family}.${attr}`)) {
      const mt = methodOf(t, `${family}.${attr}`);
      return { k: "cast", type: mt, value: v };
    }
    throw typingError(`${describe(t)} has no attribute '${attr}' in jitted code.`, span);
  }

  // -- operators -------------------------------------------------------------------------

  private binop(ctx: Ctx, op: string, l: Var, a: Type, r: Var, b: Type, span: Span, inplace = false): TExpr {
    const sym = OP_SYMBOL[op] ?? op;
    if (a.tag === "optional" || b.tag === "optional") {
      const [l2, a2] = ctx.unwrap(l, a, span), [r2, b2] = ctx.unwrap(r, b, span);
      return this.binop(ctx, op, l2, a2, r2, b2, span);
    }
    if (a.tag === "list" || b.tag === "list") return listBinop(ctx, op, l, a, r, b, span, inplace);
    if (a.tag === "array" || b.tag === "array") return arrayBinop(ctx, op, l, a, r, b, span, inplace && a.tag === "array");
    if (op === "Add" && a.tag === "tuple" && b.tag === "tuple") {
      const items: Var[] = [];
      a.items.forEach((t, i) => items.push(ctx.extract(l, a, i)));
      b.items.forEach((t, i) => items.push(ctx.extract(r, b, i)));
      return { k: "tuple", type: tupleOf([...a.items, ...b.items]), items };
    }
    if (!isNumber(a) || !isNumber(b)) {
      throw typingError(`unsupported operand types for ${sym}: ${describe(a)} and ${describe(b)}.`, span);
    }
    let t = arithResult(a, b)!;
    let aop: ArithOp;
    switch (op) {
      case "Add": aop = "add"; break;
      case "Sub": aop = "sub"; break;
      case "Mult": aop = "mul"; break;
      case "Div":
        aop = "truediv";
        if (isInt(t)) t = float64;
        break;
      case "FloorDiv": aop = "floordiv"; break;
      case "Mod": aop = "mod"; break;
      case "Pow": aop = "pow"; break;
      case "BitAnd": case "BitOr": case "BitXor": case "LShift": case "RShift": {
        aop = ({ BitAnd: "and", BitOr: "or", BitXor: "xor", LShift: "shl", RShift: "shr" } as Record<string, ArithOp>)[op];
        if (a === bool && b === bool && (aop === "and" || aop === "or" || aop === "xor")) t = bool;
        else if (!isInt(t)) throw typingError(`unsupported operand types for ${sym}: ${a.key} and ${b.key}; bitwise operators need integers.`, span);
        break;
      }
      case "MatMult": throw typingError("the @ operator needs arrays.", span);
      default: throw unsupported(`operator ${sym} is not supported.`, span);
    }
    if (isComplex(t) && (aop === "floordiv" || aop === "mod")) throw typingError(`can't take floor or mod of complex numbers (${sym}).`, span);
    if (aop === "truediv" && (isInt(a) || a === bool) && (isInt(b) || b === bool)) {
      // int / int: a float division whose zero check says "division by zero", as CPython.
      const impl: Impl = {
        name: "/", args: [float64, float64], ret: float64,
        lower: (lc) => {
          if (lc.errorModel === "python") lc.raiseIf(lc.f.op(`fcmp oeq double ${lc.args[1]}, 0.0`), "ZeroDivisionError", "division by zero");
          return lc.f.fop("fdiv", "double", lc.args[0], lc.args[1]);
        },
      };
      return { k: "intrinsic", type: float64, impl, args: [ctx.cast(l, a, float64, span), ctx.cast(r, b, float64, span)] };
    }
    const n = aop === "pow" && isFloat(t) && isInt(b) ? ctx.constInt(r) : null;
    if (n !== null && n >= -64n && n <= 64n) {
      // float ** <integer literal>: multiplications, as Numba does (`x ** 3` is two fmul).
      const impl = floatPowConst(t, Number(n));
      return { k: "intrinsic", type: t, impl, args: [ctx.cast(l, a, t, span)] };
    }
    return { k: "arith", type: t, op: aop, lhs: ctx.cast(l, a, t, span), rhs: ctx.cast(r, b, t, span) };
  }

  private unary(ctx: Ctx, op: string, v: Var, a: Type, span: Span): TExpr {
    if (op === "Not") {
      const tv = ctx.fresh(bool);
      ctx.emit({ k: "assign", target: tv, value: { k: "truth", type: bool, value: v }, span });
      return { k: "unary", type: bool, op: "not", operand: tv };
    }
    if (a.tag === "optional") { const [v2, a2] = ctx.unwrap(v, a, span); return this.unary(ctx, op, v2, a2, span); }
    if (a.tag === "array") return arrayUnary(ctx, op, v, a, span);
    if (!isNumber(a)) throw typingError(`bad operand type for unary ${op === "USub" ? "-" : op === "UAdd" ? "+" : "~"}: ${describe(a)}.`, span);
    const t = a === bool ? int64 : a;
    if (op === "UAdd") return { k: "cast", type: t, value: v };
    if (op === "USub") return { k: "unary", type: t, op: "neg", operand: ctx.cast(v, a, t, span) };
    if (op === "Invert") {
      if (!isInt(t)) throw typingError(`bad operand type for unary ~: ${a.key}.`, span);
      return { k: "unary", type: t, op: "invert", operand: ctx.cast(v, a, t, span) };
    }
    throw unsupported(`unary operator ${op} is not supported.`, span);
  }

  private compare(ctx: Ctx, op: string, l: Var, a: Type, r: Var, b: Type, span: Span): TExpr {
    if (op === "Is" || op === "IsNot") {
      const negate = op === "IsNot";
      if (a === none && b === none) return { k: "const", type: bool, value: { k: "bool", v: !negate } };
      const [x, xt, y] = b === none ? [l, a, b] : a === none ? [r, b, a] : [null, a, b];
      if (x !== null && y === none) {
        if (xt.tag === "optional") return { k: "is_none", type: bool, value: x, negate };
        return { k: "const", type: bool, value: { k: "bool", v: negate } };
      }
      if (isNumber(a) && isNumber(b)) throw typingError("`is` between numbers is not meaningful; compare with == instead.", span);
      throw typingError(`\`is\` is only supported with None in jitted code (got ${describe(a)} and ${describe(b)}).`, span);
    }
    if ((op === "Eq" || op === "NotEq") && a.tag === "list" && b.tag === "list") {
      const impl = listEquals(a, b, op === "NotEq", span);
      return { k: "intrinsic", type: bool, impl, args: [l, r] };
    }
    if ((op === "In" || op === "NotIn") && b.tag === "list") {
      const r0 = listContains(ctx, l, a, r, b, span);
      if (op === "In") return r0;
      const tv = ctx.fresh(bool);
      ctx.emit({ k: "assign", target: tv, value: r0, span });
      return { k: "unary", type: bool, op: "not", operand: tv };
    }
    if (op === "In" || op === "NotIn") {
      if (b.tag !== "tuple") throw typingError(`\`in\` is only supported on tuples in jitted code, not ${describe(b)}.`, span);
      // x in (p, q) → x == p or x == q, evaluated in full (no side effects in the operands).
      let acc: Var | null = null;
      b.items.forEach((it, i) => {
        const item = ctx.extract(r, b, i);
        const eq = this.compare(ctx, "Eq", l, a, item, it, span);
        const ev = ctx.fresh(bool);
        ctx.emit({ k: "assign", target: ev, value: eq, span });
        if (acc === null) acc = ev;
        else {
          const o = ctx.fresh(bool);
          ctx.emit({ k: "assign", target: o, value: { k: "arith", type: bool, op: "or", lhs: acc, rhs: ev }, span });
          acc = o;
        }
      });
      if (acc === null) return { k: "const", type: bool, value: { k: "bool", v: op === "NotIn" } };
      return op === "In" ? { k: "var", type: bool, name: acc } : { k: "unary", type: bool, op: "not", operand: acc };
    }
    const cop = ({ Eq: "eq", NotEq: "ne", Lt: "lt", LtE: "le", Gt: "gt", GtE: "ge" } as Record<string, CmpOp>)[op];
    if ((a.tag === "array" || b.tag === "array") && cop !== undefined) return arrayCompare(ctx, cop, l, a, r, b, span);
    if (a.tag === "optional" || b.tag === "optional") {
      if ((a === none || b === none) && (cop === "eq" || cop === "ne")) {
        return this.compare(ctx, cop === "eq" ? "Is" : "IsNot", l, a, r, b, span);
      }
      const [l2, a2] = ctx.unwrap(l, a, span), [r2, b2] = ctx.unwrap(r, b, span);
      return this.compare(ctx, op, l2, a2, r2, b2, span);
    }
    if ((a === none || b === none) && (cop === "eq" || cop === "ne")) {
      return { k: "const", type: bool, value: { k: "bool", v: (a === b) === (cop === "eq") } };
    }
    if (a.tag === "tuple" && b.tag === "tuple" && cop !== undefined && cop !== "eq" && cop !== "ne") {
      // Lexicographic order: (a0, a1) < (b0, b1) is a0 < b0 or (a0 == b0 and a1 < b1); the
      // last pair that both tuples have uses the operator itself, a longer tuple is greater.
      const n = Math.min(a.items.length, b.items.length);
      const strict = cop === "lt" || cop === "le" ? "Lt" : "Gt";
      const lenOp: boolean = { lt: a.items.length < b.items.length, le: a.items.length <= b.items.length,
        gt: a.items.length > b.items.length, ge: a.items.length >= b.items.length }[cop];
      const emitBool = (e: TExpr): Var => { const v = ctx.fresh(bool); ctx.emit({ k: "assign", target: v, value: e, span }); return v; };
      let acc: Var = emitBool({ k: "const", type: bool, value: { k: "bool", v: lenOp } });
      for (let i = n - 1; i >= 0; i--) {
        const x = ctx.extract(l, a, i), y = ctx.extract(r, b, i);
        const isLast = i === n - 1 && a.items.length === b.items.length;
        const here = emitBool(this.compare(ctx, isLast ? op : strict, x, a.items[i], y, b.items[i], span));
        if (isLast) { acc = here; continue; }
        const eq = emitBool(this.compare(ctx, "Eq", x, a.items[i], y, b.items[i], span));
        const rest = emitBool({ k: "arith", type: bool, op: "and", lhs: eq, rhs: acc });
        acc = emitBool({ k: "arith", type: bool, op: "or", lhs: here, rhs: rest });
      }
      return { k: "var", type: bool, name: acc };
    }
    if (a.tag === "tuple" && b.tag === "tuple" && (cop === "eq" || cop === "ne")) {
      if (a.items.length !== b.items.length) return { k: "const", type: bool, value: { k: "bool", v: cop === "ne" } };
      let acc: Var | null = null;
      a.items.forEach((it, i) => {
        const x = ctx.extract(l, a, i), y = ctx.extract(r, b, i);
        const eq = this.compare(ctx, "Eq", x, it, y, b.items[i], span);
        const ev = ctx.fresh(bool);
        ctx.emit({ k: "assign", target: ev, value: eq, span });
        if (acc === null) acc = ev;
        else {
          const o = ctx.fresh(bool);
          ctx.emit({ k: "assign", target: o, value: { k: "arith", type: bool, op: "and", lhs: acc, rhs: ev }, span });
          acc = o;
        }
      });
      if (acc === null) return { k: "const", type: bool, value: { k: "bool", v: cop === "eq" } };
      return cop === "eq" ? { k: "var", type: bool, name: acc } : { k: "unary", type: bool, op: "not", operand: acc };
    }
    if (a === unicode && b === unicode && (cop === "eq" || cop === "ne")) {
      const impl: Impl = {
        name: "str.__eq__", args: [unicode, unicode], ret: bool,
        lower: (l) => {
          const fn = l.m.helper("nj.streq", () => STREQ_HELPER);
          const eq = l.f.call("i1", fn, [`ptr ${l.args[0]}`, `ptr ${l.args[1]}`]);
          return cop === "eq" ? eq : l.f.op(`xor i1 ${eq}, true`);
        },
      };
      return { k: "intrinsic", type: bool, impl, args: [l, r] };
    }
    if (!isNumber(a) || !isNumber(b) || cop === undefined) {
      throw typingError(`cannot compare ${describe(a)} and ${describe(b)} with ${OP_SYMBOL[op] ?? op} in jitted code.`, span);
    }
    let t = arithResult(a, b)!;
    if (a === bool && b === bool) t = bool;
    if (isComplex(t) && cop !== "eq" && cop !== "ne") throw typingError(`complex numbers cannot be ordered with ${OP_SYMBOL[op]}.`, span);
    return { k: "cmp", type: bool, op: cop, lhs: ctx.cast(l, a, t, span), rhs: ctx.cast(r, b, t, span) };
  }

  // -- calls -----------------------------------------------------------------------------

  private call(ctx: Ctx, e: Extract<Expr, { k: "call" }>, span: Span): TExpr | null {
    const ft = ctx.maybeType(e.func, span);
    if (ft === null) return null;
    const argTs = e.args.map((a) => ctx.maybeType(a, span));
    const kwTs = e.kwargs.map((k) => ctx.maybeType(k.value, span));
    if (argTs.some((t) => t === null) || kwTs.some((t) => t === null)) return null;
    const args = argTs as Type[];
    if (ft.tag === "opaque" && ft.what.k === "builtin") {
      const name = ft.what.name;
      if (name === PRANGE_RUN) return typeRegion(this, ctx, e.args, args, span); // parallel/region.ts
      const handler = BUILTINS.get(name)!;
      const kw = e.kwargs.map((k, i) => ({ name: k.name, type: kwTs[i]!, value: ctx.constValue(k.value) }));
      // Keyword arguments the handlers accept by position.
      let allArgs = args, allVars = e.args;
      if (name === "enumerate" && kw.length === 1 && kw[0].name === "start") {
        allArgs = [...args, kw[0].type]; allVars = [...e.args, e.kwargs[0].value]; kw.length = 0;
      }
      const impl = handler({ name, args: allArgs, kwargs: kw, consts: allVars.map((v) => ctx.constValue(v)), span });
      const vars = allVars.map((v, i) => ctx.cast(v, allArgs[i], impl.args[i], span));
      // keyword arguments the handler takes as values (impl.kwargs), after the positional ones
      (impl.kwargs ?? []).forEach((n, j) => {
        const k = e.kwargs.findIndex((x) => x.name === n);
        vars.push(ctx.cast(e.kwargs[k].value, kwTs[k]!, impl.args[allVars.length + j], span));
      });
      return { k: "intrinsic", type: impl.ret, impl, args: vars };
    }
    if (ft.tag === "method" && ft.self.tag === "list" && ft.self.elem === null && args.length > 0 &&
      ["list.append", "list.insert", "list.extend"].includes(ft.name)) {
      // `[]` gets its item type from the first append/insert/extend (lists/library.ts)
      const item = ft.name === "list.insert" ? args[1] : args[0];
      const elem = ft.name === "list.extend" ? (item.tag === "list" ? item.elem : null) : item;
      const recv = receiverOf(ctx.spec.fn, e.func);
      if (elem !== null && recv !== null && item !== undefined) this.setVar(ctx.spec, recv, listOf(elem), span);
      if (ctx.out === null) return null;
    }
    if (ft.tag === "method") {
      const handler = BUILTINS.get(ft.name)!;
      const kw = e.kwargs.map((k, i) => ({ name: k.name, type: kwTs[i]!, value: ctx.constValue(k.value) }));
      const allArgs = [ft.self, ...args];
      const impl = handler({ name: ft.name, args: allArgs, kwargs: kw, consts: [null, ...e.args.map((v) => ctx.constValue(v))], span });
      const vars = [ctx.cast(e.func, ft, ft.self, span), ...e.args.map((v, i) => ctx.cast(v, args[i], impl.args[i + 1], span))];
      (impl.kwargs ?? []).forEach((n, j) => {
        const k = e.kwargs.findIndex((x) => x.name === n);
        vars.push(ctx.cast(e.kwargs[k].value, kwTs[k]!, impl.args[1 + e.args.length + j], span));
      });
      return { k: "intrinsic", type: impl.ret, impl, args: vars };
    }
    if (ft.tag === "opaque" && ft.what.k === "function") {
      const fn = this.program.get(ft.what.ref);
      return this.callJitted(ctx, fn, [], [], e, args, kwTs as Type[], span);
    }
    if (ft.tag === "closure") {
      const fn = this.program.get(ft.ref);
      // Called in the function that defines it, an inner function sees the current
      // values of the variables it captures (Python's late binding); elsewhere, the
      // values frozen when the `def` ran.
      const definedHere = ft.ref.slice(0, ft.ref.lastIndexOf(".<locals>.")) === ctx.spec.fn.key &&
        ft.names.every((n, i) => ctx.spec.vars.get(n) === ft.captured[i]);
      const capVars = definedHere ? ft.names : ft.captured.map((t, i) => ctx.extract(e.func, ft, i));
      const r = this.callJitted(ctx, fn, capVars, ft.captured, e, args, kwTs as Type[], span);
      return r === null ? null : { ...r, closure: null };
    }
    if (ft.tag === "opaque" && ft.what.k === "exception") {
      throw unsupported(`exception objects can only be raised directly in jitted code: \`raise ${ft.what.name}("message")\`.`, span);
    }
    throw typingError(`${describe(ft)} is not callable.`, span);
  }

  /** Binds positional and keyword arguments (and defaults) to a jitted function's parameters. */
  private callJitted(ctx: Ctx, fn: UFunction, capVars: Var[], capTypes: Type[], e: Extract<Expr, { k: "call" }>,
    args: Type[], kwTs: Type[], span: Span): Extract<TExpr, { k: "call" }> | null {
    const params = fn.params;
    const bound: ({ v: Var; t: Type } | null)[] = params.map(() => null);
    const positional = params.filter((p) => !p.kwonly && !p.vararg);
    const va = params.findIndex((p) => p.vararg === true);
    if (args.length > positional.length && va < 0) throw typingError(`${fn.name}() takes ${positional.length} positional arguments but ${args.length} were given.`, span);
    args.slice(0, positional.length).forEach((t, i) => { bound[i] = { v: e.args[i], t }; });
    if (va >= 0) {
      // *args: the extra positional arguments, packed into a tuple.
      const extra = e.args.slice(positional.length);
      const tt = tupleOf(args.slice(positional.length));
      const v = ctx.fresh(tt);
      ctx.emit({ k: "assign", target: v, value: { k: "tuple", type: tt, items: extra }, span });
      bound[va] = { v, t: tt };
    }
    e.kwargs.forEach((k, i) => {
      const j = params.findIndex((p) => p.name === k.name);
      if (j < 0) throw typingError(`${fn.name}() got an unexpected keyword argument '${k.name}'.`, span);
      if (bound[j] !== null) throw typingError(`${fn.name}() got multiple values for argument '${k.name}'.`, span);
      bound[j] = { v: k.value, t: kwTs[i] };
    });
    const defaults = this.program.defaults(fn);
    const pre: Var[] = [];
    for (let j = 0; j < params.length; j++) {
      if (bound[j] !== null) continue;
      const d = defaults.get(params[j].name);
      const raw = fn.desc.defaults?.[params[j].name] as { type?: string; pytype?: string } | undefined;
      if (d === undefined && raw?.type === "unsupported" && !fn.key.includes(".<locals>.")) {
        throw unsupported(`the default value of ${fn.name}()'s parameter '${params[j].name}' is a ${raw.pytype}, which jitted code cannot use; pass the argument explicitly.`, span);
      }
      if (d === undefined) throw typingError(`${fn.name}() missing required argument '${params[j].name}'.`, span);
      const t = constType(d, span);
      const v = ctx.fresh(t);
      ctx.emit({ k: "assign", target: v, value: { k: "const", type: t, value: d }, span });
      bound[j] = { v, t };
      pre.push(v);
    }
    const argtypes = [...capTypes, ...bound.map((b) => b!.t)];
    const callee = this.specialize(fn, argtypes, span);
    if (callee.restype === null) return null;
    return { k: "call", type: callee.restype, target: callee.key, args: [...capVars, ...bound.map((b) => b!.v)], closure: null };
  }

  typedFunction(key: string): TFunction | undefined { return this.typed.get(key); }
  /** Specialises the jitted function `ref` for `argtypes` (a prange body, parallel/region.ts). */
  specializeRef(ref: string, argtypes: Type[], span: Span): Spec { return this.specialize(this.program.get(ref), argtypes, span); }
  specOf(key: string): Spec | undefined { return this.specs.get(key); }
}

/** Per-statement state: the specialisation, and in the build pass the statements emitted. */
/** Per function, the defining expression of each temporary assigned once (`Ctx.defsOf`). */
const DEFS = new WeakMap<UFunction, Map<Var, Expr | null>>();
/** Per function, the literal values of its temporaries (`Ctx.constValue`). */
const CONSTS = new WeakMap<UFunction, Map<Var, ConstValue | null>>();

class Ctx {
  private n = 0;
  constructor(readonly inf: Inference, readonly spec: Spec, public out: TStmt[] | null) {}

  maybeType(v: Var, span: Span): Type | null {
    const t = this.spec.vars.get(v);
    if (t === undefined) {
      if (this.out !== null) {
        if (v.startsWith("$")) throw typingError("cannot infer the type of this expression (it depends on a value whose type is unknown, such as a recursive call without a base case).", span);
        throw typingError(`cannot infer the type of '${v}'; it may be used before it is assigned.`, span);
      }
      return null;
    }
    return t;
  }
  typeOf(v: Var, span: Span): Type { return this.maybeType(v, span)!; }

  /** A new temporary of type `t` (build pass); in fixed-point passes, a placeholder. */
  fresh(t: Type): Var {
    if (this.out === null) return `$nil`;
    let name: Var;
    do name = `$c${this.n++}`; while (this.spec.vars.has(name));
    this.spec.vars.set(name, t);
    return name;
  }
  emit(s: TStmt): void { if (this.out !== null) this.out.push(s); }

  /** `v` converted to `to` (a new variable holding a `cast` in the build pass). */
  cast(v: Var, from: Type, to: Type, span: Span): Var {
    if (from === to) return v;
    if (!canConvert(from, to)) throw typingError(`cannot convert ${describe(from)} to ${describe(to)}.`, span);
    const c = this.fresh(to);
    this.emit({ k: "assign", target: c, value: { k: "cast", type: to, value: v }, span });
    return c;
  }

  /** The value of `v` when it is a temporary assigned once from a literal, else null. */
  constValue(v: Var): ConstValue | null {
    if (!v.startsWith("$")) return null;
    let table = CONSTS.get(this.spec.fn);
    if (table === undefined) {
      // temporaries assigned exactly once, from a literal (null: assigned otherwise or twice)
      table = new Map();
      for (const b of this.spec.fn.blocks) {
        for (const s of b.body) {
          if (s.k !== "assign" || !s.target.startsWith("$")) continue;
          const val = s.value.k === "const" ? s.value.value : null;
          table.set(s.target, table.has(s.target) ? null : val);
        }
      }
      CONSTS.set(this.spec.fn, table);
    }
    return table.get(v) ?? null;
  }

  /**
   * Whether `target[index] = value` only stores back what an augmented assignment
   * `target[index] op= x` already wrote in place: `value` is an in-place array operation
   * on `target[index]`, and that is a view of `target`'s memory (basic indexing of an
   * array) or an item of a list of arrays — not a copy (masks, index arrays) or a number.
   */
  storesBackInPlace(target: Var, t: Type, index: Var, value: Var, span: Span): boolean {
    const defs = this.defsOf();
    const r = defs.get(value);
    if (r === undefined || r === null || r.k !== "binop" || r.inplace !== true || r.op === "MatMult") return false;
    const cur = defs.get(r.lhs);
    if (cur === undefined || cur === null || cur.k !== "getitem" || cur.value !== target || cur.index !== index) return false;
    const ct = this.typeOf(r.lhs, span);
    if (ct.tag !== "array") return false;
    if (t.tag === "list") return true;
    if (t.tag !== "array") return false;
    const it = this.typeOf(index, span);
    if (it.tag === "array" || (it.tag === "tuple" && it.items.some((x) => x.tag === "array"))) return false;
    return true; // basic indexing: a view (a full integer index would give a number)
  }

  private defsOf(): Map<Var, Expr | null> {
    let table = DEFS.get(this.spec.fn);
    if (table === undefined) {
      table = new Map();
      for (const b of this.spec.fn.blocks) {
        for (const s of b.body) {
          if (s.k !== "assign" || !s.target.startsWith("$")) continue;
          table.set(s.target, table.has(s.target) ? null : s.value);
        }
      }
      DEFS.set(this.spec.fn, table);
    }
    return table;
  }

  /** The value of `v` when it is a temporary holding an integer literal, else null. */
  constInt(v: Var): bigint | null {
    if (!v.startsWith("$")) return null;
    let found: bigint | null = null;
    let count = 0;
    for (const b of this.spec.fn.blocks) {
      for (const s of b.body) {
        if (s.k !== "assign" || s.target !== v) continue;
        count++;
        found = s.value.k === "const" && s.value.value.k === "int" ? s.value.value.v : null;
      }
    }
    return count === 1 ? found : null;
  }

  /** An Optional value as its inner type (no check: a None gives the zero value). */
  unwrap(v: Var, t: Type, span: Span): [Var, Type] {
    if (t.tag !== "optional") return [v, t];
    return [this.cast(v, t, t.inner, span), t.inner];
  }

  /** Item `i` of the tuple (or closure) in `v`, in a new variable. */
  extract(v: Var, t: Type, i: number): Var {
    const it = t.tag === "tuple" ? t.items[i] : t.tag === "closure" ? t.captured[i] : null;
    if (it === null) throw new Error("extract from a non-aggregate");
    const c = this.fresh(it);
    this.emit({ k: "assign", target: c, value: { k: "extract", type: it, value: v, index: i }, span: ZERO });
    return c;
  }
}

/** `x ** n` for a float x and an integer literal n: binary exponentiation unrolled here. */
function floatPowConst(t: Type, n: number): Impl {
  const ty = llvmType(t);
  return {
    name: "**", args: [t], ret: t,
    lower: (l) => {
      const f = l.f;
      const x = l.args[0];
      if (n < 0 && l.errorModel === "python") {
        l.raiseIf(f.op(`fcmp oeq ${ty} ${x}, 0.0`), "ZeroDivisionError", "0.0 cannot be raised to a negative power");
      }
      let result: string | null = null;
      let base = x;
      for (let e = Math.abs(n); e > 0; e >>= 1) {
        if (e & 1) result = result === null ? base : f.fop("fmul", ty, result, base);
        if (e > 1) base = f.fop("fmul", ty, base, base);
      }
      const one = "1.0";
      if (result === null) return one;
      return n < 0 ? f.fop("fdiv", ty, one, result) : result;
    },
  };
}

/** The registry prefix of a value's methods (`complex` for `z.conjugate()`), or null. */
function methodFamily(t: Type): string | null {
  if (isComplex(t)) return "complex";
  if (isFloat(t)) return "float";
  if (isInt(t) || t === bool) return "int";
  if (t.tag === "array") return "array";
  if (t.tag === "tuple") return "tuple";
  if (t.tag === "list") return "list";
  return null;
}

/** The variable a method value `m` was read from (`m = getattr(x, name)`), or null. */
function receiverOf(fn: UFunction, m: Var): Var | null {
  for (const b of fn.blocks) {
    for (const s of b.body) if (s.k === "assign" && s.target === m && s.value.k === "getattr") return s.value.value;
  }
  return null;
}

/** Equality of two NUL-terminated UTF-8 strings. */
const STREQ_HELPER = [
  "define internal i1 @nj.streq(ptr %a, ptr %b) #0 {",
  "entry:",
  "  br label %loop",
  "loop:",
  "  %i = phi i64 [0, %entry], [%i1, %next]",
  "  %pa = getelementptr inbounds i8, ptr %a, i64 %i",
  "  %pb = getelementptr inbounds i8, ptr %b, i64 %i",
  "  %ca = load i8, ptr %pa",
  "  %cb = load i8, ptr %pb",
  "  %same = icmp eq i8 %ca, %cb",
  "  br i1 %same, label %check, label %no",
  "check:",
  "  %end = icmp eq i8 %ca, 0",
  "  br i1 %end, label %yes, label %next",
  "next:",
  "  %i1 = add i64 %i, 1",
  "  br label %loop",
  "yes:",
  "  ret i1 true",
  "no:",
  "  ret i1 false",
  "}",
].join("\n");

const ZERO: Span = { lineno: 1, col_offset: 0, end_lineno: 1, end_col_offset: 0 };

const BUILTIN_NAMES: Record<string, true> = { None: true };

const OP_SYMBOL: Record<string, string> = {
  Add: "+", Sub: "-", Mult: "*", Div: "/", FloorDiv: "//", Mod: "%", Pow: "**", LShift: "<<", RShift: ">>",
  BitOr: "|", BitXor: "^", BitAnd: "&", MatMult: "@", Eq: "==", NotEq: "!=", Lt: "<", LtE: "<=", Gt: ">", GtE: ">=",
  Is: "is", IsNot: "is not", In: "in", NotIn: "not in",
};

/** The numjit type of a constant (Python int → int64, float → float64, ...). */
export function constType(c: ConstValue, span: Span): Type {
  switch (c.k) {
    case "int":
      if (c.ty !== undefined) return parseType(c.ty) ?? int64;
      if (c.v >= -(2n ** 63n) && c.v < 2n ** 63n) return int64;
      if (c.v >= 0n && c.v < 2n ** 64n) return uint64;
      throw typingError(`the integer ${c.v} does not fit in 64 bits; jitted code uses fixed-width integers.`, span);
    case "float": return c.ty !== undefined ? parseType(c.ty) ?? float64 : float64;
    case "complex": return complex128;
    case "bool": return bool;
    case "none": return none;
    case "str": return unicode;
    case "tuple": return tupleOf(c.items.map((x) => constType(x, span)));
  }
}

/** A constant descriptor from the request (`{"type": "int64", "value": "12"}`) as a constant. */
export function constFromDesc(d: ConstDesc, span: Span): ConstValue {
  switch (d.type) {
    case "bool": return { k: "bool", v: (d as { value: boolean }).value };
    case "none": return { k: "none" };
    case "str": return { k: "str", v: (d as { value: string }).value };
    case "tuple": return { k: "tuple", items: (d as { items: ConstDesc[] }).items.map((x) => constFromDesc(x, span)) };
    case "complex128": case "complex64": {
      const c = d as { real: string; imag: string };
      return { k: "complex", re: pyFloat(c.real), im: pyFloat(c.imag) };
    }
    case "float64": return { k: "float", v: pyFloat((d as { value: string }).value) };
    case "float32": return { k: "float", v: pyFloat((d as { value: string }).value), ty: "float32" };
    default:
      if (/^u?int\d+$/.test(d.type)) {
        const v = BigInt((d as { value: string }).value);
        return d.type === "int64" ? { k: "int", v } : { k: "int", v, ty: d.type };
      }
      throw unsupported(`a global constant of type ${d.type} is not supported in jitted code.`, span);
  }
}

function pyFloat(s: string): number {
  if (s === "inf") return Infinity;
  if (s === "-inf") return -Infinity;
  if (s === "nan" || s === "-nan") return NaN;
  return Number(s);
}

export type { Spec };
export type { SourceRef };
void float32; void optional; void complex128;
