/**
 * @fileoverview prange outlining: an AST → AST rewrite of `parallel=True` functions.
 *
 * In: the body of a `def` compiled with `parallel=True` (build_ir.ts calls
 * `outlinePrange` before resolving names).
 * Out: the same body where every outermost `for t in prange(...)` loop is replaced by an
 * inner function over one chunk of iterations and a call of the parallel runtime:
 *
 *   for i in prange(a, b, c):        __pr0_a = a; __pr0_b = b; __pr0_c = c
 *       s += x[i]                    __pr0_n = len(range(__pr0_a, __pr0_b, __pr0_c))
 *       m = min(m, x[i])             __pr0_m = m
 *       y[i] = 2 * x[i]        →     def __pr0_body(__pr_lo, __pr_hi):
 *                                        s = 0; m = __pr0_m
 *                                        for __pr_k in range(__pr_lo, __pr_hi):
 *                                            i = __pr0_a + __pr_k * __pr0_c
 *                                            s += x[i]; m = min(m, x[i]); y[i] = 2 * x[i]
 *                                        return (s, m)
 *                                    __pr0_res = __prange_run__(__pr0_body, __pr0_n, "add,min", s, m)
 *                                    s = __pr0_res[0]; m = __pr0_res[1]
 *
 * The inner function captures the variables it reads (frozen at the loop's start, as
 * shared read-only values; arrays are shared by reference, so writes to distinct
 * elements need no synchronisation); every variable it assigns is private to it, so
 * private to each iteration's chunk. A reduction variable (every assignment in the body
 * is `x op= e` with op in + - * & | ^, or `x = min(x, e)` / `max`, or `x = x op e`)
 * starts at its operator's identity in each chunk (`&`, `|`, min and max start from the
 * variable's value before the loop, which is as good: they are idempotent); region.ts
 * combines the chunks' partial values in chunk order, starting from the value before
 * the loop. A prange nested in the body becomes a plain range (nested parallelism runs
 * serially, as in Numba).
 */
import type * as A from "../syntax/ast";
import { typingError } from "../diagnostics";

/** The name build_ir resolves to the parallel region builtin (region.ts). */
export const PRANGE_RUN = "__prange_run__";
/** Builtins of the chunk functions (region.ts): identities and the array-merge lock. */
export const PRANGE_ZERO = "__prange_zero__", PRANGE_ONE = "__prange_one__";
export const PRANGE_LOCK = "__prange_lock__", PRANGE_UNLOCK = "__prange_unlock__";
/** `__prange_stopped__(stop, chunk)`: whether a chunk before this one has raised (region.ts). */
export const PRANGE_STOPPED = "__prange_stopped__";
/** Iterations of a body without loops run between two checks of the stop flag. */
const STOP_BLOCK = 1024;

type Red = "add" | "mul" | "and" | "or" | "xor" | "min" | "max";
const AUG: Record<string, Red> = { Add: "add", Sub: "add", Mult: "mul", BitAnd: "and", BitOr: "or", BitXor: "xor" };
/** Reductions whose chunks start from the value before the loop instead of an identity. */
const IDEMPOTENT = new Set<Red>(["and", "or", "min", "max"]);

function isPrangeCall(e: A.Expr): e is A.Call {
  if (e.kind !== "Call") return false;
  const f = e.func;
  return (f.kind === "Name" && f.id === "prange") || (f.kind === "Attribute" && f.attr === "prange");
}

/** Rewrites the outermost prange loops of a parallel function's body. */
export function outlinePrange(body: A.Stmt[]): A.Stmt[] {
  const counter = { n: 0, root: body };
  return rewriteStmts(body, counter);
}

interface Walk { n: number; root: A.Stmt[] }

function rewriteStmts(body: A.Stmt[], counter: Walk): A.Stmt[] {
  const out: A.Stmt[] = [];
  for (const s of body) {
    if (s.kind === "For" && isPrangeCall(s.iter)) { out.push(...outlineLoop(s, counter.n++, counter.root)); continue; }
    switch (s.kind) {
      case "For": case "While": out.push({ ...s, body: rewriteStmts(s.body, counter), orelse: rewriteStmts(s.orelse, counter) }); break;
      case "If": out.push({ ...s, body: rewriteStmts(s.body, counter), orelse: rewriteStmts(s.orelse, counter) }); break;
      case "Try": out.push({ ...s, body: rewriteStmts(s.body, counter), orelse: rewriteStmts(s.orelse, counter),
        handlers: s.handlers.map((h) => ({ ...h, body: rewriteStmts(h.body, counter) })) }); break;
      default: out.push(s);
    }
  }
  return out;
}

