/**
 * @fileoverview Parallel regions: typing and lowering of `__prange_run__` (outline.ts).
 *
 * In: at typing time, the call `__prange_run__(body, n, "ops", init...)` that outline.ts
 * puts where a prange loop was: `body` is the closure over one chunk [lo, hi) of the
 * loop's iteration numbers, returning the chunk's partial reductions as a tuple.
 * Out: an intrinsic whose lowering
 *   1. asks the runtime how many chunks to cut `n` into (`nj_par_plan`),
 *   2. stores the closure and a buffer of one result slot per chunk in a heap `env`,
 *   3. releases the GIL if held and runs the region (`nj_par_run`, numjit/_parallel.py)
 *      over a trampoline `void(ptr env, i64 lo, i64 hi, i64 chunk)` that calls the body
 *      and stores its result (or the first exception raised) in `env`,
 *   4. re-raises that exception, or combines the slots in chunk order, starting from the
 *      values before the loop, with each reduction's operator.
 * Also here: `numjit.get_thread_id()` / `get_num_threads()` inside compiled code, and
 * atomic reference counts for the modules of parallel functions (arrays shared between
 * threads are increfed and decrefed concurrently).
 */
import { typingError, type Span } from "../diagnostics";
import { BUILTINS, register, type Impl, type LowerCtx } from "../builtins";
import type { ModuleText } from "../llvm";
import type { Expr, UFunction, Var } from "../ir";
import { int64, isFloat, isInt, llvmType, none, tupleOf, unify, bool, type Type } from "../types";
import { PRANGE_LOCK, PRANGE_ONE, PRANGE_RUN, PRANGE_STOPPED, PRANGE_UNLOCK, PRANGE_ZERO } from "./outline";
import { decref } from "../arrays/core";
import { countedLoop } from "../arrays/loops";

export { PRANGE_RUN };

/** What region typing needs from inference (infer.ts passes itself and its Ctx). */
export interface RegionInference {
  specializeRef(ref: string, argtypes: Type[], span: Span): { symbol: string; restype: Type | null; argtypes: Type[] };
}
export interface RegionCtx {
  spec: { fn: UFunction };
  cast(v: Var, from: Type, to: Type, span: Span): Var;
}

// The name resolves as a builtin; calls are typed by typeRegion (infer.ts hook).
register(PRANGE_RUN, (c) => { throw typingError("internal: the parallel region builtin called directly.", c.span); });

/** The constant string assigned to temporary `v` (the reduction operators). */
function constStr(fn: UFunction, v: Var): string | null {
  for (const b of fn.blocks) {
    for (const s of b.body) {
      if (s.k === "assign" && s.target === v) {
        const e: Expr = s.value;
        return e.k === "const" && e.value.k === "str" ? e.value.v : null;
      }
    }
  }
  return null;
}

let regionCount = 0;

