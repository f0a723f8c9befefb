/**
 * @fileoverview Name resolution and AST → untyped IR (ir.ts).
 *
 * In: the `FunctionDef` of one jitted function (parsed from its descriptor's source).
 * Out: a `UFunction`: a control-flow graph of blocks, and one `UFunction` per inner `def`.
 *
 * Name resolution follows Python's scoping rules: a name assigned anywhere in the
 * function (or a parameter) is local; a name assigned in an enclosing jitted function is
 * captured (an inner function receives the captured values as hidden leading
 * parameters, frozen when the `def` runs); any other name is a `global` expression that
 * type inference resolves through the descriptor's `freevars`, `globals`, then builtins.
 *
 * Desugarings (before → after):
 *   `a or b`            → `$r = a; if truth($r) goto done; $r = b; done:`
 *   `a < b < c`         → `$r = a < b; if not truth($r) goto done; $r = b < c; done:`
 *   `x if c else y`     → `if truth(c) { $r = x } else { $r = y }`
 *   `for t in it: B`    → `$i = getiter(it); head: t?, ok = iternext($i); if ok { t = ...; B; goto head } else ...`
 *   `a, b = t`          → `unpack_check(t, 2); a = static_getitem(t, 0); b = static_getitem(t, 1)`
 *   `x += y`            → `x = x + y`
 *   `assert c, "m"`     → `if not truth(c): raise AssertionError("m")`
 *   `try: B except: H`  → B's statements carry `handler = H's block`; what raises there
 *                         jumps to H instead of leaving the function
 */
import type * as A from "./syntax/ast";
import { CompileError, unsupported, type Span, type SourceRef } from "./diagnostics";
import type { Block, ConstValue, Expr, Param, Stmt, Terminator, UFunction, Var } from "./ir";
import type { FunctionDesc } from "./protocol";
import { outlinePrange } from "./parallel/outline";
import { printFmt, raiseFmt, type Piece } from "./fstrings";
import { EXCEPTIONS } from "./llvm";

/** Builds the IR of a top-level jitted function from its parsed `def`. */
export function buildFunction(def: A.FunctionDef, key: string, desc: FunctionDesc, src: SourceRef): UFunction {
  return new FnBuilder(def, key, def.name, desc.qualname, desc, src, new Set(), []).build();
}

/** Converts an AST constant to an IR constant. */
export function constFromAst(c: A.ConstValue, span: Span): ConstValue {
  switch (c.tag) {
    case "int": return { k: "int", v: c.value };
    case "float": return { k: "float", v: c.value };
    case "complex": return { k: "complex", re: 0, im: c.imag };
    case "str": return { k: "str", v: c.value };
    case "bool": return { k: "bool", v: c.value };
    case "None": return { k: "none" };
    case "bytes": throw unsupported("bytes literals are not supported in jitted code; use a str or a NumPy uint8 array instead.", span);
    case "Ellipsis": throw unsupported("`...` is not supported in jitted code here.", span);
  }
}

/**
 * Whether a while loop with test `e` is written test-at-bottom (FnBuilder.rotatedWhile):
 * when the test subscripts something and is otherwise made only of names, constants,
 * attributes and operators, so lowering it twice defines nothing twice. Measured against
 * Numba: insertion_sort's `j >= 0 and a[j] > key` loop is 1.27x slower tested at the top
 * and even tested at the bottom, mandelbrot's arithmetic test 0.87x tested at the top and
 * 1.01x at the bottom.
 */
function rotateWhile(e: A.Expr): boolean {
  let item = false;
  const simple = (x: A.Expr): boolean => {
    switch (x.kind) {
      case "Name": case "Constant": return true;
      case "Attribute": return simple(x.value);
      case "Subscript": item = true; return simple(x.value) && simple(x.slice);
      case "Tuple": return x.elts.every(simple);
      case "Compare": return simple(x.left) && x.comparators.every(simple);
      case "BoolOp": return x.values.every(simple);
      case "BinOp": return simple(x.left) && simple(x.right);
      case "UnaryOp": return simple(x.operand);
      default: return false;
    }
  };
  return simple(e) && item;
}

/** The names a function body binds (assignment targets, loop variables, inner defs). */
function boundNames(body: A.Stmt[], out: Set<string>, globalsOut: Set<string>): void {
  const target = (t: A.Expr): void => {
    if (t.kind === "Name") out.add(t.id);
    else if (t.kind === "Tuple" || t.kind === "List") t.elts.forEach(target);
    else if (t.kind === "Starred") target(t.value);
  };
  const exprs = (e: A.Node | null | undefined): void => {
    if (e === null || e === undefined || typeof e !== "object") return;
    if ((e as A.Node).kind === "NamedExpr") target((e as A.NamedExpr).target);
    if ((e as A.Node).kind === "Lambda") return;
    for (const v of Object.values(e)) {
      if (Array.isArray(v)) v.forEach((x) => { if (x && typeof x === "object" && "kind" in x) exprs(x); });
      else if (v && typeof v === "object" && "kind" in v) exprs(v as A.Node);
    }
  };
  for (const s of body) {
    switch (s.kind) {
      case "Assign": s.targets.forEach(target); exprs(s.value); break;
      case "AugAssign": target(s.target); exprs(s.value); break;
      case "AnnAssign": if (s.value !== null) target(s.target); break;
      case "For": target(s.target); exprs(s.iter); boundNames(s.body, out, globalsOut); boundNames(s.orelse, out, globalsOut); break;
      case "While": exprs(s.test); boundNames(s.body, out, globalsOut); boundNames(s.orelse, out, globalsOut); break;
      case "If": exprs(s.test); boundNames(s.body, out, globalsOut); boundNames(s.orelse, out, globalsOut); break;
      case "FunctionDef": out.add(s.name); break;
      case "Global": s.names.forEach((n) => globalsOut.add(n)); break;
      case "Try":
        for (const part of [s.body, s.orelse, s.finalbody, ...s.handlers.map((h) => h.body)]) boundNames(part, out, globalsOut);
        for (const h of s.handlers) if (h.name !== null) out.add(h.name);
        break;
      case "With": boundNames(s.body, out, globalsOut); break;
      default: exprs(s);
    }
  }
}

