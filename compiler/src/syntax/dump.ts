/**
 * @fileoverview AST dumps: a readable indented form (`numjitc ast`) and a compact
 * canonical one that tools/parse_check.py also produces from CPython's `ast`.
 *
 * In: a node (and the target version, which decides whether 3.12-only fields such as
 * `type_params` are shown).
 * Out: text. Canonical form: `Kind(field=value,...)@lineno,col,end_lineno,end_col`,
 * fields in ASDL order, lists `[a,b]`, `None`, operators and ctx by name, constants
 * tagged (`i12`, `f<float64 bits hex>`, `j<imag bits hex>`, `s"..."` with non-printable
 * and non-ASCII code points as `\u{hex}`, `b'<hex>'`, `True`, `...`).
 */
import type { ConstValue, Node } from "./ast";

/** Field names per node kind, in CPython's ASDL order (3.12). */
export const FIELDS: Record<string, string[]> = {
  Module: ["body", "type_ignores"],
  FunctionDef: ["name", "args", "body", "decorator_list", "returns", "type_comment", "type_params"],
  AsyncFunctionDef: ["name", "args", "body", "decorator_list", "returns", "type_comment", "type_params"],
  ClassDef: ["name", "bases", "keywords", "body", "decorator_list", "type_params"],
  Return: ["value"], Delete: ["targets"], Assign: ["targets", "value", "type_comment"],
  TypeAlias: ["name", "type_params", "value"],
  AugAssign: ["target", "op", "value"], AnnAssign: ["target", "annotation", "value", "simple"],
  For: ["target", "iter", "body", "orelse", "type_comment"],
  AsyncFor: ["target", "iter", "body", "orelse", "type_comment"],
  While: ["test", "body", "orelse"], If: ["test", "body", "orelse"],
  With: ["items", "body", "type_comment"], AsyncWith: ["items", "body", "type_comment"],
  Match: ["subject", "cases"], Raise: ["exc", "cause"],
  Try: ["body", "handlers", "orelse", "finalbody"], TryStar: ["body", "handlers", "orelse", "finalbody"],
  Assert: ["test", "msg"], Import: ["names"], ImportFrom: ["module", "names", "level"],
  Global: ["names"], Nonlocal: ["names"], Expr: ["value"], Pass: [], Break: [], Continue: [],
  BoolOp: ["op", "values"], NamedExpr: ["target", "value"], BinOp: ["left", "op", "right"],
  UnaryOp: ["op", "operand"], Lambda: ["args", "body"], IfExp: ["test", "body", "orelse"],
  Dict: ["keys", "values"], Set: ["elts"], ListComp: ["elt", "generators"],
  SetComp: ["elt", "generators"], DictComp: ["key", "value", "generators"],
  GeneratorExp: ["elt", "generators"], Await: ["value"], Yield: ["value"], YieldFrom: ["value"],
  Compare: ["left", "ops", "comparators"], Call: ["func", "args", "keywords"],
  FormattedValue: ["value", "conversion", "format_spec"], JoinedStr: ["values"],
  Constant: ["value", "string_kind"], Attribute: ["value", "attr", "ctx"],
  Subscript: ["value", "slice", "ctx"], Starred: ["value", "ctx"], Name: ["id", "ctx"],
  List: ["elts", "ctx"], Tuple: ["elts", "ctx"], Slice: ["lower", "upper", "step"],
  comprehension: ["target", "iter", "ifs", "is_async"],
  ExceptHandler: ["type", "name", "body"],
  arguments: ["posonlyargs", "args", "vararg", "kwonlyargs", "kw_defaults", "kwarg", "defaults"],
  arg: ["arg", "annotation", "type_comment"], keyword: ["arg", "value"], alias: ["name", "asname"],
  withitem: ["context_expr", "optional_vars"], match_case: ["pattern", "guard", "body"],
  MatchValue: ["value"], MatchSingleton: ["value"], MatchSequence: ["patterns"],
  MatchMapping: ["keys", "patterns", "rest"], MatchClass: ["cls", "patterns", "kwd_attrs", "kwd_patterns"],
  MatchStar: ["name"], MatchAs: ["pattern", "name"], MatchOr: ["patterns"],
  TypeIgnore: ["lineno", "tag"], TypeVar: ["name", "bound"], ParamSpec: ["name"], TypeVarTuple: ["name"],
};

const f64 = new Float64Array(1);
const u8 = new Uint8Array(f64.buffer);

function floatBits(x: number): string {
  f64[0] = x;
  let s = "";
  for (let i = 7; i >= 0; i--) s += (u8[i] < 16 ? "0" : "") + u8[i].toString(16);
  return s;
}

/** str in the canonical escaping. */
export function canonStr(v: string): string {
  let out = '"';
  let plain = 0;
  for (const ch of v) {
    const cp = ch.codePointAt(0)!;
    if (cp >= 0x20 && cp < 0x7f && cp !== 34 && cp !== 92) { out += ch; plain++; }
    else out += "\\u{" + cp.toString(16) + "}";
  }
  void plain;
  return out + '"';
}

