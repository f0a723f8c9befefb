/**
 * @fileoverview Literals: numbers, strings, bytes and f-strings to `Constant`/`JoinedStr`.
 *
 * In: the parser at a NUMBER token, or at a run of adjacent STRING / FSTRING_START
 * tokens (implicit concatenation).
 * Out: a `Constant` (str, bytes, int, float, complex) or a `JoinedStr` of `Constant` and
 * `FormattedValue` parts, adjacent literal parts merged, positions as CPython gives
 * them for the target version (3.12: each part spans its own source; 3.11: the parts of
 * a top-level f-string all span the whole concatenation).
 *
 * Escapes are decoded here (`\n`, `\x41`, `\u00e9`, `\N{...}`, octal, line continuation);
 * unknown escapes are kept verbatim, as CPython does (with a warning there).
 */
import type { ConstValue, Constant, Expr, FormattedValue, JoinedStr, Span } from "./ast";
import type { Parser } from "./parser";
import { FSTRING_END, FSTRING_MIDDLE, FSTRING_START, NAME, OP, STRING, Token } from "./tokenizer";
import { starExpressions, yieldExpr } from "./expressions";
import { lookupUnicodeName } from "./unicode_names";
import { PySyntaxError } from "./errors";

/** Value of a NUMBER token. */
export function parseNumber(text: string): ConstValue {
  let t = text;
  if (t.indexOf("_") >= 0) t = t.replace(/_/g, "");
  const last = t.charCodeAt(t.length - 1) | 32;
  if (last === 106) return { tag: "complex", imag: Number(t.slice(0, -1)) };
  const c1 = t.length > 1 ? t.charCodeAt(1) | 32 : 0;
  if (t.charCodeAt(0) === 48 && (c1 === 120 || c1 === 111 || c1 === 98)) return { tag: "int", value: BigInt(t) };
  for (let i = 0; i < t.length; i++) {
    const c = t.charCodeAt(i);
    if (c === 46 || c === 101 || c === 69) return { tag: "float", value: Number(t) };
  }
  return { tag: "int", value: BigInt(t) };
}

/** Literal text awaiting merging; `u` marks text from a `u"..."` STRING token. */
interface Piece { value: string; span: Span; cps?: number[]; u?: boolean }

/** Code points of the last str decoded by decodeEscapes, when it held escaped surrogates. */
let lastCps: number[] | null = null;

function codepointsOf(s: string): number[] {
  const out: number[] = [];
  for (const ch of s) out.push(ch.codePointAt(0)!);
  return out;
}

function joinPieces(pieces: Piece[]): { tag: "str"; value: string; codepoints?: number[] } {
  let v = "";
  let exact = false;
  for (const x of pieces) { v += x.value; if (x.cps) exact = true; }
  if (!exact) return { tag: "str", value: v };
  const cps: number[] = [];
  for (const x of pieces) cps.push(...(x.cps ?? codepointsOf(x.value)));
  return { tag: "str", value: v, codepoints: cps };
}

/**
 * strings: (fstring | STRING)+
 * fstring: FSTRING_START fstring_middle* FSTRING_END
 */
export function strings(p: Parser): Expr {
  const s = p.pos;
  const toks = p.toks;
  let anyF = false, anyBytes = false, anyStr = false;
  let bytesParts: Uint8Array[] | null = null;
  // values of a JoinedStr under construction
  const parts: Expr[] = [];
  const pending: Piece[] = [];
  let kindU = false;
  const first = toks[s];
  if (first.type === STRING) {
    const c0 = first.value.charCodeAt(0) | 32;
    const c1 = first.value.charCodeAt(1);
    kindU = c0 === 117 && (c1 === 34 || c1 === 39);
  }
  for (;;) {
    const t = toks[p.pos];
    if (t.type === STRING) {
      p.pos++;
      lastCps = null;
      const lit = decodeStringToken(p, t);
      if (typeof lit === "string") {
        anyStr = true;
        const piece: Piece = { value: lit, span: spanOfTok(t) };
        if (lastCps) piece.cps = lastCps;
        if ((t.value.charCodeAt(0) | 32) === 117) piece.u = true;
        pending.push(piece);
      } else {
        anyBytes = true;
        (bytesParts ??= []).push(lit);
      }
    } else if (t.type === FSTRING_START) {
      anyF = true;
      anyStr = true;
      // literal text stays pending: it merges with what follows, across string boundaries
      fstring(p, parts, pending);
    } else break;
  }
  if (anyBytes && anyStr) p.errorAt(p.tok, "cannot mix bytes and nonbytes literals");
  if (anyBytes) {
    const total = bytesParts!.reduce((n, b) => n + b.length, 0);
    const out = new Uint8Array(total);
    let o = 0;
    for (const b of bytesParts!) { out.set(b, o); o += b.length; }
    return p.fin({ kind: "Constant", value: { tag: "bytes", value: out }, string_kind: null } as Constant, s);
  }
  if (!anyF) {
    return p.fin({ kind: "Constant", value: joinPieces(pending), string_kind: kindU ? "u" : null, lineno: 0, col_offset: 0, end_lineno: 0, end_col_offset: 0 } as Constant, s);
  }
  emitPieces(parts, pending);
  const js = p.fin({ kind: "JoinedStr", values: parts, lineno: 0, col_offset: 0, end_lineno: 0, end_col_offset: 0 } as JoinedStr, s);
  if (p.py311) {
    fix311Positions(js);
    // 3.11: a leading u"" marks every literal part; 3.12 marks parts that start with one
    markU(parts, kindU ? "u" : null);
  }
  return js;
}