/** Names a function (and the functions nested in it) reads. */
function loadedNames(node: A.Node, out: Set<string>): void {
  if (node.kind === "Name") out.add(node.id);
  for (const v of Object.values(node)) {
    if (Array.isArray(v)) v.forEach((x) => { if (x && typeof x === "object" && "kind" in x) loadedNames(x as A.Node, out); });
    else if (v && typeof v === "object" && "kind" in v) loadedNames(v as A.Node, out);
  }
}

interface Loop { cont: number; brk: number }

class FnBuilder {
  private blocks: Block[] = [];
  private cur: Block;
  private ntemp = 0;
  private loops: Loop[] = [];
  /** The `except` blocks of the enclosing `try` statements, innermost last. */
  private handlers: number[] = [];
  private locals = new Set<string>();
  private declaredGlobal = new Set<string>();
  private vars: Var[] = [];
  private varSet = new Set<Var>();
  private varLines = new Map<Var, number>();
  private inner = new Map<string, UFunction>();
  private innerDefaults = new Map<string, ConstValue>();
  private params: Param[] = [];
  /** Comprehension targets in scope: Python name → the fresh variable (listComp). */
  private scoped = new Map<string, Var>();

  constructor(
    private def: A.FunctionDef, private key: string, private fnName: string, private qualname: string,
    private desc: FunctionDesc, private src: SourceRef,
    /** Variables of the enclosing jitted functions, visible here. */
    private outer: Set<string>, private captures: string[],
  ) {
    this.cur = this.newBlock();
  }

  build(): UFunction {
    // parallel=True: prange loops become chunk functions and runtime calls (parallel/outline.ts)
    if (this.desc.options?.parallel === true) this.def = { ...this.def, body: outlinePrange(this.def.body) };
    const def = this.def;
    const a = def.args;
    if (a.kwarg !== null) throw unsupported("`**kwargs` parameters are not supported in jitted functions; name the parameters instead.", a.kwarg);
    const positional = [...a.posonlyargs, ...a.args];
    const firstDefault = positional.length - a.defaults.length;
    positional.forEach((p, i) => this.params.push({ name: p.arg, span: p, hasDefault: i >= firstDefault, kwonly: false }));
    if (a.vararg !== null) this.params.push({ name: a.vararg.arg, span: a.vararg, hasDefault: false, kwonly: false, vararg: true });
    a.kwonlyargs.forEach((p, i) => this.params.push({ name: p.arg, span: p, hasDefault: a.kw_defaults[i] !== null, kwonly: true }));

    const bound = new Set<string>();
    const declaredGlobal = new Set<string>();
    boundNames(def.body, bound, declaredGlobal);
    for (const p of this.params) bound.add(p.name);
    for (const c of this.captures) bound.add(c);
    for (const g of declaredGlobal) bound.delete(g);
    this.locals = bound;
    this.declaredGlobal = declaredGlobal;

    let index = 0;
    for (const c of this.captures) this.assign(c, { k: "arg", index: index++ }, def);
    for (const p of this.params) this.assign(p.name, { k: "arg", index: index++ }, p.span);
    this.stmts(def.body);
    if (this.cur.term === null) {
      const none = this.temp();
      this.assign(none, { k: "const", value: { k: "none" } }, def);
      this.term({ k: "return", value: none, span: def });
    }
    const blocks = this.reachable();
    return {
      key: this.key, name: this.fnName, qualname: this.qualname, captures: this.captures, params: this.params, blocks,
      vars: this.vars, varLines: this.varLines, innerDefaults: this.innerDefaults, desc: this.desc, src: this.src,
      span: def, inner: this.inner, outerNames: this.outer,
    };
  }

  /** Drops blocks no path reaches from the entry (code after `return`, `break`, ...). */
  private reachable(): Block[] {
    const seen = new Set<number>();
    const work = [0];
    while (work.length > 0) {
      const id = work.pop()!;
      if (seen.has(id)) continue;
      seen.add(id);
      const t = this.blocks[id].term;
      if (t === null) continue;
      if (t.k === "jump") work.push(t.target);
      else if (t.k === "branch") work.push(t.then, t.else);
      else if (t.k === "raise" && t.handler !== undefined) work.push(t.handler);
      for (const st of this.blocks[id].body) if (st.k !== "unpack_check" && st.handler !== undefined) work.push(st.handler);
    }
    for (const b of this.blocks) {
      if (seen.has(b.id) && b.term === null) throw new Error(`block B${b.id} has no terminator`);
    }
    return this.blocks.filter((b) => seen.has(b.id));
  }

  // -- helpers ---------------------------------------------------------------------------

  private newBlock(): Block {
    const b: Block = { id: this.blocks.length, body: [], term: null };
    this.blocks.push(b);
    return b;
  }
  private temp(): Var {
    const v = `$${this.ntemp++}`;
    this.noteVar(v, null);
    return v;
  }
  private noteVar(v: Var, line: number | null): void {
    if (!this.varSet.has(v)) { this.varSet.add(v); this.vars.push(v); }
    if (line !== null && !this.varLines.has(v)) this.varLines.set(v, line);
  }
  private emit(s: Stmt): void {
    const h = this.handlers[this.handlers.length - 1];
    if (h !== undefined && s.k !== "unpack_check") s.handler = h;
    this.cur.body.push(s);
  }
  private assign(target: Var, value: Expr, span: Span): void {
    this.noteVar(target, target.startsWith("$") ? null : span.lineno);
    this.emit({ k: "assign", target, value, span });
  }
  private term(t: Terminator): void {
    const h = this.handlers[this.handlers.length - 1];
    if (t.k === "raise" && h !== undefined) t.handler = h;
    if (this.cur.term === null) this.cur.term = t;
  }
  /** Ends the current block with `t` and continues in `next` (a fresh block if absent). */
  private switchTo(next: Block): void { this.cur = next; }
  private jump(target: Block): void { this.term({ k: "jump", target: target.id }); }

