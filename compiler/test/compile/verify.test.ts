import { test } from "node:test";
import assert from "node:assert/strict";
import { verifyTyped } from "../../src/verify";
import type { TFunction } from "../../src/typed_ir";
import * as T from "../../src/types";

function fn(blocks: TFunction["blocks"], vars: [string, T.Type][], restype: T.Type = T.int64): TFunction {
  return { key: "k", symbol: "s", ufn: {} as any, argtypes: [], restype, vars: new Map(vars), blocks, options: {}, src: {} as any };
}
const SPAN = { lineno: 1, col_offset: 0, end_lineno: 1, end_col_offset: 1 };

test("the typed-IR verifier accepts well-typed code", () => {
  const f = fn([{ id: 0, body: [
    { k: "assign", target: "a", value: { k: "const", type: T.int64, value: { k: "int", v: 1n } }, span: SPAN },
    { k: "assign", target: "b", value: { k: "arith", type: T.int64, op: "add", lhs: "a", rhs: "a" }, span: SPAN },
  ], term: { k: "return", value: "b" } }], [["a", T.int64], ["b", T.int64]]);
  verifyTyped(f, new Map());
});

test("the typed-IR verifier rejects mixed operand types and bad returns", () => {
  const mixed = fn([{ id: 0, body: [
    { k: "assign", target: "b", value: { k: "arith", type: T.int64, op: "add", lhs: "a", rhs: "c" }, span: SPAN },
  ], term: { k: "return", value: "b" } }], [["a", T.int64], ["b", T.int64], ["c", T.float64]]);
  assert.throws(() => verifyTyped(mixed, new Map()), /operands/);
  const badReturn = fn([{ id: 0, body: [], term: { k: "return", value: "c" } }], [["c", T.float64]]);
  assert.throws(() => verifyTyped(badReturn, new Map()), /return of float64/);
  const badBranch = fn([{ id: 0, body: [], term: { k: "branch", cond: "c", then: 0, else: 3 } }], [["c", T.bool]]);
  assert.throws(() => verifyTyped(badBranch, new Map()), /missing block/);
});