/** A prange inside an outlined body runs as range: nested loops are serial. */
function serialise(body: A.Stmt[]): A.Stmt[] {
  return body.map((s): A.Stmt => {
    switch (s.kind) {
      case "For": {
        const iter = isPrangeCall(s.iter) ? { ...s.iter, func: name("range", s.iter.func, "Load") } : s.iter;
        return { ...s, iter, body: serialise(s.body), orelse: serialise(s.orelse) };
      }
      case "While": return { ...s, body: serialise(s.body), orelse: serialise(s.orelse) };
      case "If": return { ...s, body: serialise(s.body), orelse: serialise(s.orelse) };
      case "Try": return { ...s, body: serialise(s.body), orelse: serialise(s.orelse), handlers: s.handlers.map((h) => ({ ...h, body: serialise(h.body) })) };
      default: return s;
    }
  });
}

// -- analysis of the loop body ----------------------------------------------------------------

interface VarUse { reductions: { op: Red; node: A.Stmt }[]; plain: boolean }

/** Classifies every name the body assigns: reduction updates or plain (private) stores. */
function assignedNames(body: A.Stmt[], out: Map<string, VarUse>): void {
  const use = (n: string): VarUse => {
    let u = out.get(n);
    if (u === undefined) { u = { reductions: [], plain: false }; out.set(n, u); }
    return u;
  };
  const plainTarget = (t: A.Expr): void => {
    if (t.kind === "Name") use(t.id).plain = true;
    else if (t.kind === "Tuple" || t.kind === "List") t.elts.forEach(plainTarget);
    else if (t.kind === "Starred") plainTarget(t.value);
  };
  const walrus = (e: A.Node): void => {
    if (e.kind === "NamedExpr") plainTarget((e as A.NamedExpr).target);
    if (e.kind === "Lambda") return;
    for (const v of Object.values(e)) {
      if (Array.isArray(v)) v.forEach((x) => { if (x && typeof x === "object" && "kind" in x) walrus(x as A.Node); });
      else if (v && typeof v === "object" && "kind" in v) walrus(v as A.Node);
    }
  };
  for (const s of body) {
    switch (s.kind) {
      case "AugAssign":
        if (s.target.kind === "Name" && AUG[s.op] !== undefined) use(s.target.id).reductions.push({ op: AUG[s.op], node: s });
        else plainTarget(s.target);
        walrus(s.value);
        break;
      case "Assign": {
        const red = s.targets.length === 1 && s.targets[0].kind === "Name" ? reductionForm(s.targets[0].id, s.value) : null;
        if (red !== null) use((s.targets[0] as A.Name).id).reductions.push({ op: red, node: s });
        else s.targets.forEach(plainTarget);
        walrus(s.value);
        break;
      }
      case "AnnAssign": if (s.value !== null) plainTarget(s.target); break;
      case "For": plainTarget(s.target); walrus(s.iter); assignedNames(s.body, out); assignedNames(s.orelse, out); break;
      case "While": case "If": walrus(s.test); assignedNames(s.body, out); assignedNames(s.orelse, out); break;
      case "Try": assignedNames(s.body, out); assignedNames(s.orelse, out); s.handlers.forEach((h) => assignedNames(h.body, out)); break;
      case "FunctionDef": use(s.name).plain = true; break;
      default: walrus(s);
    }
  }
}

/** `x = min(x, e)`, `x = max(e, x)`, `x = x + e`, ...: the reduction it is, or null. */
function reductionForm(x: string, v: A.Expr): Red | null {
  const isX = (e: A.Expr): boolean => e.kind === "Name" && e.id === x;
  if (v.kind === "Call" && v.func.kind === "Name" && (v.func.id === "min" || v.func.id === "max") &&
      v.args.length === 2 && v.keywords.length === 0 && (isX(v.args[0]) !== isX(v.args[1]))) {
    return v.func.id;
  }
  if (v.kind === "BinOp" && isX(v.left) && AUG[v.op] !== undefined && !mentions(v.right, x)) return AUG[v.op];
  if (v.kind === "BinOp" && isX(v.right) && (v.op === "Add" || v.op === "Mult") && !mentions(v.left, x)) return AUG[v.op];
  return null;
}