  // -- statements ------------------------------------------------------------------------

  private stmts(body: A.Stmt[]): void {
    for (const s of body) {
      if (this.cur.term !== null) this.switchTo(this.newBlock()); // dead code after return/break
      this.stmt(s);
    }
  }

  // stmt = Expr | Assign | AugAssign | AnnAssign | If | While | For | Break | Continue
  //      | Return | Raise | Assert | Pass | FunctionDef | Global
  private stmt(s: A.Stmt): void {
    switch (s.kind) {
      case "Expr": this.expr(s.value); return;
      case "Pass": return;
      case "Assign": {
        const v = this.expr(s.value);
        for (const t of s.targets) this.store(t, v, s);
        return;
      }
      case "AnnAssign": {
        if (s.value !== null) this.store(s.target, this.expr(s.value), s);
        return;
      }
      case "AugAssign": this.augAssign(s); return;
      case "If": this.ifStmt(s); return;
      case "While": this.whileStmt(s); return;
      case "For": this.forStmt(s); return;
      case "Break":
      case "Continue": {
        const loop = this.loops[this.loops.length - 1];
        if (loop === undefined) throw new CompileError("SyntaxError", `'${s.kind.toLowerCase()}' outside loop`, s);
        this.term({ k: "jump", target: s.kind === "Break" ? loop.brk : loop.cont });
        return;
      }
      case "Return": {
        let v: Var;
        if (s.value === null) { v = this.temp(); this.assign(v, { k: "const", value: { k: "none" } }, s); }
        else v = this.expr(s.value);
        this.term({ k: "return", value: v, span: s });
        return;
      }
      case "Raise": this.raiseStmt(s); return;
      case "Assert": this.assertStmt(s); return;
      case "FunctionDef": this.innerDef(s); return;
      case "Global": return;
      case "Nonlocal":
        throw unsupported("`nonlocal` is not supported in jitted code; return the new value from the inner function instead.", s);
      case "Import": case "ImportFrom":
        throw unsupported("imports inside a jitted function are not supported; import at module level instead.", s);
      case "Try": this.tryStmt(s); return;
      case "TryStar":
        throw unsupported("`try` ... `except*` is not supported in jitted code.", s);
      case "With": case "AsyncWith":
        throw unsupported("`with` statements are not supported in jitted code.", s);
      case "Delete": throw unsupported("`del` is not supported in jitted code.", s);
      case "ClassDef": throw unsupported("class definitions are not supported inside jitted functions.", s);
      case "Match": throw unsupported("`match` statements are not supported in jitted code; use `if`/`elif` instead.", s);
      case "AsyncFunctionDef": case "AsyncFor":
        throw unsupported("async code is not supported in jitted functions.", s);
      case "TypeAlias": throw unsupported("`type` aliases are not supported in jitted code.", s);
    }
  }

  /** Assigns the value in variable `v` to an assignment target. */
  private store(t: A.Expr, v: Var, span: Span): void {
    switch (t.kind) {
      case "Name":
        if (this.scoped.has(t.id)) { this.assign(this.scoped.get(t.id)!, { k: "var", name: v }, t); return; }
        if (this.declaredGlobal.has(t.id)) {
          throw unsupported(`assigning to the global '${t.id}' is not supported in jitted code (globals are frozen constants); return the value instead.`, t);
        }
        this.assign(t.id, { k: "var", name: v }, t);
        return;
      case "Tuple":
      case "List": {
        if (t.elts.some((e) => e.kind === "Starred")) throw unsupported("starred assignment (`a, *b = ...`) is not supported in jitted code.", t);
        this.emit({ k: "unpack_check", value: v, count: t.elts.length, span: t });
        t.elts.forEach((e, i) => {
          const item = this.temp();
          this.assign(item, { k: "static_getitem", value: v, index: i }, e);
          this.store(e, item, e);
        });
        return;
      }
      case "Subscript": {
        const target = this.expr(t.value);
        const index = this.expr(t.slice);
        this.emit({ k: "setitem", target, index, value: v, span: t });
        return;
      }
      case "Attribute":
        throw unsupported(`assigning to attribute '${t.attr}' is not supported in jitted code.`, t);
      default:
        throw unsupported("this assignment target is not supported in jitted code.", t);
    }
  }

  private augAssign(s: A.AugAssign): void {
    const t = s.target;
    if (t.kind === "Name") {
      if (this.declaredGlobal.has(t.id)) {
        throw unsupported(`assigning to the global '${t.id}' is not supported in jitted code (globals are frozen constants); return the value instead.`, t);
      }
      const cur = this.name(t);
      const rhs = this.expr(s.value);
      const r = this.temp();
      this.assign(r, { k: "binop", op: s.op, lhs: cur, rhs, inplace: true }, s);
      this.assign(t.id, { k: "var", name: r }, t);
      return;
    }
    if (t.kind === "Subscript") {
      const target = this.expr(t.value);
      const index = this.expr(t.slice);
      const cur = this.temp();
      this.assign(cur, { k: "getitem", value: target, index }, t);
      const rhs = this.expr(s.value);
      const r = this.temp();
      // in place, as Python's `x[i].__iadd__` (an array item or view is updated where it
      // is; inference drops the store back when it would write the same elements)
      this.assign(r, { k: "binop", op: s.op, lhs: cur, rhs, inplace: true }, s);
      this.emit({ k: "setitem", target, index, value: r, span: s });
      return;
    }
    throw unsupported("this augmented assignment target is not supported in jitted code.", t);
  }