function canonCodepoints(cps: number[]): string {
  let out = '"';
  for (const cp of cps) {
    if (cp >= 0x20 && cp < 0x7f && cp !== 34 && cp !== 92) out += String.fromCharCode(cp);
    else out += "\\u{" + cp.toString(16) + "}";
  }
  return out + '"';
}

function constCanon(v: ConstValue): string {
  switch (v.tag) {
    case "int": return "i" + v.value.toString();
    case "float": return "f" + floatBits(v.value);
    case "complex": return "j" + floatBits(v.imag);
    case "str": return "s" + (v.codepoints ? canonCodepoints(v.codepoints) : canonStr(v.value));
    case "bytes": return "b'" + Buffer.from(v.value).toString("hex") + "'";
    case "bool": return v.value ? "True" : "False";
    case "None": return "None";
    case "Ellipsis": return "...";
  }
}

/** Canonical one-line dump (see the file overview). `py311` drops 3.12-only fields. */
export function canonicalDump(node: Node, py311: boolean): string {
  const parts: string[] = [];
  const walk = (x: unknown): void => {
    if (x === null || x === undefined) { parts.push("None"); return; }
    if (typeof x === "string") { parts.push(canonStr(x)); return; }
    if (typeof x === "number") { parts.push(String(x)); return; }
    if (Array.isArray(x)) {
      parts.push("[");
      for (let i = 0; i < x.length; i++) {
        if (i) parts.push(",");
        walk(x[i]);
      }
      parts.push("]");
      return;
    }
    const n = x as Record<string, unknown> & { kind: string };
    const kind = n.kind;
    const fields = FIELDS[kind];
    parts.push(kind, "(");
    let first = true;
    for (const f of fields) {
      if (py311 && f === "type_params") continue;
      if (!first) parts.push(",");
      first = false;
      const v = n[f];
      if (kind === "Constant" && f === "value" || kind === "MatchSingleton" && f === "value") {
        parts.push(f === "value" ? "value=" : "", constCanon(v as ConstValue));
        continue;
      }
      parts.push(f === "string_kind" ? "kind" : f, "=");
      if ((f === "ctx" || f === "op") && typeof v === "string") { parts.push(v); continue; }
      if (f === "ops") { parts.push("[", (v as string[]).join(","), "]"); continue; }
      walk(v);
    }
    parts.push(")");
    if (typeof n.lineno === "number" && kind !== "TypeIgnore") {
      parts.push("@", String(n.lineno), ",", String(n.col_offset), ",", String(n.end_lineno), ",", String(n.end_col_offset));
    }
  };
  walk(node);
  return parts.join("");
}

/** Indented dump in the style of `ast.dump(node, indent=2, include_attributes=attrs)`. */
export function prettyDump(node: Node, attrs = false, py311 = false): string {
  const lines: string[] = [];
  const fmt = (x: unknown, ind: string): string => {
    if (x === null || x === undefined) return "None";
    if (typeof x === "string") return JSON.stringify(x);
    if (typeof x === "number") return String(x);
    if (Array.isArray(x)) {
      if (x.length === 0) return "[]";
      const inner = ind + "  ";
      return "[\n" + x.map((e) => inner + fmt(e, inner)).join(",\n") + "]";
    }
    const n = x as Record<string, unknown> & { kind: string };
    const inner = ind + "  ";
    const items: string[] = [];
    for (const f of FIELDS[n.kind]) {
      if (py311 && f === "type_params") continue;
      const v = n[f];
      if ((n.kind === "Constant" || n.kind === "MatchSingleton") && f === "value") {
        items.push(`value=${constPretty(v as ConstValue)}`);
        continue;
      }
      if (f === "string_kind") { if (v !== null) items.push(`kind=${JSON.stringify(v)}`); continue; }
      if ((f === "ctx" || f === "op") && typeof v === "string") { items.push(`${f}=${v}()`); continue; }
      if (f === "ops") { items.push(`ops=[${(v as string[]).map((o) => o + "()").join(", ")}]`); continue; }
      items.push(`${f}=${fmt(v, inner)}`);
    }
    if (attrs && typeof n.lineno === "number") {
      items.push(`lineno=${n.lineno}`, `col_offset=${n.col_offset}`, `end_lineno=${n.end_lineno}`, `end_col_offset=${n.end_col_offset}`);
    }
    if (items.length === 0) return `${n.kind}()`;
    return `${n.kind}(\n${items.map((s) => inner + s).join(",\n")})`;
  };
  lines.push(fmt(node, ""));
  return lines.join("\n");
}

function constPretty(v: ConstValue): string {
  switch (v.tag) {
    case "int": return v.value.toString();
    case "float": return Number.isInteger(v.value) && Math.abs(v.value) < 1e16 ? v.value.toFixed(1) : String(v.value);
    case "complex": return `${v.imag}j`;
    case "str": return JSON.stringify(v.value);
    case "bytes": return "b" + JSON.stringify(Buffer.from(v.value).toString("latin1"));
    case "bool": return v.value ? "True" : "False";
    case "None": return "None";
    case "Ellipsis": return "Ellipsis";
  }
}
