/**
 * @fileoverview Helpers for the frontend's one-line expect tests.
 *
 * In: Python source snippets. Out: compact printings of tokens and ASTs to compare with
 * the expected strings, and the formatted syntax error for error tests.
 */
import assert from "node:assert/strict";
import type { ConstValue } from "../../src/syntax/ast";
import { PySyntaxError } from "../../src/syntax/errors";
import { parseModule, ParseOptions } from "../../src/syntax/parser";
import { TOKEN_NAMES, tokenize } from "../../src/syntax/tokenizer";

function constText(v: ConstValue): string {
  switch (v.tag) {
    case "int": return v.value.toString();
    case "float": return Number.isInteger(v.value) ? v.value.toFixed(1) : String(v.value);
    case "complex": return `${v.imag}j`;
    case "str": return JSON.stringify(v.value);
    case "bytes": return "b" + JSON.stringify(Buffer.from(v.value).toString("latin1"));
    case "bool": return v.value ? "True" : "False";
    case "None": return "None";
    case "Ellipsis": return "...";
  }
}

/**
 * Compact printing: `Name` prints as its id (with `:Store`/`:Del` when not a load),
 * `Constant` as its value, other nodes as `Kind(field values...)` omitting nulls, empty
 * lists and position attributes.
 */
export function compact(x: unknown): string {
  if (x === null || x === undefined) return "None";
  if (typeof x === "string") return x;
  if (typeof x === "number") return String(x);
  if (Array.isArray(x)) return "[" + x.map(compact).join(" ") + "]";
  const n = x as Record<string, unknown> & { kind: string };
  if (n.kind === "Name") return n.ctx === "Load" ? (n.id as string) : `${n.id}:${n.ctx}`;
  if (n.kind === "Constant") return constText(n.value as ConstValue);
  const parts: string[] = [];
  for (const [k, v] of Object.entries(n)) {
    if (k === "kind" || k === "lineno" || k === "col_offset" || k === "end_lineno" || k === "end_col_offset") continue;
    if (v === null || (Array.isArray(v) && v.length === 0) || v === "Load") continue;
    if (k === "type_comment" || k === "string_kind") continue;
    if ((k === "is_async" || k === "simple") && v === 0) continue;
    if (k === "conversion" && v === -1) continue;
    parts.push(n.kind === "MatchSingleton" && k === "value" ? constText(v as ConstValue) : compact(v));
  }
  return `${n.kind}(${parts.join(" ")})`;
}

/** The module body, compactly printed, statements separated by "; ". */
export function printed(src: string, options: ParseOptions = {}): string {
  return parseModule(src, "<test>", options).body.map(compact).join("; ");
}

export function expectPrinted(src: string, expected: string, options: ParseOptions = {}): void {
  assert.equal(printed(src, options), expected);
}

/** The first expression statement's value, compactly printed. */
export function expectExpr(src: string, expected: string, options: ParseOptions = {}): void {
  const body = parseModule(src + "\n", "<test>", options).body;
  assert.equal(body.length, 1);
  const s = body[0];
  assert.equal(s.kind, "Expr");
  assert.equal(compact((s as { value: unknown }).value), expected);
}

/** `Kind@line:col-line:col` of the first statement's value (or the statement). */
export function expectSpan(src: string, expected: string, options: ParseOptions = {}): void {
  const s = parseModule(src, "<test>", options).body[0];
  const n = (s.kind === "Expr" ? s.value : s) as { kind: string; lineno: number; col_offset: number; end_lineno: number; end_col_offset: number };
  assert.equal(`${n.kind}@${n.lineno}:${n.col_offset}-${n.end_lineno}:${n.end_col_offset}`, expected);
}

/** The formatted syntax error, or fails if the source parses. */
export function errorOf(src: string, options: ParseOptions = {}): string {
  try {
    parseModule(src, "t.py", options);
  } catch (e) {
    if (e instanceof PySyntaxError) return e.format();
    throw e;
  }
  assert.fail(`expected a syntax error for ${JSON.stringify(src)}`);
}

/** The first line of the formatted error (`t.py:L:C: SyntaxError: msg`). */
export function expectError(src: string, expected: string, options: ParseOptions = {}): void {
  assert.equal(errorOf(src, options).split("\n")[0], expected);
}

/** Token types and texts, without positions. */
export function expectTokens(src: string, expected: string, py311 = false): void {
  const toks = tokenize(Buffer.from(src, "utf8"), { version: py311 ? [3, 11] : [3, 12] });
  const got = toks.map((t) => {
    const name = TOKEN_NAMES[t.type];
    return t.value === "" || t.type === NEWLINE_T ? name : `${name}:${t.value}`;
  }).join(" ");
  assert.equal(got, expected);
}
const NEWLINE_T = 5;
