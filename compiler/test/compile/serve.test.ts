/**
 * The compile service as a process: one JSON reply per request line, in order, and no
 * request (malformed JSON, unknown op, compiler bug) stops it.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import * as path from "node:path";
import { spawnSync } from "node:child_process";
import { request } from "./helpers";

const MAIN = path.resolve(__dirname, "../../src/main.js");

test("serve answers every line in order and survives bad requests", () => {
  const lines = [
    JSON.stringify({ id: 1, op: "ping" }),
    "{not json",
    JSON.stringify({ id: 3, op: "frobnicate" }),
    JSON.stringify({ ...request("def f(x):\n    return x * 2\n", { argtypes: ["int64"] }), id: 4 }),
    JSON.stringify({ ...request("def f(x):\n    return x +\n", { argtypes: ["int64"] }), id: 5 }),
    JSON.stringify({ id: 6, op: "compile", root: "missing", argtypes: [], functions: {} }),
    JSON.stringify({ id: 7, op: "shutdown" }),
    JSON.stringify({ id: 8, op: "ping" }),
  ];
  const r = spawnSync(process.execPath, [MAIN, "serve"], { input: lines.join("\n") + "\n", encoding: "utf8" });
  assert.equal(r.status, 0, r.stderr);
  const replies = r.stdout.trim().split("\n").map((l) => JSON.parse(l));
  assert.deepEqual(replies.map((x) => x.id), [1, null, 3, 4, 5, 6, 7]); // nothing after shutdown
  assert.equal(replies[0].version, "0.1.0");
  assert.equal(replies[1].error.type, "InternalError");
  assert.equal(replies[2].error.type, "InternalError");
  assert.equal(replies[3].ok, true);
  assert.equal(replies[3].restype, "int64");
  assert.equal(replies[4].error.type, "SyntaxError");
  assert.equal(replies[5].error.type, "InternalError");
});
