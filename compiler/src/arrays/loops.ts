/**
 * @fileoverview Loops in LLVM IR for the array library: counted loops with loop-carried
 * values (phis), and visiting every element of an array of any layout.
 *
 * In: a function body under construction (`FnText`), trip counts, and callbacks that
 * write the loop body.
 * Out: the loop's IR; the callbacks' final values. Loops are plain `i = 0 .. n-1`
 * counters with phis, so LLVM's vectoriser sees canonical induction variables.
 */
import type { FnText } from "../llvm";
import { llvmType, type ArrayType } from "../types";
import { F_DATA, F_NITEMS, field, memType, shapeAt, strideAt } from "./core";

export interface Carried { ty: string; init: string }

/**
 * `for i in 0..n-1` carrying `accs` (each `{ty, init}`); `body(i, values)` writes the body
 * and returns the values for the next iteration. Returns the values after the loop.
 */
export function countedLoop(f: FnText, n: string, accs: Carried[], body: (i: string, vals: string[]) => string[]): string[] {
  const pre = f.block;
  const head = f.label("loop"), bodyL = f.label("body"), exit = f.label("exit");
  const i = f.tmp(), inext = f.tmp();
  const phis = accs.map(() => f.tmp());
  f.emit(`br label %${head}`);
  f.start(head);
  // phis are filled in once the latch block is known
  const headLineIdx = f.body().length;
  f.emit("; phi placeholder");
  accs.forEach(() => f.emit("; phi placeholder"));
  const cond = f.op(`icmp slt i64 ${i}, ${n}`);
  f.emit(`br i1 ${cond}, label %${bodyL}, label %${exit}`);
  f.start(bodyL);
  const out = body(i, phis);
  f.emit(`${inext} = add nuw nsw i64 ${i}, 1`);
  const latch = f.block;
  f.emit(`br label %${head}`);
  const lines = f.body();
  lines[headLineIdx] = `  ${i} = phi i64 [0, %${pre}], [${inext}, %${latch}]`;
  accs.forEach((a, k) => { lines[headLineIdx + 1 + k] = `  ${phis[k]} = phi ${a.ty} [${a.init}, %${pre}], [${out[k]}, %${latch}]`; });
  f.start(exit);
  return phis;
}

/**
 * Visits every element of `v` (any layout, in C order for C arrays and memory order
 * otherwise): `body(ptr, vals)` gets the element's address. Contiguous layouts take one
 * flat loop over `nitems`; layout A nests one loop per dimension with byte strides.
 */
export function forEachElement(f: FnText, a: ArrayType, v: string, accs: Carried[],
  body: (ptr: string, vals: string[]) => string[]): string[] {
  const data = field(f, a, v, F_DATA);
  if (a.layout !== "A") {
    const n = field(f, a, v, F_NITEMS);
    return countedLoop(f, n, accs, (i, vals) => body(f.op(`getelementptr ${memType(a.dtype)}, ptr ${data}, i64 ${i}`), vals));
  }
  const shape = Array.from({ length: a.ndim }, (_, d) => shapeAt(f, a, v, d));
  const strides = Array.from({ length: a.ndim }, (_, d) => strideAt(f, a, v, d));
  const nest = (d: number, base: string, vals: string[]): string[] => {
    if (d === a.ndim) return body(base, vals);
    const carried = accs.map((c, k) => ({ ty: c.ty, init: vals[k] }));
    return countedLoop(f, shape[d], carried, (i, vs) => nest(d + 1, f.op(`getelementptr i8, ptr ${base}, i64 ${f.op(`mul i64 ${i}, ${strides[d]}`)}`), vs));
  };
  if (a.ndim === 0) return body(data, accs.map((c) => c.init));
  return nest(0, data, accs.map((c) => c.init));
}

export { llvmType };
