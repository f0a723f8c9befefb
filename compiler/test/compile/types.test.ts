import { test } from "node:test";
import assert from "node:assert/strict";
import * as T from "../../src/types";

test("types are interned: same key, same object", () => {
  assert.equal(T.tupleOf([T.int64, T.int64]), T.tupleOf([T.int64, T.int64]));
  assert.equal(T.parseType("UniTuple(int64 x 2)"), T.tupleOf([T.int64, T.int64]));
  assert.equal(T.parseType("Tuple(int64, float64)"), T.tupleOf([T.int64, T.float64]));
  assert.equal(T.parseType("OptionalType(int64)"), T.optional(T.int64));
  assert.equal(T.parseType("readonly array(float32, 1d, A)"), T.arrayOf(T.float32, 1, "A", true));
  assert.equal(T.parseType("array(float64, 2d, C)")!.key, "array(float64, 2d, C)");
  assert.equal(T.parseType("nonsense"), null);
});

test("keys are Numba's spelling", () => {
  assert.equal(T.tupleOf([T.int64, T.int64, T.int64]).key, "UniTuple(int64 x 3)");
  assert.equal(T.tupleOf([T.int64, T.float64]).key, "Tuple(int64, float64)");
  assert.equal(T.optional(T.float64).key, "OptionalType(float64)");
});

test("arithmetic promotion follows Numba", () => {
  assert.equal(T.arithResult(T.int64, T.float64), T.float64);
  assert.equal(T.arithResult(T.int32, T.int8), T.int64);
  assert.equal(T.arithResult(T.bool, T.bool), T.int64);
  assert.equal(T.arithResult(T.uint64, T.int64), T.float64);
  assert.equal(T.arithResult(T.float32, T.float32), T.float32);
  assert.equal(T.arithResult(T.float32, T.int64), T.float64);
  assert.equal(T.arithResult(T.complex64, T.float32), T.complex64);
  assert.equal(T.arithResult(T.complex64, T.float64), T.complex128);
});

test("unification: int+float is float, None+T is Optional[T]", () => {
  assert.equal(T.unify(T.int64, T.float64), T.float64);
  assert.equal(T.unify(T.none, T.int64), T.optional(T.int64));
  assert.equal(T.unify(T.optional(T.int64), T.float64), T.optional(T.float64));
  assert.equal(T.unify(T.tupleOf([T.int64]), T.tupleOf([T.float64])), T.tupleOf([T.float64]));
  assert.equal(T.unify(T.int64, T.tupleOf([T.int64])), null);
});

test("mangled keys are symbol-safe", () => {
  assert.match(T.mangle("UniTuple(int64 x 3)"), /^[A-Za-z0-9_]+$/);
});
