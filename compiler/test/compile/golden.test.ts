/**
 * Golden files of emitted LLVM IR (test/golden/*.ll). Regenerate with
 * `UPDATE_SNAPSHOTS=1 npm test` and review the diff. When the repository's .venv has
 * llvmlite, every module is also parsed and verified by LLVM.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { spawnSync } from "node:child_process";
import { compileSrc, type ReqOpts } from "./helpers";

const GOLDEN = path.resolve(__dirname, "../../../test/golden");
const PY = path.resolve(__dirname, "../../../../.venv/bin/python");

const CASES: [string, string, ReqOpts][] = [
  ["add_floats", "def f(x, y):\n    return x + y\n", { argtypes: ["float64", "float64"] }],
  ["int_floordiv_mod", "def f(a, b):\n    return a // b, a % b\n", { argtypes: ["int64", "int64"] }],
  ["sum_range_step", `
    def f(n):
        s = 0.0
        for i in range(n, 0, -2):
            s += i / 2
        return s
    `, { argtypes: ["int64"] }],
  ["fastmath_dot", "def f(a, b, c):\n    return a * b + c\n", { argtypes: ["float64", "float64", "float64"], options: { fastmath: true } }],
  ["raise_and_optional", `
    def f(x):
        if x < 0:
            raise ValueError("negative")
        r = None
        if x > 10:
            r = x
        return r
    `, { argtypes: ["int64"] }],
  ["recursion_fib", `
    def f(n):
        if n < 2:
            return n
        return f(n - 1) + f(n - 2)
    `, { argtypes: ["int64"], globals: { f: { kind: "function", ref: "m.root" } } }],
  ["nogil_tuple_math", `
    def f(t):
        a, b = t
        return math.sqrt(a * a + b * b), max(a, b)
    `, { argtypes: ["UniTuple(float64 x 2)"], globals: { math: { kind: "module", module: "math" } }, options: { nogil: true } }],
];

const irs: string[] = [];
for (const [name, src, opts] of CASES) {
  test(`golden IR: ${name}`, () => {
    const r = compileSrc(src, opts);
    assert.equal(r.ok, true, JSON.stringify(r.error));
    irs.push(r.ir);
    const file = path.join(GOLDEN, `${name}.ll`);
    if (process.env.UPDATE_SNAPSHOTS) {
      fs.mkdirSync(GOLDEN, { recursive: true });
      fs.writeFileSync(file, r.ir);
      return;
    }
    assert.ok(fs.existsSync(file), `${file} is missing; run UPDATE_SNAPSHOTS=1 npm test`);
    assert.equal(r.ir, fs.readFileSync(file, "utf8"), `${name}: IR differs from ${file}; if intended, run UPDATE_SNAPSHOTS=1 npm test`);
  });
}

test("every golden module verifies with LLVM (llvmlite)", { skip: !fs.existsSync(PY) && "no .venv with llvmlite" }, () => {
  const script = [
    "import sys, llvmlite.binding as llvm",
    "llvm.initialize_native_target(); llvm.initialize_native_asmprinter()",
    "for text in sys.stdin.read().split('\\n;;;;\\n'):",
    "    if text.strip():",
    "        m = llvm.parse_assembly(text); m.verify()",
    "print('ok')",
  ].join("\n");
  const r = spawnSync(PY, ["-c", script], { input: irs.join("\n;;;;\n"), encoding: "utf8" });
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stdout.trim(), "ok");
});