/** Types `__prange_run__(body, n, ops, init...)`; null while the body's type is unknown. */
export function typeRegion(inf: RegionInference, ctx: RegionCtx, args: Var[], types: Type[], span: Span): { k: "intrinsic"; type: Type; impl: Impl; args: Var[] } | null {
  const cl = types[0];
  if (cl.tag !== "closure") throw typingError("internal: a parallel region without its body.", span);
  const ops = (constStr(ctx.spec.fn, args[2]) ?? "").split(",").filter((x) => x !== "");
  const body = inf.specializeRef(cl.ref, [...cl.captured, int64, int64, int64, int64], span);
  if (body.restype === null) return null;
  const inits = types.slice(3);
  let partials: Type[] = [];
  if (ops.length > 0) {
    const rt = body.restype;
    if (rt.tag !== "tuple" || rt.items.length !== ops.length) throw typingError("internal: prange body result does not match its reductions.", span);
    partials = rt.items;
  }
  const results = inits.map((t, i) => {
    const p = partials[i];
    if (p.tag === "array" || t.tag === "array") {
      // merged into the shared array by the chunks themselves (outline.ts); the result is it
      if (ops[i] !== "add" || p !== t) {
        throw typingError("whole-array reductions in a prange loop support `+=` and `-=` into an array of the result's own type; reduce into a scalar, or update `arr[i]` per element.", span);
      }
      return t;
    }
    const u = unify(t, p);
    if (u === null || !(isInt(u) || isFloat(u) || u === bool || u.tag === "complex")) {
      throw typingError(`the reduction over a ${t.key} and a ${p.key} in this prange loop is not supported; reduce numbers.`, span);
    }
    if ((ops[i] === "and" || ops[i] === "or" || ops[i] === "xor") && !(isInt(u) || u === bool)) {
      throw typingError(`the bitwise reduction '${ops[i]}' needs integers or booleans, not ${u.key}.`, span);
    }
    if ((ops[i] === "min" || ops[i] === "max") && u.tag === "complex") throw typingError("min/max reductions of complex numbers are not supported.", span);
    return u;
  });
  const ret = ops.length > 0 ? tupleOf(results) : none;
  const nv = ctx.cast(args[1], types[1], int64, span);
  const id = regionCount++;
  const impl: Impl = {
    name: "prange", args: [cl, int64, ...inits], ret,
    lower: (l) => lowerRegion(l, id, cl, body, ops, inits, partials, results),
  };
  return { k: "intrinsic", type: ret, impl, args: [args[0], nv, ...args.slice(3)] };
}

export function declareRuntime(m: ModuleText): void {
  m.declare("malloc", "declare noalias ptr @malloc(i64)");
  m.declare("free", "declare void @free(ptr)");
  m.declare("nj_par_plan", "declare i64 @nj_par_plan(i64)");
  m.declare("nj_par_run", "declare void @nj_par_run(ptr, ptr, i64, i64)");
  m.declare("PyGILState_Check", "declare i32 @PyGILState_Check()");
  m.declare("PyEval_SaveThread", "declare ptr @PyEval_SaveThread()");
  m.declare("PyEval_RestoreThread", "declare void @PyEval_RestoreThread(ptr)");
}

/** `nj.par.region`: runs a region, releasing the GIL around it when this thread holds it. */
export function regionHelper(m: ModuleText): string {
  return m.helper("nj.par.region", () => [
    "define internal void @nj.par.region(ptr %fn, ptr %env, i64 %n, i64 %nc) #2 {",
    "entry:",
    "  %h = call i32 @PyGILState_Check()",
    "  %held = icmp ne i32 %h, 0",
    "  br i1 %held, label %release, label %run",
    "release:",
    "  %ts = call ptr @PyEval_SaveThread()",
    "  call void @nj_par_run(ptr %fn, ptr %env, i64 %n, i64 %nc)",
    "  call void @PyEval_RestoreThread(ptr %ts)",
    "  ret void",
    "run:",
    "  call void @nj_par_run(ptr %fn, ptr %env, i64 %n, i64 %nc)",
    "  ret void",
    "}",
  ].join("\n"));
}

function sizeOf(l: LowerCtx, ty: string): string {
  const p = l.f.op(`getelementptr ${ty}, ptr null, i64 1`);
  return l.f.op(`ptrtoint ptr ${p} to i64`);
}

/** One failed chunk's exception: its raise site and the Python error it set, if any. */
const REC = "{ptr, ptr, ptr, ptr}";
const NO_STOP = "9223372036854775807";

