/**
 * @fileoverview Parser entry point and shared state: tokens to a `Module` AST.
 *
 * In: Python source (a string, or raw bytes whose encoding declaration is honoured),
 * a file name and options (target version, default 3.12).
 * Out: a {@link Module} whose nodes mirror CPython's `ast` exactly, positions included;
 * or a thrown {@link PySyntaxError}.
 *
 * The parser is recursive descent over the token array (statements.ts, expressions.ts,
 * patterns.ts, strings.ts); it backtracks, PEG style, only where Python's grammar needs
 * it (`match` and `type` soft keywords, parenthesised with-items). Every node's span
 * runs from the first to the last token its rule consumed, which is how CPython's PEG
 * parser computes positions (so `(a) + b` starts at the parenthesis).
 */
import type { Module, Span } from "./ast";
import { PySyntaxError } from "./errors";
import { decodeSource } from "./source";
import { DEDENT, ENDMARKER, ErrorToken, INDENT, NAME, NEWLINE, OP, Token, tokenize } from "./tokenizer";
import { fileInput } from "./statements";

export interface ParseOptions {
  /** target Python version, like `ast.parse(feature_version=)`; default [3, 12] */
  version?: [number, number];
}

/** Parses a module from source text. Throws PySyntaxError. */
export function parseModule(source: string, filename = "<unknown>", options: ParseOptions = {}): Module {
  if (source.charCodeAt(0) === 0xfeff) {
    throw new PySyntaxError("invalid non-printable character U+FEFF", filename, 1, 0, 1, 1);
  }
  if (source.indexOf("\0") >= 0) {
    throw new PySyntaxError("source code string cannot contain null bytes", filename, 1, 0, 1, 1);
  }
  const bytes = Buffer.from(source, "utf8");
  const norm = normaliseNewlines(bytes);
  const ascii = bytes.length === source.length && norm === bytes ? source : undefined;
  return parseUtf8(norm, filename, options, ascii);
}

/** Parses a module from raw file bytes, honouring a BOM or `# -*- coding: ... -*-`. */
export function parseModuleBytes(data: Uint8Array, filename = "<unknown>", options: ParseOptions = {}): Module {
  const text = decodeSource(data, filename);
  return parseModule(text, filename, options);
}

function normaliseNewlines(b: Uint8Array): Uint8Array {
  if (b.indexOf(13) < 0) return b;
  const out = new Uint8Array(b.length);
  let j = 0;
  for (let i = 0; i < b.length; i++) {
    const c = b[i];
    if (c === 13) {
      out[j++] = 10;
      if (i + 1 < b.length && b[i + 1] === 10) i++;
    } else out[j++] = c;
  }
  return out.subarray(0, j);
}

function parseUtf8(src: Uint8Array, filename: string, options: ParseOptions, asciiText?: string): Module {
  try {
    const version = options.version ?? [3, 12];
    const toks = tokenize(src, { version, filename, asciiText });
    const p = new Parser(toks, src, filename, version);
    const last = toks[toks.length - 1];
    if (!(last instanceof ErrorToken)) return fileInput(p);
    try {
      fileInput(p);
    } catch (e) {
      // a parser error before the point where tokenizing failed wins, as in CPython
      if (e instanceof PySyntaxError && (e.lineno < last.lineno || (e.lineno === last.lineno && e.col_offset < last.col))) throw e;
    }
    throw last.error;
  } catch (e) {
    if (e instanceof RangeError && /call stack/i.test(e.message)) {
      // CPython fails such input too ("too many nested parentheses", "too complex")
      e = new PySyntaxError("too many nested expressions: the parser's stack is exhausted", filename, 1, 0, 1, 1);
    }
    if (e instanceof PySyntaxError) e.attachSource(src);
    throw e;
  }
}

/** Parser state shared by the grammar modules. */
export class Parser {
  pos = 0;
  py311: boolean;
  py312: boolean;
  buf: Buffer;