  private truth(v: Var, span: Span): Var {
    const c = this.temp();
    this.assign(c, { k: "truth", value: v }, span);
    return c;
  }

  private ifStmt(s: A.If): void {
    const c = this.truth(this.expr(s.test), s.test);
    const then = this.newBlock(), els = this.newBlock(), done = this.newBlock();
    this.term({ k: "branch", cond: c, then: then.id, else: els.id, span: s.test });
    this.switchTo(then);
    this.stmts(s.body);
    this.jump(done);
    this.switchTo(els);
    this.stmts(s.orelse);
    this.jump(done);
    this.switchTo(done);
  }

  private whileStmt(s: A.While): void {
    if (rotateWhile(s.test)) { this.rotatedWhile(s); return; }
    const head = this.newBlock(), body = this.newBlock(), els = this.newBlock(), done = this.newBlock();
    this.jump(head);
    this.switchTo(head);
    const c = this.truth(this.expr(s.test), s.test);
    this.term({ k: "branch", cond: c, then: body.id, else: els.id, span: s.test });
    this.switchTo(body);
    this.loops.push({ cont: head.id, brk: done.id });
    this.stmts(s.body);
    this.loops.pop();
    this.jump(head);
    this.switchTo(els);
    this.stmts(s.orelse);
    this.jump(done);
    this.switchTo(done);
  }

  /**
   * A while loop whose test reads an array item (`while j >= 0 and a[j] > key`), written
   * test-at-bottom as CPython compiles it: the test once before the loop and again at the
   * bottom of the body, so the loop LLVM sees is already rotated and the item test (the
   * data-dependent exit) is its back edge, as in Numba's code. Other while loops keep the
   * test at the top (mandelbrot's arithmetic test is faster so; see rotateWhile).
   */
  private rotatedWhile(s: A.While): void {
    const body = this.newBlock(), latch = this.newBlock(), els = this.newBlock(), done = this.newBlock();
    const c0 = this.truth(this.expr(s.test), s.test);
    this.term({ k: "branch", cond: c0, then: body.id, else: els.id, span: s.test });
    this.switchTo(body);
    this.loops.push({ cont: latch.id, brk: done.id });
    this.stmts(s.body);
    this.loops.pop();
    this.jump(latch);
    this.switchTo(latch);
    const c1 = this.truth(this.expr(s.test), s.test);
    this.term({ k: "branch", cond: c1, then: body.id, else: els.id, span: s.test });
    this.switchTo(els);
    this.stmts(s.orelse);
    this.jump(done);
    this.switchTo(done);
  }

  private forStmt(s: A.For): void {
    const iterable = this.expr(s.iter);
    const it = this.temp();
    this.assign(it, { k: "getiter", value: iterable }, s.iter);
    const head = this.newBlock(), body = this.newBlock(), els = this.newBlock(), done = this.newBlock();
    this.jump(head);
    this.switchTo(head);
    const value = this.temp(), valid = this.temp();
    this.emit({ k: "iternext", iter: it, value, valid, span: s.iter });
    this.term({ k: "branch", cond: valid, then: body.id, else: els.id, span: s.iter });
    this.switchTo(body);
    this.store(s.target, value, s.target);
    this.loops.push({ cont: head.id, brk: done.id });
    this.stmts(s.body);
    this.loops.pop();
    this.jump(head);
    this.switchTo(els);
    this.stmts(s.orelse);
    this.jump(done);
    this.switchTo(done);
  }

  // try: BODY / except C1 [as e]: H1 / except (C2, C3): H2 / else: E / finally: F
  //   → BODY's statements jump to the dispatch block D when they raise; E follows BODY.
  //     D: if $exc_match(C1): [e = $exc_message()] H1 elif $exc_match(C2, C3): H2 else $exc_reraise()
  //     (a bare `except:` or `except Exception:` matches everything).
  //   With `finally`, everything above runs with the handler F' = {F; $exc_reraise()}, and
  //   F runs after it on the normal path.
  private tryStmt(s: A.Try): void {
    const done = this.newBlock();
    let onError: Block | null = null;
    if (s.finalbody.length > 0) {
      for (const part of [s.body, s.orelse, ...s.handlers.map((h) => h.body)]) checkNoJumpOut(part, false);
      onError = this.newBlock();
      this.handlers.push(onError.id);
    }
    const dispatch = this.newBlock();
    this.handlers.push(dispatch.id);
    this.stmts(s.body);
    this.handlers.pop();
    this.stmts(s.orelse);
    this.jump(done);
    this.switchTo(dispatch);
    let caughtAll = false;
    for (const h of s.handlers) {
      if (caughtAll) break;
      const all = h.type === null || (h.type.kind === "Name" && (h.type.id === "Exception" || h.type.id === "BaseException"));
      const next = this.newBlock();
      if (!all) {
        const classes = h.type!.kind === "Tuple" ? h.type!.elts : [h.type!];
        const fn = this.tempOf({ k: "global", name: "$exc_match" }, h.type!);
        const m = this.tempOf({ k: "call", func: fn, args: classes.map((c) => this.expr(c)), kwargs: [] }, h.type!);
        const body = this.newBlock();
        this.term({ k: "branch", cond: m, then: body.id, else: next.id, span: h.type! });
        this.switchTo(body);
      } else caughtAll = true;
      const clear = this.tempOf({ k: "global", name: "$exc_clear" }, h);
      this.tempOf({ k: "call", func: clear, args: [], kwargs: [] }, h);
      if (h.name !== null) {
        const fn = this.tempOf({ k: "global", name: "$exc_message" }, h);
        this.assign(h.name, { k: "call", func: fn, args: [], kwargs: [] }, h);
      }
      this.stmts(h.body);
      this.jump(done);
      this.switchTo(next);
    }
    if (!caughtAll) this.reraise(s);
    this.jump(done);
    if (onError !== null) {
      this.handlers.pop();
      this.switchTo(onError);
      this.stmts(s.finalbody);
      this.reraise(s);
      this.jump(done);
    }
    this.switchTo(done);
    if (onError !== null) this.stmts(s.finalbody);
  }