function lowerRegion(l: LowerCtx, id: number, cl: Type & { tag: "closure" }, body: { symbol: string; restype: Type | null; argtypes: Type[] },
  ops: string[], inits: Type[], partials: Type[], results: Type[]): string {
  const f = l.f, m = l.m;
  declareRuntime(m);
  m.declare("PyGILState_Ensure", "declare i32 @PyGILState_Ensure()");
  m.declare("PyGILState_Release", "declare void @PyGILState_Release(i32)");
  m.declare("PyErr_Fetch", "declare void @PyErr_Fetch(ptr, ptr, ptr)");
  m.declare("PyErr_Restore", "declare void @PyErr_Restore(ptr, ptr, ptr)");
  m.declare("Py_DecRef", "declare void @Py_DecRef(ptr)");
  m.declare("llvm.memset.p0.i64", "declare void @llvm.memset.p0.i64(ptr, i8, i64, i1)");
  m.presetErrors = true; // the exception restored from a failed chunk carries its message
  const region = regionHelper(m);
  const clT = llvmType(cl);
  // closure, result slots, exception records (one per chunk), the first failed chunk
  const envT = `{${clT}, ptr, ptr, i64}`;
  const RT = llvmType(body.restype!);
  const hasSlots = ops.length > 0;
  const arrayParts = results.some((t) => t.tag === "array");
  const tramp = `nj.par.tramp.${id}`;
  m.helper(tramp, () => {
    m.declare("llvm.assume", "declare void @llvm.assume(i1 noundef)");
    const L = [`define internal void @${tramp}(ptr %env, i64 %lo, i64 %hi, i64 %c) #0 {`, "entry:",
      `  %ret = alloca ${RT}`, "  %exc = alloca ptr", "  store ptr null, ptr %exc",
      `  %stopp = getelementptr ${envT}, ptr %env, i32 0, i32 3`,
      // a chunk after one that raised does not start
      "  %s0 = load atomic i64, ptr %stopp monotonic, align 8", "  %skip = icmp slt i64 %s0, %c",
      "  br i1 %skip, label %out, label %go", "out:", "  ret void", "go:",
      `  %cl = load ${clT}, ptr %env`, "  %stopi = ptrtoint ptr %stopp to i64",
      // the runtime's chunks are 0 <= lo <= hi: told to LLVM, an index computed from the
      // iteration number is known non-negative (no wrap for negative indices)
      "  %lo.ok = icmp sge i64 %lo, 0", "  call void @llvm.assume(i1 %lo.ok)",
      "  %hi.ok = icmp sge i64 %hi, %lo", "  call void @llvm.assume(i1 %hi.ok)"];
    const cargs: string[] = [];
    cl.captured.forEach((t, i) => { L.push(`  %k${i} = extractvalue ${clT} %cl, ${i}`); cargs.push(`${llvmType(t)} %k${i}`); });
    L.push(`  %st = call i32 @${body.symbol}(ptr %ret, ptr %exc${cargs.map((a) => ", " + a).join("")}, i64 %lo, i64 %hi, i64 %stopi, i64 %c)`,
      "  %bad = icmp ne i32 %st, 0", "  br i1 %bad, label %fail, label %ok",
      // record the site, and take the Python error a helper set on this thread (an
      // IndexError with its message, ...) out of this thread's state for the caller
      "fail:", "  %e = load ptr, ptr %exc", `  %rsp = getelementptr ${envT}, ptr %env, i32 0, i32 2`, "  %recs = load ptr, ptr %rsp",
      `  %rec = getelementptr ${REC}, ptr %recs, i64 %c`, "  store ptr %e, ptr %rec",
      `  %r1 = getelementptr ${REC}, ptr %rec, i32 0, i32 1`, `  %r2 = getelementptr ${REC}, ptr %rec, i32 0, i32 2`,
      `  %r3 = getelementptr ${REC}, ptr %rec, i32 0, i32 3`,
      "  %g = call i32 @PyGILState_Ensure()", "  call void @PyErr_Fetch(ptr %r1, ptr %r2, ptr %r3)",
      "  call void @PyGILState_Release(i32 %g)", "  br label %min",
      // stop = min(stop, c): the chunks after this one stop, those before it go on
      "min:", "  %cur = load atomic i64, ptr %stopp monotonic, align 8", "  %lower = icmp slt i64 %c, %cur",
      "  br i1 %lower, label %cas, label %out", "cas:", "  %x = cmpxchg ptr %stopp, i64 %cur, i64 %c seq_cst monotonic",
      "  %won = extractvalue { i64, i1 } %x, 1", "  br i1 %won, label %out, label %min", "ok:");
    if (hasSlots) {
      L.push(`  %r = load ${RT}, ptr %ret`, `  %sp = getelementptr ${envT}, ptr %env, i32 0, i32 1`, "  %slots = load ptr, ptr %sp",
        `  %slot = getelementptr ${RT}, ptr %slots, i64 %c`, `  store ${RT} %r, ptr %slot`);
    }
    L.push("  ret void", "}");
    return L.join("\n");
  });

  const [clv, n] = l.args;
  const nc = f.call("i64", "@nj_par_plan", [`i64 ${n}`]);
  // the environment and the chunks' exception records in one block
  const envBytes = sizeOf(l, envT);
  const recBytes = f.op(`mul i64 ${nc}, 32`);
  const env = f.call("ptr", "@malloc", [`i64 ${f.op(`add i64 ${envBytes}, ${recBytes}`)}`]);
  l.raiseIf(f.op(`icmp eq ptr ${env}, null`), "MemoryError", "out of memory starting a parallel region");
  const recs = f.op(`getelementptr i8, ptr ${env}, i64 ${envBytes}`);
  f.call("void", "@llvm.memset.p0.i64", [`ptr ${recs}`, "i8 0", `i64 ${recBytes}`, "i1 false"]);
  f.emit(`store ${clT} ${clv}, ptr ${env}`);
  let slots = "null";
  if (hasSlots) {
    const bytes = f.op(`mul i64 ${nc}, ${sizeOf(l, RT)}`);
    slots = f.call("ptr", "@malloc", [`i64 ${f.op(`add i64 ${bytes}, 8`)}`]);
    // array partials are dropped if the region fails: a chunk that did not finish leaves
    // its slot null (decref skips null)
    if (arrayParts) f.call("void", "@llvm.memset.p0.i64", [`ptr ${slots}`, "i8 0", `i64 ${bytes}`, "i1 false"]);
  }
  f.emit(`store ptr ${slots}, ptr ${f.op(`getelementptr ${envT}, ptr ${env}, i32 0, i32 1`)}`);
  f.emit(`store ptr ${recs}, ptr ${f.op(`getelementptr ${envT}, ptr ${env}, i32 0, i32 2`)}`);
  const stopp = f.op(`getelementptr ${envT}, ptr ${env}, i32 0, i32 3`);
  f.emit(`store i64 ${NO_STOP}, ptr ${stopp}`);
  f.call("void", region, [`ptr @${tramp}`, `ptr ${env}`, `i64 ${n}`, `i64 ${nc}`]);
  const stop = f.op(`load i64, ptr ${stopp}`);
  const failed = f.op(`icmp ne i64 ${stop}, ${NO_STOP}`);
  const bad = f.label("par.raise"), ok = f.label("par.ok");
  f.emit(`br i1 ${failed}, label %${bad}, label %${ok}`);
  f.start(bad);
  // the first failed chunk's exception is raised (with the GIL: drop the other chunks'
  // Python errors, restore that one's on this thread)
  const g = f.call("i32", "@PyGILState_Ensure", []);
  const field = (rec: string, k: number): string => f.op(`getelementptr ${REC}, ptr ${rec}, i32 0, i32 ${k}`);
  countedLoop(f, nc, [], (c) => {
    const rec = f.op(`getelementptr ${REC}, ptr ${recs}, i64 ${c}`);
    const other = f.op(`and i1 ${f.op(`icmp ne i64 ${c}, ${stop}`)}, ${f.op(`icmp ne ptr ${f.op(`load ptr, ptr ${field(rec, 1)}`)}, null`)}`);
    const drop = f.label("par.drop"), next = f.label("par.next");
    f.emit(`br i1 ${other}, label %${drop}, label %${next}`);
    f.start(drop);
    for (const k of [1, 2, 3]) f.call("void", "@Py_DecRef", [`ptr ${f.op(`load ptr, ptr ${field(rec, k)}`)}`]); // Py_XDECREF
    f.emit(`br label %${next}`);
    f.start(next);
    return [];
  });
  const first = f.op(`getelementptr ${REC}, ptr ${recs}, i64 ${stop}`);
  const [et, ev, etb] = [1, 2, 3].map((k) => f.op(`load ptr, ptr ${field(first, k)}`));
  const restore = f.label("par.restore"), raise = f.label("par.site");
  f.emit(`br i1 ${f.op(`icmp ne ptr ${et}, null`)}, label %${restore}, label %${raise}`);
  f.start(restore);
  f.call("void", "@PyErr_Restore", [`ptr ${et}`, `ptr ${ev}`, `ptr ${etb}`]);
  f.emit(`br label %${raise}`);
  f.start(raise);
  f.call("void", "@PyGILState_Release", [`i32 ${g}`]);
  const site = f.op(`load ptr, ptr ${first}`);
  f.call("void", "@free", [`ptr ${env}`]);
  if (arrayParts) {
    // the private arrays of the chunks that finished (already added into the shared ones)
    countedLoop(f, nc, [], (c) => {
      const p = f.op(`load ${RT}, ptr ${f.op(`getelementptr ${RT}, ptr ${slots}, i64 ${c}`)}`);
      results.forEach((t, i) => { if (t.tag === "array") decref(f, t, f.op(`extractvalue ${RT} ${p}, ${i}`)); });
      return [];
    });
  }
  if (hasSlots) f.call("void", "@free", [`ptr ${slots}`]);
  f.emit(`store ptr ${site}, ptr %exc`);
  // propagate the body's exception as a failed callee would (lower.ts `leave`)
  (l as unknown as { leave(exc: null, msg: null): void }).leave(null, null);
  f.start(ok);
  f.call("void", "@free", [`ptr ${env}`]);
  if (!hasSlots) return "undef";

  // combine: acc = init; for c in [0, nc): acc = acc op slot[c]
  const accs0 = l.args.slice(2).map((v, i) => l.cast(v, inits[i], results[i]));
  const pre = f.block;
  const u = f.label("par.comb");
  const head = `${u}.head`, step = `${u}.step`, done = `${u}.done`;
  f.emit(`br label %${head}`);
  f.start(head);
  const ci = `%${u}.i`, ci1 = `%${u}.i1`;
  const accN = results.map((_, i) => `%${u}.acc${i}`), nextN = results.map((_, i) => `%${u}.next${i}`);
  f.emit(`${ci} = phi i64 [0, %${pre}], [${ci1}, %${step}.end]`);
  results.forEach((t, i) => f.emit(`${accN[i]} = phi ${llvmType(t)} [${accs0[i]}, %${pre}], [${nextN[i]}, %${step}.end]`));
  const more = f.op(`icmp slt i64 ${ci}, ${nc}`);
  f.emit(`br i1 ${more}, label %${step}, label %${done}`);
  f.start(step);
  const p = f.op(`load ${RT}, ptr ${f.op(`getelementptr ${RT}, ptr ${slots}, i64 ${ci}`)}`);
  results.forEach((t, i) => {
    const ty = llvmType(t);
    if (t.tag === "array") {
      // already added into the shared array: drop the chunk's private array
      decref(f, t, f.op(`extractvalue ${RT} ${p}, ${i}`));
      f.emit(`${nextN[i]} = select i1 true, ${ty} ${accN[i]}, ${ty} ${accN[i]}`);
      return;
    }
    const part = l.cast(f.op(`extractvalue ${RT} ${p}, ${i}`), partials[i], t);
    let v: string;
    switch (ops[i]) {
      case "add": v = l.arith("add", t, accN[i], part); break;
      case "mul": v = l.arith("mul", t, accN[i], part); break;
      case "and": case "or": case "xor": v = f.op(`${ops[i]} ${ty} ${accN[i]}, ${part}`); break;
      default: {
        // min/max keep the accumulator on ties, as Python's min(acc, x) does
        const better = l.cmp(ops[i] === "min" ? "lt" : "gt", t, part, accN[i]);
        v = f.op(`select i1 ${better}, ${ty} ${part}, ${ty} ${accN[i]}`);
      }
    }
    f.emit(`${nextN[i]} = select i1 true, ${ty} ${v}, ${ty} ${v}`);
  });
  f.emit(`${ci1} = add i64 ${ci}, 1`);
  f.emit(`br label %${step}.end`);
  f.start(`${step}.end`);
  f.emit(`br label %${head}`);
  f.start(done);
  f.call("void", "@free", [`ptr ${slots}`]);
  let tup = "undef";
  const tt = llvmType(tupleOf(results));
  results.forEach((_, i) => { tup = f.op(`insertvalue ${tt} ${tup}, ${llvmType(results[i])} ${accN[i]}, ${i}`); });
  return tup;
}