function mentions(n: A.Node, x: string): boolean {
  if (n.kind === "Name" && (n as A.Name).id === x) return true;
  for (const v of Object.values(n)) {
    if (Array.isArray(v)) { if (v.some((c) => c && typeof c === "object" && "kind" in c && mentions(c as A.Node, x))) return true; }
    else if (v && typeof v === "object" && "kind" in v && mentions(v as A.Node, x)) return true;
  }
  return false;
}

/** Reads of `x` outside its own reduction updates (race-prone: rejected, as Numba does). */
function otherReads(body: A.Stmt[], x: string, updates: Set<A.Stmt>): A.Node | null {
  for (const s of body) {
    if (updates.has(s)) {
      // the update may read x only as its accumulator
      const v = s.kind === "AugAssign" ? s.value : s.kind === "Assign" ? s.value : null;
      if (v !== null && s.kind === "AugAssign" && mentions(v, x)) return v;
      continue;
    }
    const found = findName(s, x);
    if (found !== null) return found;
  }
  return null;
}

function findName(n: A.Node, x: string): A.Node | null {
  if (n.kind === "Name" && (n as A.Name).id === x) return n;
  for (const [key, v] of Object.entries(n)) {
    // nested statement lists are visited on their own (allStmts)
    if (key === "body" || key === "orelse" || key === "handlers" || key === "finalbody") continue;
    if (Array.isArray(v)) {
      for (const c of v) {
        if (c && typeof c === "object" && "kind" in c) {
          const r = findName(c as A.Node, x);
          if (r !== null) return r;
        }
      }
    } else if (v && typeof v === "object" && "kind" in v) {
      const r = findName(v as A.Node, x);
      if (r !== null) return r;
    }
  }
  return null;
}

/** A read of `x` outside `loop`, skipping loops that rebind `x` first (a `for` whose target
 * is `x`, or another prange loop that assigns `x` privately); null if there is none. */
function readOutside(n: A.Node, loop: A.For, x: string): A.Node | null {
  if (n === loop) return null;
  if (n.kind === "For") {
    const f = n as A.For;
    if (mentions(f.target, x)) return readOutside(f.iter, loop, x);
    if (isPrangeCall(f.iter)) {
      const u = new Map<string, VarUse>();
      assignedNames(f.body, u);
      if (u.get(x)?.plain) return readOutside(f.iter, loop, x);
    }
  }
  if (n.kind === "Name" && (n as A.Name).id === x && (n as A.Name).ctx === "Load") return n;
  for (const v of Object.values(n)) {
    if (Array.isArray(v)) {
      for (const c of v) if (c && typeof c === "object" && "kind" in c) { const r = readOutside(c as A.Node, loop, x); if (r !== null) return r; }
    } else if (v && typeof v === "object" && "kind" in v) {
      const r = readOutside(v as A.Node, loop, x);
      if (r !== null) return r;
    }
  }
  return null;
}

/** Statements of the body at any depth (not inside inner defs), for update lookups. */
function allStmts(body: A.Stmt[], out: A.Stmt[] = []): A.Stmt[] {
  for (const s of body) {
    out.push(s);
    if (s.kind === "For" || s.kind === "While" || s.kind === "If") { allStmts(s.body, out); allStmts(s.orelse, out); }
    if (s.kind === "Try") { allStmts(s.body, out); allStmts(s.orelse, out); s.handlers.forEach((h) => allStmts(h.body, out)); }
  }
  return out;
}