  private reraise(span: Span): void {
    const fn = this.tempOf({ k: "global", name: "$exc_reraise" }, span);
    this.tempOf({ k: "call", func: fn, args: [], kwargs: [] }, span);
  }

  private raiseStmt(s: A.Raise): void {
    const exc = s.exc;
    if (exc === null) throw unsupported("a bare `raise` is not supported in jitted code; raise a specific exception instead.", s);
    if (s.cause !== null) throw unsupported("`raise ... from ...` is not supported in jitted code.", s);
    let clsExpr: A.Expr = exc;
    let message: string | null = null;
    if (exc.kind === "Call") {
      clsExpr = exc.func;
      if (exc.keywords.length > 0 || exc.args.length > 1) {
        throw unsupported("an exception raised in jitted code takes at most one argument, a constant message string.", exc);
      }
      if (exc.args.length === 1 && exc.args[0].kind !== "Constant") {
        // raise Cls(f"...") / raise Cls(msg): the message is formatted at run time (fstrings.ts)
        const m = exc.args[0];
        if (clsExpr.kind !== "Name" || !EXCEPTIONS.includes(clsExpr.id) || this.locals.has(clsExpr.id)) {
          throw unsupported("a computed exception message needs a built-in exception class named directly (`raise ValueError(f\"...\")`).", clsExpr);
        }
        const vals: Var[] = [];
        const pieces = m.kind === "JoinedStr" ? this.fstringPieces(m, vals) : [{ val: this.pushVal(vals, m), conv: 115, spec: "" }];
        const fn = this.tempOf({ k: "global", name: raiseFmt(clsExpr.id, pieces) }, m);
        this.tempOf({ k: "call", func: fn, args: vals, kwargs: [] }, m);
      } else if (exc.args.length === 1) {
        const m = exc.args[0];
        if (m.kind !== "Constant" || (m.value.tag !== "str" && m.value.tag !== "int" && m.value.tag !== "float")) {
          throw unsupported("the message of an exception raised in jitted code must be a constant; build messages outside the jitted function.", m);
        }
        message = m.value.tag === "str" ? m.value.value : String(m.value.value);
      }
    }
    const cls = this.expr(clsExpr);
    this.term({ k: "raise", cls, message, span: s });
  }

  private assertStmt(s: A.Assert): void {
    let message: string | null = null;
    if (s.msg !== null) {
      if (s.msg.kind !== "Constant" || s.msg.value.tag !== "str") {
        throw unsupported("the message of an `assert` in jitted code must be a constant string.", s.msg);
      }
      message = s.msg.value.value;
    }
    const c = this.truth(this.expr(s.test), s.test);
    const fail = this.newBlock(), ok = this.newBlock();
    this.term({ k: "branch", cond: c, then: ok.id, else: fail.id, span: s });
    this.switchTo(fail);
    const cls = this.temp();
    this.assign(cls, { k: "global", name: "AssertionError" }, s);
    this.term({ k: "raise", cls, message, span: s });
    this.switchTo(ok);
  }

  private innerDef(s: A.FunctionDef): void {
    this.assign(s.name, this.innerFunction(s), s);
  }

  // lambda ARGS: BODY → an inner function `def <lambda>(ARGS): return BODY`, as a value
  private lambda(e: A.Lambda): Var {
    const def: A.FunctionDef = {
      ...spanOf(e), kind: "FunctionDef", name: "<lambda>", args: e.args, decorator_list: [], returns: null,
      type_comment: null, type_params: [], body: [{ ...spanOf(e.body), kind: "Return", value: e.body }],
    };
    return this.tempOf(this.innerFunction(def), e);
  }

  /** Builds the IR of an inner function; returns the expression making its value. */
  private innerFunction(s: A.FunctionDef): Expr {
    const visible = new Set([...this.outer, ...this.locals]);
    const used = new Set<string>();
    loadedNames(s, used);
    const innerBound = new Set<string>();
    boundNames(s.body, innerBound, new Set());
    for (const p of [...s.args.posonlyargs, ...s.args.args, ...s.args.kwonlyargs]) innerBound.add(p.arg);
    const captures = [...used].filter((n) => visible.has(n) && !innerBound.has(n)).sort();
    if (captures.includes(s.name)) {
      throw unsupported(`the inner function '${s.name}' calls itself; recursive inner functions are not supported in jitted code, make it a top-level @njit function instead.`, s);
    }
    let key = `${this.key}.<locals>.${s.name}`;
    for (let i = 2; this.inner.has(key); i++) key = `${this.key}.<locals>.${s.name}#${i}`;
    const b = new FnBuilder(s, key, s.name, `${this.qualname}.<locals>.${s.name}`, this.desc, this.src, visible, captures);
    const fn = b.build();
    // Constant defaults of the inner function.
    const a = s.args;
    const positional = [...a.posonlyargs, ...a.args];
    a.defaults.forEach((d, i) => fn.innerDefaults.set(positional[positional.length - a.defaults.length + i].arg, constDefault(d)));
    a.kwonlyargs.forEach((p, i) => { const d = a.kw_defaults[i]; if (d !== null) fn.innerDefaults.set(p.arg, constDefault(d)); });
    for (const [k, v] of fn.inner) this.inner.set(k, v);
    this.inner.set(key, fn);
    const captured = captures.map((c) => this.name({ kind: "Name", id: c, ctx: "Load", ...spanOf(s) }));
    return { k: "make_closure", ref: key, captured };
  }