// -- builtins of the chunk functions (outline.ts) ------------------------------------------

function identity(which: "zero" | "one"): (c: Parameters<Parameters<typeof register>[1]>[0]) => Impl {
  return (c) => {
    const t = c.args[0];
    if (t.tag === "array") {
      const like = BUILTINS.get(which === "zero" ? "numpy.zeros_like" : "numpy.ones_like")!;
      return like({ ...c, name: which === "zero" ? "numpy.zeros_like" : "numpy.ones_like" });
    }
    const ty = llvmType(t);
    let v: string;
    if (t === bool) v = which === "zero" ? "false" : "true";
    else if (isInt(t)) v = which === "zero" ? "0" : "1";
    else if (isFloat(t)) v = which === "zero" ? "0.0" : "1.0";
    else if (t.tag === "complex") v = which === "zero" ? "zeroinitializer" : `{${llvmType(t.part)} 1.0, ${llvmType(t.part)} 0.0}`;
    else throw typingError(`a prange reduction over ${t.key} is not supported; reduce numbers or arrays.`, c.span);
    return { name: c.name, args: [t], ret: t, lower: () => { void ty; return v; } };
  };
}
register(PRANGE_ZERO, identity("zero"));
register(PRANGE_ONE, identity("one"));

for (const [nm, fn] of [[PRANGE_LOCK, "nj_par_lock"], [PRANGE_UNLOCK, "nj_par_unlock"]]) {
  register(nm, (c) => ({
    name: c.name, args: [c.args[0]], ret: none,
    lower: (l) => {
      if (c.args[0].tag === "array") {
        l.m.declare(fn, `declare void @${fn}()`);
        l.f.call("void", `@${fn}`, []);
      }
      return "0";
    },
  }));
}

