import { test } from "node:test";
import assert from "node:assert/strict";
import { compileSrc } from "./helpers";
import { compile } from "../../src/pipeline";
import { request } from "./helpers";

test("build_ir dump shows short-circuit control flow", () => {
  let dumped = "";
  compile(request("def f(a, b):\n    return a or b\n", { argtypes: ["int64", "int64"] }), { dumpAfter: "build_ir", dump: (t) => { dumped += t; } });
  assert.match(dumped, /truth\(/);
  assert.match(dumped, /branch \$\d+ B\d+ B\d+/);
});

test("infer: a variable assigned int and float is float64", () => {
  let dumped = "";
  compile(request("def f(x):\n    y = 1\n    if x:\n        y = 2.5\n    return y\n", { argtypes: ["bool"] }),
    { dumpAfter: "infer", dump: (t) => { dumped += t; } });
  assert.match(dumped, /y: float64/);
});

test("errors in a called function point into that function's source", () => {
  const r = compileSrc("def f(x):\n    return g(x)\n", {
    argtypes: ["int64"], globals: { g: { kind: "function", ref: "m.g" } },
    extra: { "m.g": "def g(y):\n    return y + (1,)\n" },
  });
  assert.equal(r.ok, false);
  assert.equal(r.error.type, "TypingError");
  assert.equal(r.error.lineno, 11);
  assert.match(r.error.formatted, /return y \+ \(1,\)/);
});

test("syntax errors are SyntaxError replies mapped to the file", () => {
  const r = compileSrc("def f(x):\n    return (x\n", { argtypes: ["int64"] });
  assert.equal(r.ok, false);
  assert.equal(r.error.type, "SyntaxError");
  assert.match(r.error.formatted, /^\/tmp\/m.py:1\d:/);
});

test("annotations give each variable's type", () => {
  const r = compileSrc("def f(x, n):\n    acc = 0.0\n    for i in range(n):\n        acc += x\n    return acc\n", { argtypes: ["float64", "int64"] });
  assert.equal(r.ok, true);
  assert.match(r.annotations, /acc: float64/);
  assert.match(r.annotations, /i: int64/);
  assert.match(r.annotations, /x: float64, n: int64/);
});

test("explicit return type casts the result", () => {
  const r = compileSrc("def f(x):\n    return x\n", { argtypes: ["int64"], restype: "float64" });
  assert.equal(r.ok, true, JSON.stringify(r.error));
  assert.equal(r.restype, "float64");
  assert.match(r.ir, /sitofp i64/);
});

test("fastmath flag sets become LLVM flags", () => {
  const r = compileSrc("def f(x, y):\n    return x * y\n", { argtypes: ["float64", "float64"], options: { fastmath: ["nnan", "contract"] } });
  assert.match(r.ir, /fmul contract nnan double/);
});

test("error_model numpy drops the division-by-zero check", () => {
  const py = compileSrc("def f(x, y):\n    return x / y\n", { argtypes: ["float64", "float64"] });
  const np = compileSrc("def f(x, y):\n    return x / y\n", { argtypes: ["float64", "float64"], options: { error_model: "numpy" } });
  assert.match(py.ir, /ZeroDivisionError/);
  assert.doesNotMatch(np.ir, /ZeroDivisionError/);
});

test("nogil releases the GIL around the native call", () => {
  const r = compileSrc("def f(x):\n    return x\n", { argtypes: ["float64"], options: { nogil: true } });
  assert.match(r.ir, /PyEval_SaveThread[\s\S]*call i32 @nj_[\s\S]*PyEval_RestoreThread/);
});

test("the service never crashes on malformed requests", () => {
  for (const bad of [{}, { op: "compile" }, { op: "compile", root: "x", functions: { x: {} } }, { op: "nope" }]) {
    const r = compileSrc("def f(x):\n    return x\n", { argtypes: ["float64"] });
    assert.equal(r.ok, true);
    const h = require("../../src/serve").handleRequest(bad);
    assert.equal(h.ok, false);
  }
});