  // -- expressions -----------------------------------------------------------------------

  /** Evaluates an expression into a variable (a fresh temporary, or a local's own name). */
  private expr(e: A.Expr): Var {
    switch (e.kind) {
      case "Name": return this.name(e);
      case "Constant": return this.tempOf({ k: "const", value: constFromAst(e.value, e) }, e);
      case "BinOp": {
        const lhs = this.expr(e.left), rhs = this.expr(e.right);
        return this.tempOf({ k: "binop", op: e.op, lhs, rhs }, e);
      }
      case "UnaryOp": {
        if (e.op === "USub" && e.operand.kind === "Constant" && (e.operand.value.tag === "int" || e.operand.value.tag === "float")) {
          const c = e.operand.value;
          return this.tempOf({ k: "const", value: c.tag === "int" ? { k: "int", v: -c.value } : { k: "float", v: -c.value } }, e);
        }
        const operand = this.expr(e.operand);
        return this.tempOf({ k: "unary", op: e.op, operand }, e);
      }
      case "BoolOp": return this.boolOp(e);
      case "Compare": return this.compare(e);
      case "IfExp": {
        const c = this.truth(this.expr(e.test), e.test);
        const r = this.temp();
        const then = this.newBlock(), els = this.newBlock(), done = this.newBlock();
        this.term({ k: "branch", cond: c, then: then.id, else: els.id, span: e.test });
        this.switchTo(then);
        this.assign(r, { k: "var", name: this.expr(e.body) }, e.body);
        this.jump(done);
        this.switchTo(els);
        this.assign(r, { k: "var", name: this.expr(e.orelse) }, e.orelse);
        this.jump(done);
        this.switchTo(done);
        return r;
      }
      case "Call": {
        const folded = this.foldFloatOfStr(e);
        if (folded !== null) return this.tempOf({ k: "const", value: { k: "float", v: folded } }, e);
        if (e.func.kind === "Name" && e.func.id === "list" && !this.locals.has("list") && e.args.length === 1 &&
          e.keywords.length === 0 && e.args[0].kind !== "GeneratorExp" && e.args[0].kind !== "Starred") {
          // list(iterable) → [.x for .x in iterable] (a new list of the items: ranges, arrays, tuples, lists)
          const sp = spanOf(e.args[0]);
          const item: A.Name = { ...sp, kind: "Name", id: ".item", ctx: "Load" };
          return this.listComp({ ...spanOf(e), kind: "ListComp", elt: item,
            generators: [{ kind: "comprehension", target: { ...item, ctx: "Store" }, iter: e.args[0], ifs: [], is_async: 0 }] });
        }
        if (e.func.kind === "Name" && e.func.id === "print" && !this.locals.has("print") && e.keywords.length === 0 &&
          e.args.some((a) => a.kind === "JoinedStr")) return this.printFmt(e);
        const func = this.expr(e.func);
        const args = e.args.map((a, i) => {
          if (a.kind === "Starred") throw unsupported("`*args` in calls is not supported in jitted code; pass the arguments one by one.", a);
          if (i === 0 && a.kind === "GeneratorExp" && e.args.length === 1 && e.func.kind === "Name" &&
            ["sum", "min", "max", "any", "all", "list"].includes(e.func.id)) return this.listComp(a);
          if (i === 0 && a.kind === "List" && isNumpyCall(e.func, ["concatenate", "stack", "vstack", "hstack"])) {
            // np.concatenate([a, b]): the list is only read, so it is built as the tuple (a, b)
            return this.tempOf({ k: "tuple", items: a.elts.map((x) => this.expr(x)) }, a);
          }
          if (i === 0 && a.kind === "List" && a.elts.length > 0 && a.elts.every((x) => x.kind === "List") && isNumpyCall(e.func, ["array", "asarray"])) {
            // np.array([[1, 2], [3, 4]]): rows built as tuples, so the list is a list of rows
            const rows = a.elts.map((r) => this.tempOf({ k: "tuple", items: (r as A.List).elts.map((x) => this.expr(x)) }, r));
            const fn = this.tempOf({ k: "global", name: "$build_list" }, a);
            return this.tempOf({ k: "call", func: fn, args: rows, kwargs: [] }, a);
          }
          return this.expr(a);
        });
        const kwargs = e.keywords.map((k) => {
          if (k.arg === null) throw unsupported("`**kwargs` in calls is not supported in jitted code.", k);
          return { name: k.arg, value: this.expr(k.value) };
        });
        return this.tempOf({ k: "call", func, args, kwargs }, e);
      }
      case "Attribute": {
        const v = this.expr(e.value);
        return this.tempOf({ k: "getattr", value: v, attr: e.attr }, e);
      }
      case "Subscript": {
        const v = this.expr(e.value);
        const idx = constIndex(e.slice);
        if (idx !== null) return this.tempOf({ k: "static_getitem", value: v, index: idx }, e);
        const i = this.expr(e.slice);
        return this.tempOf({ k: "getitem", value: v, index: i }, e);
      }
      case "Tuple": {
        if (e.elts.some((x) => x.kind === "Starred")) throw unsupported("starred items in tuples are not supported in jitted code.", e);
        const items = e.elts.map((x) => this.expr(x));
        return this.tempOf({ k: "tuple", items }, e);
      }
      case "NamedExpr": {
        const v = this.expr(e.value);
        this.assign(e.target.id, { k: "var", name: v }, e.target);
        return v;
      }
      case "List": {
        // [a, b] → call $build_list(a, b) (lists/library.ts)
        if (e.elts.some((x) => x.kind === "Starred")) throw unsupported("starred items in lists are not supported in jitted code.", e);
        const items = e.elts.map((x) => this.expr(x));
        const fn = this.tempOf({ k: "global", name: "$build_list" }, e);
        return this.tempOf({ k: "call", func: fn, args: items, kwargs: [] }, e);
      }
      case "Dict": throw unsupported("dicts are not supported in jitted code yet.", e);
      case "Set": throw unsupported("sets are not supported in jitted code yet.", e);
      case "ListComp": return this.listComp(e);
      case "GeneratorExp":
        throw unsupported("generator expressions are supported only as the argument of sum(), min(), max(), any(), all() or list() in jitted code; use a list comprehension [...] instead.", e);
      case "SetComp": case "DictComp":
        throw unsupported("set and dict comprehensions are not supported in jitted code; use a list comprehension or write the loop out instead.", e);
      case "Lambda": return this.lambda(e);
      case "JoinedStr": case "FormattedValue":
        throw unsupported("f-strings are supported only as arguments of print() and as exception messages in jitted code; pass the values to print() instead.", e);
      case "Starred": throw unsupported("starred expressions are not supported here.", e);
      case "Slice": {
        // lo:hi:step is slice(lo, hi, step), missing parts None (typed by arrays/slicing.ts)
        const parts = [e.lower, e.upper, e.step].map((x) => (x === null ? this.tempOf({ k: "const", value: { k: "none" } }, e) : this.expr(x)));
        const fn = this.tempOf({ k: "global", name: "slice" }, e);
        return this.tempOf({ k: "call", func: fn, args: parts, kwargs: [] }, e);
      }
      case "Await": case "Yield": case "YieldFrom":
        throw unsupported("generators and async code are not supported in jitted functions.", e);
    }
  }

