/**
 * @fileoverview Parallel array expressions: the flat loop of a fused elementwise array
 * expression (arrays/exprs.ts `emitLoops`) run on the thread pool, in `parallel=True`
 * functions, above a size threshold.
 *
 * In: the loop's trip count, the values the loop body reads from the enclosing function
 * (data pointers, scalar operands) with their LLVM types, and a body writer
 * `body(lx, i)` that emits element `i` through the LowerCtx `lx`.
 * Out: in the enclosing function, `if n >= THRESHOLD: region else: serial loop`. The
 * region's chunk function `void(ptr env, i64 lo, i64 hi, i64 chunk)` loads the free
 * values from `env` under the SSA names they have in the enclosing function (names are
 * local to an LLVM function), so the body writer's text works unchanged there; its own
 * temporaries are numbered far above the enclosing function's. A body that would raise
 * an exception, or needs a stack slot of the enclosing function, cannot be outlined: the
 * writer's attempt is discarded and the loop stays serial.
 */
import type { LowerCtx } from "../builtins";
import { FnText } from "../llvm";
import { countedLoop } from "../arrays/loops";
import { declareRuntime, regionHelper } from "./region";

/** Below this many elements an elementwise loop runs serially (a region costs ~1 µs). */
export const PARALLEL_THRESHOLD = 1 << 15;

class NotOutlinable extends Error {}

let count = 0;

/** Whether `l` lowers a function compiled with parallel=True. */
export function inParallelFunction(l: LowerCtx): boolean {
  const fn = (l as unknown as { fn?: { options?: { parallel?: boolean } } }).fn;
  return fn?.options?.parallel === true;
}

/**
 * Emits `for i in [0, n): body(i)` in parallel when `n >= PARALLEL_THRESHOLD` (and
 * serially otherwise, through `serial()`); returns false, emitting nothing, when the body
 * cannot run outside the enclosing function.
 */
export function parallelFlatLoop(l: LowerCtx, n: string, frees: { v: string; ty: string }[],
  body: (lx: LowerCtx, i: string) => void, serial: () => void, work?: () => string): boolean {
  return parallelRange(l, n, frees, (lx, lo, hi) => {
    const g = lx.f;
    countedLoop(g, g.op(`sub i64 ${hi}, ${lo}`), [], (i) => { body(lx, g.op(`add i64 ${i}, ${lo}`)); return []; });
  }, serial, work);
}

/**
 * As parallelFlatLoop, with a body that writes the loop over its chunk `[lo, hi)` itself
 * (for nests whose chunked dimension is not the outermost loop). `work` (default `n`):
 * the amount compared with PARALLEL_THRESHOLD.
 */