/** `break`/`return` leaving the prange loop itself, and calls that need the GIL. */
function checkBody(body: A.Stmt[], depth: number): void {
  for (const s of body) {
    switch (s.kind) {
      case "Break":
        if (depth === 0) throw typingError("`break` cannot leave a prange loop: its iterations run in parallel; use range for a loop that stops early.", s);
        break;
      case "Return":
        throw typingError("`return` inside a prange loop is not supported: the iterations run in parallel; assign a variable and return after the loop.", s);
      case "For": case "While": checkBody(s.body, depth + 1); checkBody(s.orelse, depth); break;
      case "If": checkBody(s.body, depth); checkBody(s.orelse, depth); break;
      case "Try": checkBody(s.body, depth); checkBody(s.orelse, depth); s.handlers.forEach((h) => checkBody(h.body, depth)); break;
      default: break;
    }
    const p = findCall(s, "print");
    if (p !== null) throw typingError("print() inside a prange loop is not supported (it needs the GIL, which parallel regions release); collect the values in an array and print after the loop.", p as A.Expr);
  }
}

/** Whether `body` holds a loop at any depth (its iterations are then worth a check each). */
function hasLoop(body: A.Stmt[]): boolean {
  return body.some((s) => s.kind === "For" || s.kind === "While" ||
    ((s.kind === "If") && (hasLoop(s.body) || hasLoop(s.orelse))) ||
    (s.kind === "Try" && (hasLoop(s.body) || hasLoop(s.orelse) || s.handlers.some((h) => hasLoop(h.body)))));
}

function findCall(n: A.Node, fname: string): A.Node | null {
  if (n.kind === "Call" && (n as A.Call).func.kind === "Name" && ((n as A.Call).func as A.Name).id === fname) return n;
  for (const v of Object.values(n)) {
    if (Array.isArray(v)) {
      for (const c of v) if (c && typeof c === "object" && "kind" in c) { const r = findCall(c as A.Node, fname); if (r !== null) return r; }
    } else if (v && typeof v === "object" && "kind" in v) {
      const r = findCall(v as A.Node, fname);
      if (r !== null) return r;
    }
  }
  return null;
}

// -- AST construction ------------------------------------------------------------------------

function at(s: A.Span): A.Span {
  return { lineno: s.lineno, col_offset: s.col_offset, end_lineno: s.end_lineno, end_col_offset: s.end_col_offset };
}
function name(id: string, s: A.Span, ctx: A.ExprContext = "Load"): A.Name { return { kind: "Name", id, ctx, ...at(s) }; }
function int(v: number, s: A.Span): A.Constant { return { kind: "Constant", value: { tag: "int", value: BigInt(v) }, string_kind: null, ...at(s) }; }
function str(v: string, s: A.Span): A.Constant { return { kind: "Constant", value: { tag: "str", value: v }, string_kind: null, ...at(s) }; }
function assign(target: A.Expr, value: A.Expr, s: A.Span): A.Assign { return { kind: "Assign", targets: [target], value, type_comment: null, ...at(s) }; }
function call(fn: string, args: A.Expr[], s: A.Span): A.Call { return { kind: "Call", func: name(fn, s), args, keywords: [], ...at(s) }; }
function arg(id: string, s: A.Span): A.Arg { return { kind: "arg", arg: id, annotation: null, type_comment: null, ...at(s) }; }

/** An integer literal's value (`5`, `-1`), else null. */
function literalInt(e: A.Expr): bigint | null {
  const v = e.kind === "Constant" && e.value.tag === "int" ? e.value.value
    : e.kind === "UnaryOp" && e.op === "USub" && e.operand.kind === "Constant" && e.operand.value.tag === "int" ? -e.operand.value.value : null;
  return v !== null && v >= -(2n ** 31n) && v < 2n ** 31n ? v : null;
}

/**
 * The loop variable's value at iteration number `__pr_k`: `a + k * c`, written with the
 * literals themselves where start and step are literals, so that `prange(n)` gives `k`
 * and `prange(a, n)` gives `a + k`: an index LLVM sees is the (non-negative) counter folds
 * the negative-index wrap away and the chunk loop is the serial loop's (unrolled, no
 * stride multiply), not a multiply and a select per element.
 */