  /** `float("inf")`, `float("-nan")`, `float("1e3")`: folded to a constant, as CPython would parse them. */
  private foldFloatOfStr(e: A.Call): number | null {
    if (e.func.kind !== "Name" || e.func.id !== "float" || this.locals.has("float")) return null;
    if (e.args.length !== 1 || e.keywords.length > 0) return null;
    const a = e.args[0];
    if (a.kind !== "Constant" || a.value.tag !== "str") return null;
    const s = a.value.value.trim().toLowerCase().replace(/_/g, "");
    const m = /^([+-]?)(inf|infinity|nan)$/.exec(s);
    if (m !== null) return m[2] === "nan" ? NaN : m[1] === "-" ? -Infinity : Infinity;
    if (/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/.test(s)) return Number(s);
    throw unsupported(`float() of the string ${JSON.stringify(a.value.value)} is not a number Python accepts.`, a);
  }

  // [ELT for T in IT if C ...] → $l = $build_list(); for T in IT: if C: $l.append(ELT)
  // The targets are renamed to fresh variables (a comprehension has its own scope).
  private listComp(e: A.ListComp | A.GeneratorExp): Var {
    const fn = this.tempOf({ k: "global", name: "$build_list" }, e);
    const lst = this.tempOf({ k: "call", func: fn, args: [], kwargs: [] }, e);
    const saved = new Map(this.scoped);
    this.compLevel(e.generators, 0, e.elt, lst, e);
    this.scoped = saved;
    return lst;
  }

  private compLevel(gens: A.Comprehension[], k: number, elt: A.Expr, lst: Var, span: Span): void {
    if (k === gens.length) {
      const v = this.expr(elt);
      const m = this.tempOf({ k: "getattr", value: lst, attr: "append" }, elt);
      this.tempOf({ k: "call", func: m, args: [v], kwargs: [] }, elt);
      return;
    }
    const g = gens[k];
    if (g.is_async) throw unsupported("async comprehensions are not supported in jitted code.", span);
    const it = this.tempOf({ k: "getiter", value: this.expr(g.iter) }, g.iter);
    const head = this.newBlock(), body = this.newBlock(), done = this.newBlock();
    this.jump(head);
    this.switchTo(head);
    const value = this.temp(), valid = this.temp();
    this.emit({ k: "iternext", iter: it, value, valid, span: g.iter });
    this.term({ k: "branch", cond: valid, then: body.id, else: done.id, span: g.iter });
    this.switchTo(body);
    const bind = (t: A.Expr): void => {
      if (t.kind === "Name") this.scoped.set(t.id, this.temp());
      else if (t.kind === "Tuple" || t.kind === "List") t.elts.forEach(bind);
      else throw unsupported("this comprehension target is not supported in jitted code; use names or tuples of names.", t);
    };
    bind(g.target);
    this.store(g.target, value, g.target);
    for (const cond of g.ifs) {
      const c = this.truth(this.expr(cond), cond);
      const next = this.newBlock();
      this.term({ k: "branch", cond: c, then: next.id, else: head.id, span: cond });
      this.switchTo(next);
    }
    this.compLevel(gens, k + 1, elt, lst, span);
    this.jump(head);
    this.switchTo(done);
  }

  // print(a, f"x={x:.3f}", b) → call $print_fmt:<template>(a, x, b): one line formatted
  // as Python's print would (fstrings.ts)
  private printFmt(e: A.Call): Var {
    const vals: Var[] = [];
    const pieces: Piece[] = [];
    e.args.forEach((a, i) => {
      if (a.kind === "Starred") throw unsupported("`*args` in calls is not supported in jitted code; pass the arguments one by one.", a);
      if (i > 0) pieces.push({ lit: " " });
      if (a.kind === "JoinedStr") pieces.push(...this.fstringPieces(a, vals));
      else pieces.push({ val: this.pushVal(vals, a), conv: -1, spec: "" });
    });
    const fn = this.tempOf({ k: "global", name: printFmt(pieces) }, e);
    return this.tempOf({ k: "call", func: fn, args: vals, kwargs: [] }, e);
  }