  constructor(public toks: Token[], public src: Uint8Array, public filename: string, public version: [number, number]) {
    this.py311 = version[0] === 3 && version[1] < 12;
    this.py312 = !this.py311;
    this.buf = Buffer.from(src.buffer, src.byteOffset, src.byteLength);
  }

  /** The current token. */
  get tok(): Token {
    return this.toks[this.pos];
  }

  /** The current token's type. */
  tt(): number {
    return this.toks[this.pos].type;
  }

  peek(k = 1): Token {
    const i = this.pos + k;
    return i < this.toks.length ? this.toks[i] : this.toks[this.toks.length - 1];
  }

  next(): Token {
    const t = this.toks[this.pos];
    if (t.type !== ENDMARKER) this.pos++;
    return t;
  }

  atOp(s: string): boolean {
    const t = this.toks[this.pos];
    return t.type === OP && t.value === s;
  }

  atKw(s: string): boolean {
    const t = this.toks[this.pos];
    return t.type === NAME && t.value === s;
  }

  eatOp(s: string): boolean {
    if (this.atOp(s)) { this.pos++; return true; }
    return false;
  }

  eatKw(s: string): boolean {
    if (this.atKw(s)) { this.pos++; return true; }
    return false;
  }

  expectOp(s: string): Token {
    if (!this.atOp(s)) this.expected(`'${s}'`);
    return this.toks[this.pos++];
  }

  expectKw(s: string): Token {
    if (!this.atKw(s)) this.expected(`'${s}'`);
    return this.toks[this.pos++];
  }

  /** Throws "expected X" (or "invalid syntax") at the current token. */
  expected(what: string): never {
    void what;
    this.errorAt(this.tok, "invalid syntax");
  }

  /**
   * The `:` of a compound statement header. CPython says "expected ':'" where its grammar
   * forces the colon (`def`, `try`, `finally`, `else`) or where the line ends instead;
   * otherwise "invalid syntax".
   */
  expectColon(forced: boolean): void {
    const t = this.toks[this.pos];
    if (t.type === OP && t.value === ":") { this.pos++; return; }
    if (forced || t.type === NEWLINE) this.errorAt(t, "expected ':'");
    this.errorAt(t, "invalid syntax");
  }

  errorAt(t: Token, msg: string, type = "SyntaxError"): never {
    throw new PySyntaxError(msg, this.filename, t.lineno, t.col, t.endLineno, t.endCol, type);
  }

  /** A syntax error spanning a node. */
  errorNode(n: Span, msg: string): never {
    throw new PySyntaxError(msg, this.filename, n.lineno, n.col_offset, n.end_lineno, n.end_col_offset);
  }

  /** Sets `n`'s span from token index `s` to the last consumed token. */
  fin<T extends object>(n: T, s: number): T & Span {
    const a = this.toks[s];
    let i = this.pos - 1;
    let b = this.toks[i];
    // compound statements end at their last token that is not NEWLINE/INDENT/DEDENT
    while (b.type === NEWLINE || b.type === INDENT || b.type === DEDENT) b = this.toks[--i];
    const r = n as T & Span;
    r.lineno = a.lineno;
    r.col_offset = a.col;
    r.end_lineno = b.endLineno;
    r.end_col_offset = b.endCol;
    return r;
  }

  /** Sets `n`'s span from token index `s` to the end of node `e`. */
  finEnd<T extends object>(n: T, s: number, e: Span): T & Span {
    const a = this.toks[s];
    const r = n as T & Span;
    r.lineno = a.lineno;
    r.col_offset = a.col;
    r.end_lineno = e.end_lineno;
    r.end_col_offset = e.end_col_offset;
    return r;
  }

  /** Sets `n`'s span to that of token `t`. */
  finTok<T extends object>(n: T, t: Token): T & Span {
    const r = n as T & Span;
    r.lineno = t.lineno;
    r.col_offset = t.col;
    r.end_lineno = t.endLineno;
    r.end_col_offset = t.endCol;
    return r;
  }

  /** Source text between two byte offsets. */
  text(s: number, e: number): string {
    return this.buf.toString("utf8", s, e);
  }
}