export function parallelRange(l: LowerCtx, n: string, frees: { v: string; ty: string }[],
  body: (lx: LowerCtx, lo: string, hi: string) => void, serial: () => void, work?: () => string): boolean {
  if (!inParallelFunction(l)) return false;
  const f = l.f, m = l.m;
  let g: FnText, lx: LowerCtx;
  ({ frees, g, lx } = chunkContext(l, frees));
  const name = `nj.par.ew.${count++}`;
  const envT = `{${frees.map((x) => x.ty).join(", ") || "i8"}}`;
  const head: string[] = [];
  frees.forEach((x, k) => {
    head.push(`  %fp${k} = getelementptr ${envT}, ptr %env, i32 0, i32 ${k}`);
    head.push(`  ${x.v} = load ${x.ty}, ptr %fp${k}`);
  });
  try {
    body(lx, "%lo", "%hi");
    g.emit("ret void");
  } catch (e) {
    if (e instanceof NotOutlinable) return false;
    throw e;
  }
  // every value the body reads must be its own, a parameter, or a loaded free value
  const defined = new Set(["%env", "%lo", "%hi", "%c", "%entry", ...frees.map((x) => x.v)]);
  const lines = g.body();
  for (const ln of lines) {
    const d = /^\s*(%[\w.]+) = /.exec(ln) ?? /^([\w.]+):$/.exec(ln);
    if (d !== null) defined.add(d[1].startsWith("%") ? d[1] : `%${d[1]}`); // values and block labels
  }
  for (const ln of lines) {
    if (ln.includes('%"')) return false; // a quoted name: a variable slot of the enclosing function
    for (const u of ln.replace(/label %[\w.]+/g, "").replace(/^\s*%[\w.]+ = /, "").matchAll(/%[\w.]+/g)) {
      if (!defined.has(u[0])) return false;
    }
  }
  m.functions.push([`define internal void @${name}(ptr %env, i64 %lo, i64 %hi, i64 %c) #0 {`, "entry:", ...head, ...g.body(), "}"].join("\n"));

  declareRuntime(m);
  const region = regionHelper(m);
  const big = f.op(`icmp sge i64 ${work === undefined ? n : work()}, ${PARALLEL_THRESHOLD}`);
  const par = f.label("ewpar"), ser = f.label("ewser"), done = f.label("ewpardone");
  f.emit(`br i1 ${big}, label %${par}, label %${ser}`);
  f.start(par);
  const size = f.op(`ptrtoint ptr ${f.op(`getelementptr ${envT}, ptr null, i64 1`)} to i64`);
  const env = f.call("ptr", "@malloc", [`i64 ${size}`]);
  const nomem = f.op(`icmp eq ptr ${env}, null`);
  const run = f.label("ewrun");
  // no memory for 8 words: run the loop serially rather than fail
  f.emit(`br i1 ${nomem}, label %${ser}, label %${run}`);
  f.start(run);
  frees.forEach((x, k) => f.emit(`store ${x.ty} ${x.v}, ptr ${f.op(`getelementptr ${envT}, ptr ${env}, i32 0, i32 ${k}`)}`));
  const nc = f.call("i64", "@nj_par_plan", [`i64 ${n}`]);
  f.call("void", region, [`ptr @${name}`, `ptr ${env}`, `i64 ${n}`, `i64 ${nc}`]);
  f.call("void", "@free", [`ptr ${env}`]);
  f.emit(`br label %${done}`);
  f.start(ser);
  serial();
  f.emit(`br label %${done}`);
  f.start(done);
  return true;
}

/**
 * A reduction over `[0, n)` in parallel when `n >= PARALLEL_THRESHOLD`: each chunk computes
 * `partial(lx, lo, count)` (of LLVM type `ty`) into its slot; the enclosing function
 * combines the slots in chunk order, starting from `init`, with `combine`. Serially (small
 * `n`, or a body that cannot be outlined) it is `partial(l, "0", n)`. Returns the value.
 */