  private pushVal(vals: Var[], e: A.Expr): number {
    vals.push(this.expr(e));
    return vals.length - 1;
  }

  /** The pieces of an f-string; its fields' values are evaluated into `vals`. */
  private fstringPieces(j: A.JoinedStr, vals: Var[]): Piece[] {
    const out: Piece[] = [];
    for (const v of j.values) {
      if (v.kind === "Constant" && v.value.tag === "str") { out.push({ lit: v.value.value }); continue; }
      if (v.kind !== "FormattedValue") throw unsupported("this f-string part is not supported in jitted code.", v);
      let spec = "";
      for (const p of v.format_spec?.values ?? []) {
        if (p.kind !== "Constant" || p.value.tag !== "str") throw unsupported("f-string format specs with nested fields are not supported in jitted code; write the spec out.", p);
        spec += p.value.value;
      }
      out.push({ val: this.pushVal(vals, v.value), conv: v.conversion, spec });
    }
    return out;
  }

  private tempOf(value: Expr, span: Span): Var {
    const t = this.temp();
    this.assign(t, value, span);
    return t;
  }

  private name(e: A.Name): Var {
    const scoped = this.scoped.get(e.id);
    if (scoped !== undefined) return scoped;
    if (this.locals.has(e.id)) return e.id;
    return this.tempOf({ k: "global", name: e.id }, e);
  }

  private boolOp(e: A.BoolOp): Var {
    const r = this.temp();
    const done = this.newBlock();
    e.values.forEach((x, i) => {
      const v = this.expr(x);
      this.assign(r, { k: "var", name: v }, x);
      if (i === e.values.length - 1) { this.jump(done); return; }
      const c = this.truth(v, x);
      const next = this.newBlock();
      // `or` stops at the first true value, `and` at the first false one.
      this.term(e.op === "Or"
        ? { k: "branch", cond: c, then: done.id, else: next.id, span: x }
        : { k: "branch", cond: c, then: next.id, else: done.id, span: x });
      this.switchTo(next);
    });
    this.switchTo(done);
    return r;
  }

  private compare(e: A.Compare): Var {
    let lhs = this.expr(e.left);
    if (e.ops.length === 1) return this.tempOf({ k: "compare", op: e.ops[0], lhs, rhs: this.expr(e.comparators[0]) }, e);
    const r = this.temp();
    const done = this.newBlock();
    e.ops.forEach((op, i) => {
      const rhs = this.expr(e.comparators[i]);
      this.assign(r, { k: "compare", op, lhs, rhs }, e);
      if (i === e.ops.length - 1) { this.jump(done); return; }
      const c = this.truth(r, e);
      const next = this.newBlock();
      this.term({ k: "branch", cond: c, then: next.id, else: done.id, span: e });
      this.switchTo(next);
      lhs = rhs;
    });
    this.switchTo(done);
    return r;
  }
}

function spanOf(s: Span): Span {
  return { lineno: s.lineno, col_offset: s.col_offset, end_lineno: s.end_lineno, end_col_offset: s.end_col_offset };
}

/** A constant integer index (`t[1]`, `t[-1]`), or null. */
function constIndex(e: A.Expr): number | null {
  if (e.kind === "Constant" && e.value.tag === "int") return Number(e.value.value);
  if (e.kind === "UnaryOp" && e.op === "USub" && e.operand.kind === "Constant" && e.operand.value.tag === "int") {
    return -Number(e.operand.value.value);
  }
  return null;
}

function constDefault(d: A.Expr): ConstValue {
  if (d.kind === "Constant") return constFromAst(d.value, d);
  if (d.kind === "UnaryOp" && d.op === "USub" && d.operand.kind === "Constant") {
    const c = constFromAst(d.operand.value, d);
    if (c.k === "int") return { k: "int", v: -c.v };
    if (c.k === "float") return { k: "float", v: -c.v };
  }
  if (d.kind === "Tuple") return { k: "tuple", items: d.elts.map(constDefault) };
  throw unsupported("defaults of inner functions must be constants in jitted code.", d);
}

/** Whether `f` is `np.<name>` / `numpy.<name>` for one of `names` (by spelling). */
function isNumpyCall(f: A.Expr, names: string[]): boolean {
  return f.kind === "Attribute" && names.includes(f.attr) && f.value.kind === "Name" && (f.value.id === "np" || f.value.id === "numpy");
}

/** Rejects `return`, and `break`/`continue` outside a loop of their own, in a `try` that
 *  has a `finally` (leaving through them would skip the `finally` body). */
function checkNoJumpOut(body: A.Stmt[], inLoop: boolean): void {
  for (const st of body) {
    switch (st.kind) {
      case "Return":
        throw unsupported("`return` inside a `try` with `finally` is not supported in jitted code; set a variable and return after the `try`.", st);
      case "Break": case "Continue":
        if (!inLoop) throw unsupported(`\`${st.kind.toLowerCase()}\` out of a \`try\` with \`finally\` is not supported in jitted code; use a flag variable instead.`, st);
        break;
      case "For": case "While": checkNoJumpOut(st.body, true); checkNoJumpOut(st.orelse, inLoop); break;
      case "If": checkNoJumpOut(st.body, inLoop); checkNoJumpOut(st.orelse, inLoop); break;
      case "Try":
        checkNoJumpOut(st.body, inLoop); checkNoJumpOut(st.orelse, inLoop); checkNoJumpOut(st.finalbody, inLoop);
        st.handlers.forEach((h) => checkNoJumpOut(h.body, inLoop));
        break;
      default: break;
    }
  }
}
