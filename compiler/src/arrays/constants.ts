/**
 * @fileoverview Global NumPy arrays frozen as constants (`TABLE = np.array([...])` at
 * module level, read by jitted code), as Numba freezes them.
 *
 * In: a global's constant descriptor `{"type": "array", "dtype": "float64", "shape": [3],
 * "data": "<base64 of the C-order bytes>"}` (numjit/_request.py sends it for ndarrays of
 * at most 1 MiB).
 * Out: an intrinsic expression of type `readonly array(<dtype>, <n>d, C)` whose lowering
 * emits the bytes once per module as a private constant and builds an array struct over
 * them (no meminfo, no parent: nothing to count; boxing returns a read-only ndarray
 * over the module's constant).
 */
import { typingError, type Span } from "../diagnostics";
import type { TExpr } from "../typed_ir";
import { arrayOf, parseType, type Type } from "../types";
import { cStrides, isDtype, itemSize, makeArray } from "./core";

export interface ArrayConstDesc { type: "array"; dtype: string; shape: number[]; data: string }

function fnv(s: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) { h ^= s.charCodeAt(i); h = Math.imul(h, 0x01000193) >>> 0; }
  return h.toString(16).padStart(8, "0");
}

/** The typed expression of a global array constant. */
export function constArrayExpr(d: ArrayConstDesc, name: string, span: Span): TExpr {
  const dtype: Type | null = parseType(d.dtype);
  if (dtype === null || !isDtype(dtype)) throw typingError(`global '${name}' is an array of ${d.dtype}, which jitted code does not support.`, span);
  const t = arrayOf(dtype, d.shape.length, "C", true);
  const bytes = Buffer.from(d.data, "base64");
  const n = d.shape.reduce((a, b) => a * b, 1);
  if (bytes.length !== n * itemSize(dtype)) throw typingError(`global '${name}': the array's data does not match its shape.`, span);
  const sym = `nj.const.${fnv(d.data)}.${bytes.length}`;
  const impl = {
    name: "array.const", args: [] as Type[], ret: t,
    lower: (l: { f: import("../llvm").FnText }) => {
      const f = l.f;
      f.m.helper(sym, () => {
        let body = "";
        for (const b of bytes) body += `\\${b.toString(16).padStart(2, "0").toUpperCase()}`;
        return `@"${sym}" = private unnamed_addr constant [${Math.max(bytes.length, 1)} x i8] c"${bytes.length === 0 ? "\\00" : body}", align 16`;
      });
      const shape = d.shape.map(String);
      return makeArray(f, t, "null", "null", String(n), `@"${sym}"`, shape, cStrides(f, shape, itemSize(dtype)));
    },
  };
  return { k: "intrinsic", type: t, impl: impl as never, args: [] };
}