export function parallelReduce(l: LowerCtx, n: string, frees: { v: string; ty: string }[], ty: string, init: string,
  partial: (lx: LowerCtx, lo: string, count: string) => string, combine: (a: string, b: string) => string, work?: () => string): string {
  const f = l.f, m = l.m;
  const serialOnly = (): string => partial(l, "0", n);
  if (!inParallelFunction(l)) return serialOnly();
  let g: FnText, lx: LowerCtx;
  ({ frees, g, lx } = chunkContext(l, frees));
  const name = `nj.par.red.${count++}`;
  const fields = [...frees.map((x) => x.ty), "ptr"];
  const envT = `{${fields.join(", ")}}`;
  const head: string[] = [];
  frees.forEach((x, k) => {
    head.push(`  %fp${k} = getelementptr ${envT}, ptr %env, i32 0, i32 ${k}`);
    head.push(`  ${x.v} = load ${x.ty}, ptr %fp${k}`);
  });
  head.push(`  %slotsp = getelementptr ${envT}, ptr %env, i32 0, i32 ${frees.length}`, "  %slots = load ptr, ptr %slotsp");
  try {
    const cnt = g.op("sub i64 %hi, %lo");
    const r = partial(lx, "%lo", cnt);
    g.emit(`store ${ty} ${r}, ptr ${g.op(`getelementptr ${ty}, ptr %slots, i64 %c`)}`);
    g.emit("ret void");
  } catch (e) {
    if (e instanceof NotOutlinable) return serialOnly();
    throw e;
  }
  const defined = new Set(["%env", "%lo", "%hi", "%c", "%entry", "%slots", "%slotsp", ...frees.map((x) => x.v)]);
  const lines = g.body();
  for (const ln of lines) {
    const d = /^\s*(%[\w.]+) = /.exec(ln) ?? /^([\w.]+):$/.exec(ln);
    if (d !== null) defined.add(d[1].startsWith("%") ? d[1] : `%${d[1]}`); // values and block labels
  }
  for (const ln of head) { const d = /^\s*(%[\w.]+) = /.exec(ln); if (d !== null) defined.add(d[1]); }
  for (const ln of lines) {
    if (ln.includes('%"')) return serialOnly();
    for (const u of ln.replace(/label %[\w.]+/g, "").replace(/^\s*%[\w.]+ = /, "").matchAll(/%[\w.]+/g)) {
      if (!defined.has(u[0])) return serialOnly();
    }
  }
  m.functions.push([`define internal void @${name}(ptr %env, i64 %lo, i64 %hi, i64 %c) #0 {`, "entry:", ...head, ...g.body(), "}"].join("\n"));

  declareRuntime(m);
  const region = regionHelper(m);
  const big = f.op(`icmp sge i64 ${work === undefined ? n : work()}, ${PARALLEL_THRESHOLD}`);
  const par = f.label("rpar"), ser = f.label("rser"), done = f.label("rpardone");
  f.emit(`br i1 ${big}, label %${par}, label %${ser}`);
  f.start(par);
  const size = f.op(`ptrtoint ptr ${f.op(`getelementptr ${envT}, ptr null, i64 1`)} to i64`);
  const env = f.call("ptr", "@malloc", [`i64 ${size}`]);
  const nc = f.call("i64", "@nj_par_plan", [`i64 ${n}`]);
  const ssize = f.op(`ptrtoint ptr ${f.op(`getelementptr ${ty}, ptr null, i64 ${nc}`)} to i64`);
  const slots = f.call("ptr", "@malloc", [`i64 ${f.op(`add i64 ${ssize}, 8`)}`]);
  const nomem = f.op(`or i1 ${f.op(`icmp eq ptr ${env}, null`)}, ${f.op(`icmp eq ptr ${slots}, null`)}`);
  const run = f.label("rrun");
  f.emit(`br i1 ${nomem}, label %${ser}, label %${run}`);
  f.start(run);
  frees.forEach((x, k) => f.emit(`store ${x.ty} ${x.v}, ptr ${f.op(`getelementptr ${envT}, ptr ${env}, i32 0, i32 ${k}`)}`));
  f.emit(`store ptr ${slots}, ptr ${f.op(`getelementptr ${envT}, ptr ${env}, i32 0, i32 ${frees.length}`)}`);
  f.call("void", region, [`ptr @${name}`, `ptr ${env}`, `i64 ${n}`, `i64 ${nc}`]);
  // combine the partials in chunk order
  const [acc] = countedLoop(f, nc, [{ ty, init }], (c, [a]) => [combine(a, f.op(`load ${ty}, ptr ${f.op(`getelementptr ${ty}, ptr ${slots}, i64 ${c}`)}`))]);
  f.call("void", "@free", [`ptr ${slots}`]);
  f.call("void", "@free", [`ptr ${env}`]);
  const parEnd = f.block;
  f.emit(`br label %${done}`);
  f.start(ser);
  const rs = serialOnly();
  const serEnd = f.block;
  f.emit(`br label %${done}`);
  f.start(done);
  return f.op(`phi ${ty} [${acc}, %${parEnd}], [${rs}, %${serEnd}]`);
}

/** The number of elements of `shape` (emitted in `l`'s function). */
function product(l: LowerCtx, shape: string[]): string {
  let n = "1";
  for (const x of shape) n = n === "1" ? x : l.f.op(`mul i64 ${n}, ${x}`);
  return n;
}

/**
 * The general (broadcasting, strided) loop nest of an array expression, in parallel over
 * its outermost dimension: `body(lx, i)` writes everything of index `i` of dimension 0.
 * Parallel when the whole nest has at least PARALLEL_THRESHOLD elements. Returns false,
 * emitting nothing, outside parallel functions or when the body cannot be outlined (the
 * caller then writes its serial nest).
 */
