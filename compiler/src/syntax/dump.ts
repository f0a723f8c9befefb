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
  for (const ch of v) {
    const cp = ch.codePointAt(0)!;
    if (cp >= 0x20 && cp < 0x7f && cp !== 34 && cp !== 92) out += ch;
    else out += "\\u{" + cp.toString(16) + "}";
  }
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

/** Fields that are optional (`?`) in the ASDL: `ast.dump` omits them when None. */
const OPTIONAL = new Set([
  "FunctionDef.returns", "AsyncFunctionDef.returns", "FunctionDef.type_comment", "AsyncFunctionDef.type_comment",
  "Return.value", "Assign.type_comment", "AnnAssign.value", "For.type_comment", "AsyncFor.type_comment",
  "With.type_comment", "AsyncWith.type_comment", "Raise.exc", "Raise.cause", "Assert.msg", "ImportFrom.module",
  "ImportFrom.level", "Yield.value", "FormattedValue.format_spec", "Constant.string_kind", "Slice.lower",
  "Slice.upper", "Slice.step", "ExceptHandler.type", "ExceptHandler.name", "arguments.vararg", "arguments.kwarg",
  "arg.annotation", "arg.type_comment", "keyword.arg", "alias.asname", "withitem.optional_vars", "match_case.guard",
  "MatchMapping.rest", "MatchStar.name", "MatchAs.pattern", "MatchAs.name", "TypeVar.bound",
]);

/** Python's repr() of a float. */
export function pyFloatRepr(x: number): string {
  if (Number.isNaN(x)) return "nan";
  if (!Number.isFinite(x)) return x > 0 ? "inf" : "-inf";
  if (x === 0) return Object.is(x, -0) ? "-0.0" : "0.0";
  const sign = x < 0 ? "-" : "";
  const [mant, e] = Math.abs(x).toExponential().split("e");
  const exp = Number(e);
  const digits = mant.replace(".", "");
  if (exp < -4 || exp >= 16) {
    const m = digits.length > 1 ? digits[0] + "." + digits.slice(1) : digits;
    return `${sign}${m}e${exp < 0 ? "-" : "+"}${String(Math.abs(exp)).padStart(2, "0")}`;
  }
  if (exp < 0) return `${sign}0.${"0".repeat(-exp - 1)}${digits}`;
  const int = digits.slice(0, exp + 1).padEnd(exp + 1, "0");
  const frac = digits.slice(exp + 1);
  return `${sign}${int}.${frac.length ? frac : "0"}`;
}

/** Characters Python's str.isprintable() rejects (beyond ASCII). */
const NON_PRINTABLE = /^[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Cn}\p{Zl}\p{Zp}\p{Zs}]$/u;

/** Python's repr() of a str (close enough for dumps: non-printables escaped). */
export function pyStrRepr(v: string, codepoints?: number[]): string {
  const q = v.includes("'") && !v.includes('"') ? '"' : "'";
  let out = q;
  const cps = codepoints ?? Array.from(v, (ch) => ch.codePointAt(0)!);
  for (const c of cps) {
    const ch = String.fromCodePoint(c);
    if (ch === q || ch === "\\") out += "\\" + ch;
    else if (ch === "\n") out += "\\n";
    else if (ch === "\r") out += "\\r";
    else if (ch === "\t") out += "\\t";
    else if (c < 0x20 || c === 0x7f) out += "\\x" + c.toString(16).padStart(2, "0");
    else if (c >= 0x80 && NON_PRINTABLE.test(ch)) {
      out += c < 0x100 ? "\\x" + c.toString(16).padStart(2, "0")
        : c < 0x10000 ? "\\u" + c.toString(16).padStart(4, "0") : "\\U" + c.toString(16).padStart(8, "0");
    } else out += ch;
  }
  return out + q;
}

function pyBytesRepr(b: Uint8Array): string {
  let s = "";
  for (const c of b) s += String.fromCharCode(c);
  const q = s.includes("'") && !s.includes('"') ? '"' : "'";
  let out = "b" + q;
  for (let i = 0; i < b.length; i++) {
    const c = b[i], ch = s[i];
    if (ch === q || ch === "\\") out += "\\" + ch;
    else if (c === 10) out += "\\n";
    else if (c === 13) out += "\\r";
    else if (c === 9) out += "\\t";
    else if (c < 0x20 || c >= 0x7f) out += "\\x" + c.toString(16).padStart(2, "0");
    else out += ch;
  }
  return out + q;
}

function constRepr(v: ConstValue): string {
  switch (v.tag) {
    case "int": return v.value.toString();
    case "float": return pyFloatRepr(v.value);
    case "complex": {
      const r = pyFloatRepr(v.imag);
      return (r.endsWith(".0") ? r.slice(0, -2) : r) + "j";
    }
    case "str": return pyStrRepr(v.value, v.codepoints);
    case "bytes": return pyBytesRepr(v.value);
    case "bool": return v.value ? "True" : "False";
    case "None": return "None";
    case "Ellipsis": return "Ellipsis";
  }
}

/**
 * The same text as Python's `ast.dump(node, indent=2, include_attributes=attrs)` (for the
 * target version's fields: `py311` drops `type_params`).
 */
export function prettyDump(node: Node, attrs = false, py311 = false): string {
  const fmt = (x: unknown, level: number): [string, boolean] => {
    level++;
    const prefix = "\n" + "  ".repeat(level);
    const sep = ",\n" + "  ".repeat(level);
    if (Array.isArray(x)) {
      if (x.length === 0) return ["[]", true];
      return ["[" + prefix + x.map((e) => fmt(e, level)[0]).join(sep) + "]", false];
    }
    if (x === null || x === undefined) return ["None", true];
    if (typeof x === "string") return [pyStrRepr(x), true];
    if (typeof x === "number") return [String(x), true];
    const n = x as Record<string, unknown> & { kind: string };
    const args: string[] = [];
    let allSimple = true;
    for (const f of FIELDS[n.kind]) {
      if (py311 && f === "type_params") continue;
      const v = n[f];
      const name = f === "string_kind" ? "kind" : f;
      if (v === null && OPTIONAL.has(`${n.kind}.${f}`)) continue;
      let text: string, simple: boolean;
      if ((n.kind === "Constant" || n.kind === "MatchSingleton") && f === "value") {
        [text, simple] = [constRepr(v as ConstValue), true];
      } else if ((f === "ctx" || f === "op") && typeof v === "string") {
        [text, simple] = [`${v}()`, true];
      } else if (f === "ops") {
        const ops = v as string[];
        const inner = "  ".repeat(level + 1);
        [text, simple] = ops.length === 0 ? ["[]", true]
          : ["[\n" + inner + ops.map((o) => o + "()").join(",\n" + inner) + "]", false];
      } else {
        [text, simple] = fmt(v, level);
      }
      allSimple = allSimple && simple;
      args.push(`${name}=${text}`);
    }
    if (attrs && typeof n.lineno === "number") {
      args.push(`lineno=${n.lineno}`, `col_offset=${n.col_offset}`, `end_lineno=${n.end_lineno}`, `end_col_offset=${n.end_col_offset}`);
    }
    if (allSimple && args.length <= 3) return [`${n.kind}(${args.join(", ")})`, args.length === 0];
    return [`${n.kind}(${prefix}${args.join(sep)})`, false];
  };
  return fmt(node, 0)[0];
}
