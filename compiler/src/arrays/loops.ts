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

/**
 * `@nj.pwsum.<ty>(ptr data, i64 n)`: NumPy's pairwise summation of a contiguous float
 * vector (numpy/_core/src/umath/loops_utils.h.src `pairwise_sum`): under 8 items a plain
 * loop, up to 128 eight accumulators combined as ((r0+r1)+(r2+r3))+((r4+r5)+(r6+r7)),
 * above that the two halves (the first a multiple of 8) recursively. Same rounding as
 * NumPy's np.sum, and the eight accumulators vectorise.
 */
export function pairwiseSumHelper(f: FnText, ty: "float" | "double"): string {
  const name = `nj.pwsum.${ty}`;
  return f.m.helper(name, () => {
    const L: string[] = [];
    L.push(`define internal ${ty} @${name}(ptr %a, i64 %n) #0 {`, "entry:",
      "  %small = icmp slt i64 %n, 8", "  br i1 %small, label %seq, label %mid",
      "seq:", "  br label %seqh",
      "seqh:", `  %si = phi i64 [0, %seq], [%si1, %seqb]`, `  %sr = phi ${ty} [0.0, %seq], [%sr1, %seqb]`,
      "  %sc = icmp slt i64 %si, %n", "  br i1 %sc, label %seqb, label %seqx",
      "seqb:", `  %sp = getelementptr ${ty}, ptr %a, i64 %si`, `  %sx = load ${ty}, ptr %sp`, `  %sr1 = fadd ${ty} %sr, %sx`,
      "  %si1 = add nuw nsw i64 %si, 1", "  br label %seqh",
      "seqx:", `  ret ${ty} %sr`,
      "mid:", "  %blk = icmp sle i64 %n, 128", "  br i1 %blk, label %block, label %split",
      "block:");
    for (let k = 0; k < 8; k++) L.push(`  %p${k} = getelementptr ${ty}, ptr %a, i64 ${k}`, `  %r${k}.0 = load ${ty}, ptr %p${k}`);
    L.push("  %rem = srem i64 %n, 8", "  %lim = sub i64 %n, %rem", "  br label %bh",
      "bh:", "  %bi = phi i64 [8, %block], [%bi1, %bb]");
    for (let k = 0; k < 8; k++) L.push(`  %r${k} = phi ${ty} [%r${k}.0, %block], [%r${k}.1, %bb]`);
    L.push("  %bc = icmp slt i64 %bi, %lim", "  br i1 %bc, label %bb, label %bx", "bb:");
    for (let k = 0; k < 8; k++) {
      L.push(`  %bo${k} = add nuw nsw i64 %bi, ${k}`, `  %bp${k} = getelementptr ${ty}, ptr %a, i64 %bo${k}`,
        `  %bx${k} = load ${ty}, ptr %bp${k}`, `  %r${k}.1 = fadd ${ty} %r${k}, %bx${k}`);
    }
    L.push("  %bi1 = add nuw nsw i64 %bi, 8", "  br label %bh", "bx:",
      `  %c01 = fadd ${ty} %r0, %r1`, `  %c23 = fadd ${ty} %r2, %r3`, `  %c45 = fadd ${ty} %r4, %r5`, `  %c67 = fadd ${ty} %r6, %r7`,
      `  %c03 = fadd ${ty} %c01, %c23`, `  %c47 = fadd ${ty} %c45, %c67`, `  %res0 = fadd ${ty} %c03, %c47`,
      "  br label %th",
      "th:", "  %ti = phi i64 [%lim, %bx], [%ti1, %tb]", `  %tr = phi ${ty} [%res0, %bx], [%tr1, %tb]`,
      "  %tc = icmp slt i64 %ti, %n", "  br i1 %tc, label %tb, label %tx",
      "tb:", `  %tp = getelementptr ${ty}, ptr %a, i64 %ti`, `  %tx0 = load ${ty}, ptr %tp`, `  %tr1 = fadd ${ty} %tr, %tx0`,
      "  %ti1 = add nuw nsw i64 %ti, 1", "  br label %th",
      "tx:", `  ret ${ty} %tr`,
      "split:", "  %h = sdiv i64 %n, 2", "  %hr = srem i64 %h, 8", "  %n2 = sub i64 %h, %hr", "  %n3 = sub i64 %n, %n2",
      `  %lo = call ${ty} @${name}(ptr %a, i64 %n2)`, `  %ap = getelementptr ${ty}, ptr %a, i64 %n2`,
      `  %hi = call ${ty} @${name}(ptr %ap, i64 %n3)`, `  %sum = fadd ${ty} %lo, %hi`, `  ret ${ty} %sum`, "}");
    return L.join("\n");
  });
}

export { llvmType };