/** Sets kind "u" on the Constant parts of an f-string, format specs included (3.11). */
function markU(values: Expr[], kind: "u" | null, spec = false): void {
  const n = values.length;
  for (let i = 0; i < n; i++) {
    const v = values[i];
    // a spec's trailing literal is built apart in 3.11 (it also gets the token's span)
    if (v.kind === "Constant") v.string_kind = spec && i === n - 1 ? null : kind;
    else if (v.kind === "FormattedValue" && v.format_spec !== null) markU(v.format_spec.values, kind, true);
  }
}

/** Pending literal pieces become one Constant spanning them all, appended to `parts`. */
function emitPieces(parts: Expr[], pending: Piece[]): void {
  if (pending.length === 0) return;
  const value = joinPieces(pending);
  if (value.value.length === 0) { pending.length = 0; return; }
  const a = pending[0].span, b = pending[pending.length - 1].span;
  parts.push({
    kind: "Constant", value, string_kind: pending[0].u ? "u" : null,
    lineno: a.lineno, col_offset: a.col_offset, end_lineno: b.end_lineno, end_col_offset: b.end_col_offset,
  });
  pending.length = 0;
}

function spanOfTok(t: Token): Span {
  return { lineno: t.lineno, col_offset: t.col, end_lineno: t.endLineno, end_col_offset: t.endCol };
}

/** Parses one f-string (FSTRING_START ... FSTRING_END) into `parts`, literal text into `pending`. */
function fstring(p: Parser, parts: Expr[], pending: Piece[]): void {
  const start = p.next();
  const raw = /r/i.test(start.value);
  const specs: JoinedStr[] = [];
  for (;;) {
    const t = p.tok;
    if (t.type === FSTRING_MIDDLE) {
      p.pos++;
      pending.push({ value: decodeMiddle(p, t, raw), span: spanOfTok(t) });
    } else if (t.type === OP && t.value === "{") {
      const fv = replacementField(p, raw, pending, specs);
      emitPieces(parts, pending);
      parts.push(fv);
    } else if (t.type === FSTRING_END) {
      p.pos++;
      if (p.py311) {
        const span = { lineno: start.lineno, col_offset: start.col, end_lineno: t.endLineno, end_col_offset: t.endCol };
        for (const sp of specs) specTokenSpan.set(sp, span);
      }
      return;
    } else {
      p.errorAt(t, "f-string: expecting '}'");
    }
  }
}

/** 3.11: the span of the f-string token holding each format spec. */
const specTokenSpan: WeakMap<JoinedStr, Span> = new WeakMap();

