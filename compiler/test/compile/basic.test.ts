import { test } from "node:test";
import assert from "node:assert/strict";
import { compileSrc } from "./helpers";
import { handleRequest } from "../../src/serve";

test("ping answers with the version", () => {
  assert.deepEqual(handleRequest({ id: 3, op: "ping" }), { id: 3, ok: true, version: "0.1.0" });
});

test("float add compiles to fadd with entry and native symbols", () => {
  const r = compileSrc("def f(x, y):\n    return x + y\n", { argtypes: ["float64", "float64"] });
  assert.equal(r.ok, true, JSON.stringify(r.error));
  assert.match(r.ir, /fadd double/);
  assert.equal(r.restype, "float64");
  assert.match(r.ir, new RegExp(`define ptr @${r.entry}\\(ptr %self, ptr %args, i64 %nargs\\)`));
  assert.match(r.ir, new RegExp(`define i32 @${r.native}\\(`));
});

test("a type error is reported with file:line:col and a caret", () => {
  const r = compileSrc("def f(x):\n    return x + (1, 2)\n", { argtypes: ["float64"] });
  assert.equal(r.ok, false);
  assert.equal(r.error.type, "TypingError");
  assert.equal(r.error.lineno, 11);
  assert.match(r.error.formatted, /^\/tmp\/m.py:11:12: error: /);
  assert.match(r.error.formatted, /\n\s+\^+\n$/);
});

test("a compiler bug becomes an InternalError, not a crash", () => {
  const r: any = handleRequest({ id: 1, op: "compile", root: "nope", argtypes: [], functions: {} });
  assert.equal(r.ok, false);
  assert.equal(r.error.type, "InternalError");
  assert.match(r.error.message, /please report/);
});

test("error columns count characters, not UTF-8 bytes", () => {
  const r = compileSrc("def f(x):\n    é = 1\n    return é + (1,)\n", { argtypes: ["float64"] });
  assert.equal(r.ok, false);
  assert.match(r.error.formatted, /^\/tmp\/m.py:12:12: error/);
  assert.match(r.error.formatted, /\n {4} {11}\^+\n$/);
});