// whether a chunk before chunk `c` has raised: `stop` is the address of the region's first
// failed chunk number (the trampoline passes it to the chunk function)
register(PRANGE_STOPPED, (c) => ({
  name: c.name, args: [int64, int64], ret: bool,
  lower: (l) => {
    const p = l.f.op(`inttoptr i64 ${l.args[0]} to ptr`);
    return l.f.op(`icmp slt i64 ${l.f.op(`load atomic i64, ptr ${p} monotonic, align 8`)}, ${l.args[1]}`);
  },
}));

// -- thread queries inside compiled code -----------------------------------------------------

for (const mod of ["numjit", "numba"]) {
  register(`${mod}.get_thread_id`, (c) => {
    if (c.args.length > 0) throw typingError("get_thread_id() takes no arguments.", c.span);
    return { name: c.name, args: [], ret: int64, lower: (l) => {
      l.m.declare("nj_par_thread_id", "declare i64 @nj_par_thread_id()");
      return l.f.call("i64", "@nj_par_thread_id", []);
    } };
  });
  register(`${mod}.get_num_threads`, (c) => {
    if (c.args.length > 0) throw typingError("get_num_threads() takes no arguments.", c.span);
    return { name: c.name, args: [], ret: int64, lower: (l) => {
      l.m.declare("nj_par_num_threads", "declare i64 @nj_par_num_threads()");
      return l.f.call("i64", "@nj_par_num_threads", []);
    } };
  });
}

void BUILTINS;