// fstring_replacement_field:
//     | '{' (yield_expr | star_expressions) '='? [fstring_conversion] [fstring_full_format_spec] '}'
// fstring_conversion: "!" NAME
// fstring_full_format_spec: ':' fstring_format_spec*
function replacementField(p: Parser, raw: boolean, pending: Piece[], specs: JoinedStr[]): FormattedValue {
  const s = p.pos;
  const open = p.next();
  if (p.atOp("}")) {
    p.errorAt(p.tok, p.py311 ? "f-string: empty expression not allowed" : "f-string: valid expression required before '}'");
  }
  if (p.atOp("=") || p.atOp("!") || p.atOp(":")) {
    p.errorAt(p.tok, `f-string: valid expression required before '${p.tok.value}'`);
  }
  const vs = p.pos;
  let value: Expr;
  if (p.py312 && p.atKw("lambda")) {
    // `{lambda x: 1}`: the ':' would start the format spec
    let i = p.pos;
    while (i < p.toks.length && !(p.toks[i].type === OP && (p.toks[i].value === ":" || p.toks[i].value === "}"))) i++;
    if (i < p.toks.length && p.toks[i].value === ":") {
      p.errorAt(p.tok, "f-string: lambda expressions are not allowed without parentheses");
    }
  }
  try {
    value = p.atKw("yield") ? yieldExpr(p) : starExpressions(p);
    if (!(p.atOp("}") || p.atOp("=") || p.atOp("!") || p.atOp(":"))) p.expected("'}'");
  } catch (e) {
    // 3.11 compiles the field on its own and prefixes the message
    if (p.py311 && e instanceof PySyntaxError && !e.msg.startsWith("f-string")) {
      e.msg = "f-string: " + e.msg;
      e.message = e.msg;
    }
    throw e;
  }
  if (p.py311 && value.kind === "Tuple" && !parenthesised(p, vs, p.pos - 1)) {
    // 3.11 parses the field as `(` + text + `)`: a bare tuple spans the braces
    const close = p.tok;
    value.lineno = open.lineno; value.col_offset = open.col;
    value.end_lineno = close.lineno; value.end_col_offset = close.col + 1;
  }
  let conversion = -1;
  let debug = false;
  if (p.atOp("=")) {
    p.pos++;
    debug = true;
    const after = p.tok;
    let text = p.text(open.end, after.start);
    if (text.indexOf("#") >= 0) text = stripComments(text);
    const span: Span = { lineno: open.endLineno, col_offset: open.endCol, end_lineno: after.lineno, end_col_offset: after.col };
    pending.push({ value: text, span });
  }
  if (p.atOp("!")) {
    const bang = p.next();
    const t = p.tok;
    if (t.type !== NAME || t.start !== bang.end) {
      p.errorAt(t, "f-string: missing conversion character");
    }
    p.pos++;
    if (t.value !== "s" && t.value !== "r" && t.value !== "a") {
      p.errorAt(t, p.py311 ? "f-string: invalid conversion character: expected 's', 'r', or 'a'"
        : `f-string: invalid conversion character '${t.value}': expected 's', 'r', or 'a'`);
    }
    conversion = t.value.charCodeAt(0);
  }
  let format_spec: JoinedStr | null = null;
  if (p.atOp(":")) {
    const cs = p.pos;
    p.pos++;
    const values: Expr[] = [];
    const specPending: Piece[] = [];
    for (;;) {
      const t = p.tok;
      if (t.type === FSTRING_MIDDLE) {
        p.pos++;
        if (t.value.length === 0) {
          emitPieces(values, specPending);
          values.push({
            kind: "Constant", value: { tag: "str", value: "" }, string_kind: null,
            lineno: t.lineno, col_offset: t.col, end_lineno: t.endLineno, end_col_offset: t.endCol,
          });
          continue;
        }
        // 3.12 decodes escapes of a format spec even in a raw f-string
        specPending.push({ value: decodeMiddle(p, t, raw && p.py311), span: spanOfTok(t) });
      } else if (t.type === OP && t.value === "{") {
        const fv = replacementField(p, raw, specPending, specs);
        emitPieces(values, specPending);
        values.push(fv);
      } else break;
    }
    emitPieces(values, specPending);
    if (!p.atOp("}")) p.errorAt(p.tok, "f-string: expecting '}'");
    const close = p.tok;
    format_spec = {
      kind: "JoinedStr", values, lineno: p.toks[cs].lineno, col_offset: p.toks[cs].col,
      end_lineno: close.lineno, end_col_offset: close.col,
    };
    specs.push(format_spec);
  }
  if (!p.atOp("}")) {
    p.errorAt(p.tok, p.tt() === FSTRING_END ? "f-string: expecting '}'" : "f-string: expecting '}'");
  }
  p.pos++;
  if (debug && conversion === -1 && format_spec === null) conversion = 114;
  return p.fin({ kind: "FormattedValue", value, conversion, format_spec, lineno: 0, col_offset: 0, end_lineno: 0, end_col_offset: 0 } as FormattedValue, s);
}

/**
 * 3.11 positions: the top-level Constant and FormattedValue parts of an f-string span
 * the whole concatenated literal; a format spec's JoinedStr spans the f-string token that
 * holds it.
 */
function fix311Positions(js: JoinedStr): void {
  const setSpan = (n: Span, from: Span) => {
    n.lineno = from.lineno; n.col_offset = from.col_offset;
    n.end_lineno = from.end_lineno; n.end_col_offset = from.end_col_offset;
  };
  for (const v of js.values) {
    setSpan(v, js);
    if (v.kind === "FormattedValue" && v.format_spec !== null) fixSpec(v.format_spec, js, setSpan);
  }
}