export function parallelOuterLoop(l: LowerCtx, shape: string[], frees: { v: string; ty: string }[],
  body: (lx: LowerCtx, i: string) => void, serial: () => void): boolean {
  if (shape.length === 0 || !inParallelFunction(l)) return false;
  return parallelFlatLoop(l, shape[0], frees, body, serial, () => product(l, shape));
}

/**
 * A reduction over a loop nest in chunks of its outermost dimension: `rows(lx, lo, cnt)`
 * reduces indices [lo, lo + cnt) of dimension 0 (from the identity). Null outside parallel
 * functions (the caller writes its serial nest); otherwise the value (serial below
 * PARALLEL_THRESHOLD elements or when the rows cannot be outlined).
 */
export function parallelOuterReduce(l: LowerCtx, shape: string[], frees: { v: string; ty: string }[], ty: string, init: string,
  rows: (lx: LowerCtx, lo: string, count: string) => string, combine: (a: string, b: string) => string): string | null {
  if (shape.length === 0 || !inParallelFunction(l)) return null;
  return parallelReduce(l, shape[0], frees, ty, init, rows, combine, () => product(l, shape));
}

/** Below this many bytes a memset runs serially (a region costs ~1 µs; memset ~10 GB/s). */
export const PARALLEL_MEMSET_BYTES = 1 << 20;

/**
 * `memset(data, 0, bytes)` in parallel byte ranges (cut at 64-byte multiples) from
 * PARALLEL_MEMSET_BYTES: a new array's pages are then first touched by every thread.
 * Returns false, emitting nothing, outside parallel functions.
 */
export function parallelMemset(l: LowerCtx, data: string, bytes: string, serial: () => void): boolean {
  if (!inParallelFunction(l)) return false;
  const f = l.f;
  l.m.declare("llvm.memset.p0.i64", "declare void @llvm.memset.p0.i64(ptr, i8, i64, i1)");
  // chunk over 64-byte lines; the last line takes the remainder
  const lines = f.op(`lshr i64 ${f.op(`add i64 ${bytes}, 63`)}, 6`);
  return parallelRange(l, lines, [{ v: data, ty: "ptr" }, { v: bytes, ty: "i64" }], (lx, lo, hi) => {
    const g = lx.f;
    const start = g.op(`shl i64 ${lo}, 6`);
    const end0 = g.op(`shl i64 ${hi}, 6`);
    const end = g.op(`select i1 ${g.op(`icmp ult i64 ${end0}, ${bytes}`)}, i64 ${end0}, i64 ${bytes}`);
    g.call("void", "@llvm.memset.p0.i64", [`ptr ${g.op(`getelementptr i8, ptr ${data}, i64 ${start}`)}`, "i8 0", `i64 ${g.op(`sub i64 ${end}, ${start}`)}`, "i1 false"]);
  }, serial, () => f.op(`lshr i64 ${bytes}, ${Math.log2(PARALLEL_MEMSET_BYTES / PARALLEL_THRESHOLD)}`));
}

/** What a chunk function is written with: `frees` without constants (they need no
 *  passing) and with each SSA value once, the chunk's own FnText `g`, and a LowerCtx `lx`
 *  writing through it in which raising (and scratch slots of the caller) refuse, so a body
 *  that would need them is not outlined. */
function chunkContext(l: LowerCtx, frees: { v: string; ty: string }[]): { frees: { v: string; ty: string }[]; g: FnText; lx: LowerCtx } {
  const seen = new Set<string>();
  const used = frees.filter((x) => x.v.startsWith("%") && !seen.has(x.v) && (seen.add(x.v), true));
  const g = new FnText(l.m, l.f.fastmath);
  (g as unknown as { n: number }).n = 1_000_000;
  const lx = Object.create(l) as LowerCtx & Record<string, unknown>;
  lx.f = g;
  const refuse = () => { throw new NotOutlinable(); };
  for (const k of ["raise", "raiseIf", "leave", "scratch"]) lx[k] = refuse;
  return { frees: used, g, lx };
}