function iterationValue(a: A.Expr, c: A.Expr, p: string, s: A.Span): A.Expr {
  const bin = (l: A.Expr, op: A.Operator, r: A.Expr): A.BinOp => ({ kind: "BinOp", left: l, op, right: r, ...at(s) });
  const lit = (v: bigint): A.Expr => v >= 0n ? int(Number(v), s) : { kind: "UnaryOp", op: "USub", operand: int(Number(-v), s), ...at(s) };
  const a0 = literalInt(a), c0 = literalInt(c);
  const step = c0 === 1n ? name("__pr_k", s) : bin(name("__pr_k", s), "Mult", c0 !== null ? lit(c0) : name(p + "c", s));
  if (a0 === 0n) return step;
  return bin(a0 !== null ? lit(a0) : name(p + "a", s), "Add", step);
}

function outlineLoop(loop: A.For, k: number, root: A.Stmt[]): A.Stmt[] {
  const s: A.Span = loop;
  const it = loop.iter as A.Call;
  if (it.keywords.length > 0 || it.args.length < 1 || it.args.length > 3 || it.args.some((a) => a.kind === "Starred")) {
    throw typingError("prange takes 1 to 3 positional arguments, as range does.", it);
  }
  if (loop.orelse.length > 0) throw typingError("a prange loop cannot have an `else` clause.", loop.orelse[0]);
  checkBody(loop.body, 0);
  const p = `__pr${k}_`;
  const [a, b, c] = it.args.length === 1 ? [int(0, it), it.args[0], int(1, it)]
    : it.args.length === 2 ? [it.args[0], it.args[1], int(1, it)] : it.args;
  const out: A.Stmt[] = [
    assign(name(p + "a", s, "Store"), a, a), assign(name(p + "b", s, "Store"), b, b), assign(name(p + "c", s, "Store"), c, c),
    assign(name(p + "n", s, "Store"), call("len", [call("range", [name(p + "a", s), name(p + "b", s), name(p + "c", s)], it)], it), it),
  ];
  // a body without effects (only `pass` and constants) starts no region, as Numba removes
  // dead parfors; the loop variable keeps its value from before the loop
  if (loop.body.every((st) => st.kind === "Pass" || (st.kind === "Expr" && st.value.kind === "Constant"))) return out;

  // reductions
  const uses = new Map<string, VarUse>();
  assignedNames(loop.body, uses);
  const loopTargets = new Map<string, VarUse>();
  assignedNames([{ kind: "Assign", targets: [loop.target], value: int(0, s), type_comment: null, ...at(s) }], loopTargets);
  const reds: { x: string; op: Red }[] = [];
  for (const [x, u] of uses) {
    if (u.plain || u.reductions.length === 0 || loopTargets.has(x)) continue;
    const ops = new Set(u.reductions.map((r) => r.op));
    if (ops.size > 1) {
      throw typingError(`'${x}' is updated with different operators in this prange loop; a reduction variable takes one operator (+= and -= count as one).`, u.reductions[1].node);
    }
    const updates = new Set(u.reductions.map((r) => r.node));
    const bad = otherReads(allStmts(loop.body), x, updates);
    if (bad !== null) {
      throw typingError(`'${x}' is a reduction variable of this prange loop and cannot be read elsewhere in the loop body (each thread holds a partial value); use another variable.`, bad as A.Expr);
    }
    reds.push({ x, op: u.reductions[0].op });
  }
  // private variables (and the loop variable) have no defined value after the loop: the
  // chunks each hold their own; reading one outside the loop is an error, not a stale value
  for (const x of [...loopTargets.keys(), ...[...uses].filter(([, u]) => u.plain).map(([x]) => x)]) {
    const read = root.reduce<A.Node | null>((r, st) => r ?? readOutside(st, loop, x), null);
    if (read !== null) {
      throw typingError(`'${x}' is assigned in a prange loop of this function, which makes it private to each iteration, so it has no value after the loop; use a reduction (${x} += ...), or store the values in an array.`, read as A.Expr);
    }
  }
  for (const r of reds) out.push(assign(name(`${p}i_${r.x}`, s, "Store"), name(r.x, s), s));

  // the chunk function: reductions start from their identity (of the variable's type;
  // an array's is a new array of zeros or ones, region.ts)
  const inner: A.Stmt[] = reds.map((r) => assign(name(r.x, s, "Store"),
    IDEMPOTENT.has(r.op) ? name(`${p}i_${r.x}`, s) : call(r.op === "mul" ? PRANGE_ONE : PRANGE_ZERO, [name(`${p}i_${r.x}`, s)], s), s));
  const idx = iterationValue(a, c, p, s);
  // a chunk stops early when a chunk before it has raised (that exception, the one the
  // serial loop raises first, is the one reported): checked every iteration of a body with
  // an inner loop, every STOP_BLOCK iterations of a loop-free one (its block stays a plain
  // counted loop, which vectorises)
  const stopped = (): A.If => ({ kind: "If", test: call(PRANGE_STOPPED, [name("__pr_stop", s), name("__pr_c", s)], s),
    body: [{ kind: "Break", ...at(s) }], orelse: [], ...at(s) });
  const chunkLoop = (lo: string, hi: string, check: boolean): A.For => ({
    kind: "For", target: name("__pr_k", s, "Store"), iter: call("range", [name(lo, s), name(hi, s)], it),
    body: [...(check ? [stopped()] : []), assign(loop.target, idx, loop.target), ...serialise(loop.body)], orelse: [], type_comment: null, ...at(s),
  });
  if (hasLoop(loop.body)) {
    inner.push(chunkLoop("__pr_lo", "__pr_hi", true));
  } else {
    // b = lo; while b < hi: (stop?) e = min(b + B, hi); for k in range(b, e): ...; b = e
    const bin = (l: A.Expr, op: A.Operator, r: A.Expr): A.BinOp => ({ kind: "BinOp", left: l, op, right: r, ...at(s) });
    const lt = (l: A.Expr, r: A.Expr): A.Compare => ({ kind: "Compare", left: l, ops: ["Lt"], comparators: [r], ...at(s) });
    inner.push(assign(name("__pr_b", s, "Store"), name("__pr_lo", s), s), {
      kind: "While", test: lt(name("__pr_b", s), name("__pr_hi", s)), orelse: [], ...at(s),
      body: [stopped(), assign(name("__pr_e", s, "Store"), bin(name("__pr_b", s), "Add", int(STOP_BLOCK, s)), s),
        { kind: "If", test: lt(name("__pr_hi", s), name("__pr_e", s)), body: [assign(name("__pr_e", s, "Store"), name("__pr_hi", s), s)], orelse: [], ...at(s) },
        chunkLoop("__pr_b", "__pr_e", false), assign(name("__pr_b", s, "Store"), name("__pr_e", s), s)],
    });
  }
  // whole-array `+=` reductions: each chunk adds its private array into the shared one
  // under the runtime's lock (for scalars these statements do nothing: region.ts)
  for (const r of reds) {
    if (r.op !== "add") continue;
    const sh = `${p}sh_${r.x}`;
    inner.push({ kind: "Expr", value: call(PRANGE_LOCK, [name(r.x, s)], s), ...at(s) },
      assign(name(sh, s, "Store"), name(`${p}i_${r.x}`, s), s),
      { kind: "AugAssign", target: name(sh, s, "Store"), op: "Add", value: name(r.x, s), ...at(s) },
      { kind: "Expr", value: call(PRANGE_UNLOCK, [name(r.x, s)], s), ...at(s) });
  }
  if (reds.length > 0) {
    inner.push({ kind: "Return", value: { kind: "Tuple", elts: reds.map((r) => name(r.x, s)), ctx: "Load", ...at(s) }, ...at(s) });
  }
  const def: A.FunctionDef = {
    kind: "FunctionDef", name: p + "body",
    args: { kind: "arguments", posonlyargs: [], args: [arg("__pr_lo", s), arg("__pr_hi", s), arg("__pr_stop", s), arg("__pr_c", s)], vararg: null, kwonlyargs: [], kw_defaults: [], kwarg: null, defaults: [] },
    body: inner, decorator_list: [], returns: null, type_comment: null, type_params: [], ...at(s),
  };
  out.push(def);

  // the region, and the combined reductions
  const run = call(PRANGE_RUN, [name(p + "body", s), name(p + "n", s), str(reds.map((r) => r.op).join(","), s), ...reds.map((r) => name(r.x, s))], it);
  out.push(assign(name(p + "res", s, "Store"), run, s));
  reds.forEach((r, i) => out.push(assign(name(r.x, s, "Store"),
    { kind: "Subscript", value: name(p + "res", s), slice: int(i, s), ctx: "Load", ...at(s) }, s)));
  return out;
}