function fixSpec(spec: JoinedStr, whole: Span, setSpan: (n: Span, from: Span) => void): void {
  const tok = specTokenSpan.get(spec) ?? whole;
  setSpan(spec, tok);
  const n = spec.values.length;
  for (let i = 0; i < n; i++) {
    const v = spec.values[i];
    setSpan(v, i === n - 1 && v.kind === "Constant" ? tok : whole);
    if (v.kind === "FormattedValue" && v.format_spec !== null) fixSpec(v.format_spec, whole, setSpan);
  }
}

/** The debug text of `{expr=}` without its comments (3.12 drops them). */
function stripComments(text: string): string {
  let out = "";
  let quote = "";
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quote) {
      if (ch === "\\") { out += ch + (text[i + 1] ?? ""); i++; continue; }
      if (ch === quote) quote = "";
      out += ch;
    } else if (ch === "'" || ch === '"') {
      quote = ch;
      out += ch;
    } else if (ch === "#") {
      while (i + 1 < text.length && text[i + 1] !== "\n") i++;
    } else out += ch;
  }
  return out;
}

/** Whether tokens a..b are one parenthesised group `( ... )`. */
function parenthesised(p: Parser, a: number, b: number): boolean {
  const t = p.toks[a];
  if (t.type !== OP || t.value !== "(") return false;
  let depth = 0;
  for (let i = a; i <= b; i++) {
    const x = p.toks[i];
    if (x.type !== OP) continue;
    if (x.value === "(" || x.value === "[" || x.value === "{") depth++;
    else if (x.value === ")" || x.value === "]" || x.value === "}") {
      depth--;
      if (depth === 0) return i === b;
    }
  }
  return false;
}

/** Decodes FSTRING_MIDDLE text: escapes (unless raw) and doubled braces. */
function decodeMiddle(p: Parser, t: Token, raw: boolean): string {
  let s = t.value;
  if (!raw && s.indexOf("\\") >= 0) s = decodeEscapes(p, s, t, false) as string;
  if (s.indexOf("{{") >= 0) s = s.replace(/\{\{/g, "{");
  if (s.indexOf("}}") >= 0) s = s.replace(/\}\}/g, "}");
  return s;
}

/** Decodes a STRING token to a str (JS string) or bytes. */
function decodeStringToken(p: Parser, t: Token): string | Uint8Array {
  const text = t.value;
  let i = 0;
  let raw = false, bytes = false;
  for (;;) {
    const c = text.charCodeAt(i);
    if (c === 34 || c === 39) break;
    const l = c | 32;
    if (l === 114) raw = true;
    else if (l === 98) bytes = true;
    i++;
  }
  const q = text.charCodeAt(i);
  const triple = text.length - i >= 6 && text.charCodeAt(i + 1) === q && text.charCodeAt(i + 2) === q;
  const ql = triple ? 3 : 1;
  const body = text.slice(i + ql, text.length - ql);
  if (bytes) {
    for (let k = 0; k < body.length; k++) {
      if (body.charCodeAt(k) >= 128) p.errorAt(t, "bytes can only contain ASCII literal characters");
    }
    if (raw || body.indexOf("\\") < 0) return Buffer.from(body, "latin1");
    return decodeEscapes(p, body, t, true) as Uint8Array;
  }
  if (raw || body.indexOf("\\") < 0) return body;
  return decodeEscapes(p, body, t, false) as string;
}

/** Code points of a str literal body holding escaped surrogates (slow path, rare). */
function exactCodepoints(p: Parser, s: string, t: Token): number[] {
  const cps: number[] = [];
  let i = 0;
  while (i < s.length) {
    if (s.charCodeAt(i) === 92 && i + 1 < s.length && (s[i + 1] === "u" || s[i + 1] === "U")) {
      const len = s[i + 1] === "u" ? 4 : 8;
      cps.push(parseInt(s.slice(i + 2, i + 2 + len), 16));
      i += 2 + len;
    } else if (s.charCodeAt(i) === 92) {
      // decode this one escape through the general path
      let j = i + 2;
      if (s[i + 1] === "x") j = i + 4;
      else if (s[i + 1] === "N") j = s.indexOf("}", i) + 1;
      else if (s[i + 1] >= "0" && s[i + 1] <= "7") {
        while (j < s.length && j < i + 4 && s[j] >= "0" && s[j] <= "7") j++;
      }
      const saved = lastCps;
      const piece = decodeEscapes(p, s.slice(i, j), t, false) as string;
      lastCps = saved;
      cps.push(...codepointsOf(piece));
      i = j;
    } else {
      const cp = s.codePointAt(i)!;
      cps.push(cp);
      i += cp > 0xffff ? 2 : 1;
    }
  }
  return cps;
}

function hexVal(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  const l = c | 32;
  if (l >= 97 && l <= 102) return l - 87;
  return -1;
}

/** Processes backslash escapes of a str or bytes literal body. */
function decodeEscapes(p: Parser, s: string, t: Token, bytes: boolean): string | Uint8Array {
  const out: number[] = [];
  let str = "";
  let surrogate = false;
  const emit = (cp: number) => {
    if (bytes) out.push(cp);
    else {
      if (cp >= 0xd800 && cp <= 0xdfff) surrogate = true;
      str += cp < 0x10000 ? String.fromCharCode(cp) : String.fromCodePoint(cp);
    }
  };
  let runStart = 0;
  const flush = (e: number) => {
    if (e > runStart) {
      if (bytes) { for (let k = runStart; k < e; k++) out.push(s.charCodeAt(k)); }
      else str += s.slice(runStart, e);
    }
  };
  const n = s.length;
  let i = 0;
  while (i < n) {
    if (s.charCodeAt(i) !== 92) { i++; continue; }
    flush(i);
    if (i + 1 >= n) { emit(92); i++; runStart = i; continue; }
    const c = s.charCodeAt(i + 1);
    i += 2;
    switch (c) {
      case 10: break;
      case 92: emit(92); break;
      case 39: emit(39); break;
      case 34: emit(34); break;
      case 97: emit(7); break;
      case 98: emit(8); break;
      case 102: emit(12); break;
      case 110: emit(10); break;
      case 114: emit(13); break;
      case 116: emit(9); break;
      case 118: emit(11); break;
      case 48: case 49: case 50: case 51: case 52: case 53: case 54: case 55: {
        let v = c - 48;
        for (let k = 0; k < 2 && i < n; k++) {
          const d = s.charCodeAt(i);
          if (d < 48 || d > 55) break;
          v = v * 8 + d - 48;
          i++;
        }
        emit(bytes ? v & 0xff : v);
        break;
      }
      case 120: { // \x
        let v = 0;
        for (let k = 0; k < 2; k++) {
          const h = i < n ? hexVal(s.charCodeAt(i)) : -1;
          if (h < 0) p.errorAt(t, bytes ? `(value error) invalid \\x escape at position ${i - 2 - k}`
            : `(unicode error) 'unicodeescape' codec can't decode bytes in position ${i - 2 - k}-${i - 1}: truncated \\xXX escape`);
          v = v * 16 + h;
          i++;
        }
        emit(v);
        break;
      }
      case 117: case 85: { // \u \U
        if (bytes) { emit(92); emit(c); break; }
        const len = c === 117 ? 4 : 8;
        let v = 0;
        for (let k = 0; k < len; k++) {
          const h = i < n ? hexVal(s.charCodeAt(i)) : -1;
          if (h < 0) p.errorAt(t, `(unicode error) 'unicodeescape' codec can't decode bytes: truncated \\${String.fromCharCode(c)}${"X".repeat(len)} escape`);
          v = v * 16 + h;
          i++;
        }
        if (v > 0x10ffff) p.errorAt(t, "(unicode error) 'unicodeescape' codec can't decode bytes: illegal Unicode character");
        emit(v);
        break;
      }
      case 78: { // \N{name}
        if (bytes) { emit(92); emit(78); break; }
        if (i >= n || s.charCodeAt(i) !== 123) p.errorAt(t, "(unicode error) 'unicodeescape' codec can't decode bytes: malformed \\N character escape");
        const close = s.indexOf("}", i);
        if (close < 0) p.errorAt(t, "(unicode error) 'unicodeescape' codec can't decode bytes: malformed \\N character escape");
        const nm = s.slice(i + 1, close);
        const cp = lookupUnicodeName(nm);
        if (cp === undefined) p.errorAt(t, "(unicode error) 'unicodeescape' codec can't decode bytes: unknown Unicode character name");
        emit(cp);
        i = close + 1;
        break;
      }
      default:
        // unknown escape: kept with its backslash
        emit(92);
        i--;
        break;
    }
    runStart = i;
  }
  flush(n);
  if (surrogate) lastCps = exactCodepoints(p, s, t);
  return bytes ? Uint8Array.from(out) : str;
}
