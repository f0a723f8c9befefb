/**
 * @fileoverview Python tokenizer: UTF-8 source bytes to a token array.
 *
 * In: the source as UTF-8 bytes (already decoded from its declared encoding and
 * re-encoded, see source.ts), and the target Python version.
 * Out: an array of {@link Token}s ending with ENDMARKER, as CPython's tokenizer makes
 * them: NEWLINE at the end of each logical line, INDENT/DEDENT from the indentation
 * stack (tabs to multiples of 8, with CPython's tab-consistency check), newlines inside
 * brackets and after `\` ignored, and f-strings split PEP 701 style into FSTRING_START,
 * FSTRING_MIDDLE*, `{` expression tokens [`!` NAME] [`:` spec] `}`, FSTRING_END (for
 * both 3.11 and 3.12 targets; 3.11's restrictions on quotes, backslashes and comments
 * inside replacement fields are enforced here when targeting 3.11).
 *
 * Positions are byte offsets: `col`/`endCol` are UTF-8 byte columns, as CPython's AST.
 * Scanning works on char codes; there is no per-character regex.
 */
import { PySyntaxError } from "./errors";

export const ENDMARKER = 0;
export const NAME = 1;
export const NUMBER = 2;
export const STRING = 3;
export const OP = 4;
export const NEWLINE = 5;
export const INDENT = 6;
export const DEDENT = 7;
export const FSTRING_START = 8;
export const FSTRING_MIDDLE = 9;
export const FSTRING_END = 10;
export const COMMENT = 11;
export const NL = 12;
/** Ends the token array where the tokenizer found an error (see {@link ErrorToken}). */
export const ERRORTOKEN = 13;

export const TOKEN_NAMES = [
  "ENDMARKER", "NAME", "NUMBER", "STRING", "OP", "NEWLINE", "INDENT", "DEDENT",
  "FSTRING_START", "FSTRING_MIDDLE", "FSTRING_END", "COMMENT", "NL", "ERRORTOKEN",
];

/** One token. `value` is the token's text (for OP an interned operator string). */
export class Token {
  constructor(
    public type: number,
    public value: string,
    /** byte offsets into the source */
    public start: number,
    public end: number,
    public lineno: number,
    public col: number,
    public endLineno: number,
    public endCol: number,
  ) {}
}

/**
 * The last token when tokenizing failed: positioned where the tokenizer stopped, it
 * carries the error. CPython tokenizes lazily, so an error the parser meets earlier in
 * the file is the one reported; the parser reports `error` only if it reaches this token.
 */
export class ErrorToken extends Token {
  constructor(public error: PySyntaxError, start: number, lineno: number, col: number) {
    super(ERRORTOKEN, "", start, start, lineno, col, lineno, col);
  }
}

export interface TokenizeOptions {
  /** [major, minor], default [3, 12] */
  version?: [number, number];
  /** also emit COMMENT and NL tokens (for the `tokens` CLI) */
  trivia?: boolean;
  filename?: string;
  /** the same source as a JS string, when it is pure ASCII (a speed-up) */
  asciiText?: string;
}

/** Hard keywords of Python 3. */
export const KEYWORDS: ReadonlySet<string> = new Set([
  "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class",
  "continue", "def", "del", "elif", "else", "except", "finally", "for", "from", "global",
  "if", "import", "in", "is", "lambda", "nonlocal", "not", "or", "pass", "raise",
  "return", "try", "while", "with", "yield",
]);

/** Character classes for ASCII bytes. */
const ID_START = new Uint8Array(256);
const ID_CONT = new Uint8Array(256);
for (let c = 0; c < 256; c++) {
  const letter = (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95 || c >= 128;
  ID_START[c] = letter ? 1 : 0;
  ID_CONT[c] = letter || (c >= 48 && c <= 57) ? 1 : 0;
}

const XID_START_RE = /^[\p{XID_Start}_]$/u;
const XID_CONT_RE = /^\p{XID_Continue}$/u;

/** Mode-stack entries for f-strings. */
interface FStrMode {
  kind: "str";
  quote: number;
  triple: boolean;
  raw: boolean;
  startLine: number;
  startCol: number;
}
interface FExprMode {
  kind: "expr" | "spec";
  /** parenStack length right after this field's `{` was pushed */
  depth: number;
  str: FStrMode;
  /** spec mode: whether the spec contained a nested field (3.12 trailing-empty quirk) */
  sawField: boolean;
  lastWasField: boolean;
}
type Mode = FStrMode | FExprMode;

interface Paren { ch: number; lineno: number; col: number }

/** Tokenizes the whole source; on an error the array ends with an {@link ErrorToken}. */
export function tokenize(src: Uint8Array, opts: TokenizeOptions = {}): Token[] {
  const t = new Tokenizer(src, opts);
  try {
    return t.run();
  } catch (e) {
    if (!(e instanceof PySyntaxError)) throw e;
    const pos = Math.min(t.pos, t.n);
    t.tokens.push(new ErrorToken(e, pos, t.lineno, pos - t.lineStart));
    return t.tokens;
  }
}

class Tokenizer {
  src: Uint8Array;
  n: number;
  pos = 0;
  lineno = 1;
  lineStart = 0;
  tokens: Token[] = [];
  indents: number[] = [0];
  altIndents: number[] = [0];
  parens: Paren[] = [];
  modes: Mode[] = [];
  py311: boolean;
  trivia: boolean;
  filename: string;
  /** whether the current logical line has produced a token */
  lineHasTokens = false;
  buf: Buffer;
  /** the source as a JS string when it is pure ASCII (byte offsets = char offsets) */
  ascii: string | null;

  constructor(src: Uint8Array, opts: TokenizeOptions) {
    this.src = src;
    this.n = src.length;
    const v = opts.version ?? [3, 12];
    this.py311 = v[0] === 3 && v[1] < 12;
    this.trivia = opts.trivia ?? false;
    this.filename = opts.filename ?? "<unknown>";
    this.buf = Buffer.from(src.buffer, src.byteOffset, src.byteLength);
    this.ascii = opts.asciiText ?? null;
  }

  error(msg: string, lineno: number, col: number, endLineno = lineno, endCol = col + 1, type = "SyntaxError"): never {
    throw new PySyntaxError(msg, this.filename, lineno, col, endLineno, endCol, type);
  }

  text(s: number, e: number): string {
    if (this.ascii !== null) return this.ascii.slice(s, e);
    const src = this.src;
    for (let i = s; i < e; i++) if (src[i] >= 128) return this.buf.toString("utf8", s, e);
    return this.buf.toString("latin1", s, e);
  }

  /** ASCII slice (caller knows the range is ASCII). */
  asciiText(s: number, e: number): string {
    return this.ascii !== null ? this.ascii.slice(s, e) : this.buf.toString("latin1", s, e);
  }

  push(type: number, value: string, start: number, end: number, lineno: number, col: number): Token {
    const t = new Token(type, value, start, end, lineno, col, this.lineno, end - this.lineStart);
    this.tokens.push(t);
    if (type !== COMMENT && type !== NL) this.lineHasTokens = true;
    return t;
  }

  newline(at: number): void {
    this.lineno++;
    this.lineStart = at + 1;
  }

  run(): Token[] {
    const src = this.src;
    let atBol = true;
    for (;;) {
      const mode = this.modes.length ? this.modes[this.modes.length - 1] : null;
      if (mode !== null && mode.kind !== "expr") {
        this.scanFStringMiddle(mode);
        continue;
      }
      if (atBol && this.parens.length === 0) {
        atBol = false;
        if (this.indentation()) break;
      }
      // skip whitespace
      let c = this.pos < this.n ? src[this.pos] : -1;
      while (c === 32 || c === 9 || c === 12) c = ++this.pos < this.n ? src[this.pos] : -1;
      if (c === -1) break;
      const start = this.pos;
      const col = start - this.lineStart;
      if (c === 35) { // '#'
        if (mode !== null && this.py311) this.error("f-string expression part cannot include '#'", this.lineno, col);
        let e = start;
        while (e < this.n && src[e] !== 10) e++;
        if (this.trivia) this.push(COMMENT, this.text(start, e), start, e, this.lineno, col);
        this.pos = e;
        continue;
      }
      if (c === 10) {
        this.pos++;
        if (this.parens.length > 0 || !this.lineHasTokens) {
          if (mode !== null && this.py311 && !(mode as FExprMode).str.triple) {
            this.error("unterminated f-string literal (detected at line " + this.lineno + ")",
              (mode as FExprMode).str.startLine, (mode as FExprMode).str.startCol);
          }
          if (this.trivia) this.push(NL, "\n", start, start + 1, this.lineno, col);
        } else {
          this.push(NEWLINE, "\n", start, start + 1, this.lineno, col);
          this.lineHasTokens = false;
        }
        this.newline(start);
        atBol = this.parens.length === 0;
        continue;
      }
      if (c === 92) { // '\'
        if (mode !== null && this.py311) {
          this.error("f-string expression part cannot include a backslash", this.lineno, col);
        }
        if (this.pos + 1 < this.n && src[this.pos + 1] === 10) {
          this.pos += 2;
          this.newline(start + 1);
          if (this.pos >= this.n) this.error("unexpected EOF while parsing", this.lineno, 0);
          continue;
        }
        if (this.pos + 1 >= this.n) this.error("unexpected EOF while parsing", this.lineno, col);
        this.error("unexpected character after line continuation character", this.lineno, col + 1);
      }
      if (ID_START[c]) {
        this.scanNameOrString(c, mode as FExprMode | null);
        continue;
      }
      if ((c >= 48 && c <= 57) || (c === 46 && this.pos + 1 < this.n && src[this.pos + 1] >= 48 && src[this.pos + 1] <= 57)) {
        this.scanNumber();
        continue;
      }
      if (c === 34 || c === 39) {
        this.scanString(start, start, c, mode as FExprMode | null);
        continue;
      }
      this.scanOp(c, mode as FExprMode | null);
    }
    // end of input
    if (this.modes.length) {
      const m = this.modes[this.modes.length - 1];
      const s = m.kind === "str" ? m : m.str;
      this.error(s.triple ? "unterminated triple-quoted f-string literal (detected at line " + this.lineno + ")"
        : "unterminated f-string literal (detected at line " + this.lineno + ")", s.startLine, s.startCol);
    }
    if (this.parens.length) {
      const p = this.parens[this.parens.length - 1];
      this.error(`'${String.fromCharCode(p.ch)}' was never closed`, p.lineno, p.col);
    }
    const endCol = this.pos - this.lineStart;
    if (this.lineHasTokens) {
      this.push(NEWLINE, "", this.pos, this.pos, this.lineno, endCol);
      this.lineHasTokens = false;
    }
    // CPython places the end of input at the end of the last line's text
    let eofLine = this.lineno, eofCol = endCol;
    if (endCol === 0 && this.lineno > 1) {
      let b = this.lineStart - 1;
      while (b > 0 && this.src[b - 1] !== 10) b--;
      eofLine = this.lineno - 1;
      eofCol = this.lineStart - 1 - b;
    }
    while (this.indents.length > 1) {
      this.indents.pop();
      this.tokens.push(new Token(DEDENT, "", this.pos, this.pos, eofLine, eofCol, eofLine, eofCol));
    }
    this.tokens.push(new Token(ENDMARKER, "", this.pos, this.pos, eofLine, eofCol, eofLine, eofCol));
    return this.tokens;
  }

  /** Processes indentation at the start of a line. Returns true at end of input. */
  indentation(): boolean {
    const src = this.src;
    for (;;) {
      let col = 0, alt = 0;
      // a `\` continuation inside the indentation: the first one's column (if not 0)
      // sets the indentation, as in CPython
      let contCol = 0;
      let p = this.pos;
      for (; p < this.n; p++) {
        const c = src[p];
        if (c === 32) { col++; alt++; }
        else if (c === 9) { col = ((col >> 3) + 1) << 3; alt++; }
        else if (c === 12) { col = 0; alt = 0; }
        else if (c === 92 && p + 1 < this.n && src[p + 1] === 10) {
          if (contCol === 0) contCol = col;
          if (p + 2 >= this.n) {
            this.pos = p + 2;
            this.error("unexpected EOF while parsing", this.lineno, p - this.lineStart);
          }
          p++;
          this.newline(p);
        } else break;
      }
      if (contCol !== 0) { col = contCol; alt = contCol; }
      if (p >= this.n) { this.pos = p; return true; }
      const c = src[p];
      if (c === 35 || c === 10) {
        // blank or comment-only line: no indentation change
        if (c === 10) {
          if (this.trivia) this.push(NL, "\n", p, p + 1, this.lineno, p - this.lineStart);
          this.pos = p + 1;
          this.newline(p);
          continue;
        }
        this.pos = p;
        return false;
      }
      this.pos = p;
      const top = this.indents[this.indents.length - 1];
      const lineCol = p - this.lineStart;
      if (col === top) {
        if (alt !== this.altIndents[this.altIndents.length - 1]) this.tabError(lineCol);
      } else if (col > top) {
        if (alt <= this.altIndents[this.altIndents.length - 1]) this.tabError(lineCol);
        this.indents.push(col);
        this.altIndents.push(alt);
        this.tokens.push(new Token(INDENT, "", this.lineStart, p, this.lineno, 0, this.lineno, lineCol));
      } else {
        while (this.indents.length > 1 && col < this.indents[this.indents.length - 1]) {
          this.indents.pop();
          this.altIndents.pop();
          this.tokens.push(new Token(DEDENT, "", p, p, this.lineno, lineCol, this.lineno, lineCol));
        }
        if (col !== this.indents[this.indents.length - 1]) {
          let e = p;
          while (e < this.n && src[e] !== 10) e++;
          this.error("unindent does not match any outer indentation level", this.lineno, e - this.lineStart,
            this.lineno, e - this.lineStart + 1, "IndentationError");
        }
        if (alt !== this.altIndents[this.altIndents.length - 1]) this.tabError(lineCol);
      }
      return false;
    }
  }

  tabError(col: number): never {
    void col;
    this.error("inconsistent use of tabs and spaces in indentation", this.lineno, 0, this.lineno, 1, "TabError");
  }

  scanNameOrString(c: number, mode: FExprMode | null): void {
    const src = this.src;
    const start = this.pos;
    // string prefix?
    let p = start;
    let nonAscii = false;
    while (p < this.n && ID_CONT[src[p]]) { if (src[p] >= 128) nonAscii = true; p++; }
    const q = p < this.n ? src[p] : -1;
    if ((q === 34 || q === 39) && p - start <= 2 && !nonAscii && isStringPrefix(src, start, p)) {
      this.scanString(start, p, q, mode);
      return;
    }
    let value = nonAscii ? this.buf.toString("utf8", start, p) : this.asciiText(start, p);
    if (nonAscii) value = this.checkIdentifier(value, start);
    this.pos = p;
    this.push(NAME, value, start, p, this.lineno, start - this.lineStart);
  }

  checkIdentifier(value: string, start: number): string {
    let first = true;
    for (const ch of value) {
      const ok = first ? XID_START_RE.test(ch) : XID_CONT_RE.test(ch);
      if (!ok) {
        const cp = ch.codePointAt(0)!;
        const col = start - this.lineStart + Buffer.byteLength(value.slice(0, value.indexOf(ch)));
        this.error(`invalid character '${ch}' (U+${cp.toString(16).toUpperCase().padStart(4, "0")})`,
          this.lineno, col);
      }
      first = false;
    }
    return value.normalize("NFKC");
  }

  scanNumber(): void {
    const src = this.src;
    const start = this.pos;
    const col = start - this.lineStart;
    let p = start;
    const digits = (isDigit: (c: number) => boolean, what: string): void => {
      // digits with single underscores between them
      if (p >= this.n || !isDigit(src[p])) this.error(`invalid ${what} literal`, this.lineno, p - this.lineStart - 1);
      for (;;) {
        while (p < this.n && isDigit(src[p])) p++;
        if (p < this.n && src[p] === 95) {
          p++;
          if (p >= this.n || !isDigit(src[p])) this.error(`invalid ${what} literal`, this.lineno, p - this.lineStart - 1);
          continue;
        }
        break;
      }
    };
    const dec = (ch: number) => ch >= 48 && ch <= 57;
    let c = src[p];
    if (c === 48 && p + 1 < this.n && ((src[p + 1] | 32) === 120 || (src[p + 1] | 32) === 111 || (src[p + 1] | 32) === 98)) {
      const k = src[p + 1] | 32;
      p += 2;
      if (p < this.n && src[p] === 95) p++;
      if (k === 120) digits((ch) => dec(ch) || ((ch | 32) >= 97 && (ch | 32) <= 102), "hexadecimal");
      else if (k === 111) {
        if (p < this.n && dec(src[p]) && !(src[p] <= 55)) this.error(`invalid digit '${String.fromCharCode(src[p])}' in octal literal`, this.lineno, p - this.lineStart);
        digits((ch) => ch >= 48 && ch <= 55, "octal");
        if (p < this.n && dec(src[p])) this.error(`invalid digit '${String.fromCharCode(src[p])}' in octal literal`, this.lineno, p - this.lineStart);
      } else {
        if (p < this.n && dec(src[p]) && src[p] > 49) this.error(`invalid digit '${String.fromCharCode(src[p])}' in binary literal`, this.lineno, p - this.lineStart);
        digits((ch) => ch === 48 || ch === 49, "binary");
        if (p < this.n && dec(src[p])) this.error(`invalid digit '${String.fromCharCode(src[p])}' in binary literal`, this.lineno, p - this.lineStart);
      }
      this.finishNumber(start, p, col);
      return;
    }
    let isFloat = false;
    if (c !== 46) {
      digits(dec, "decimal");
      c = p < this.n ? src[p] : -1;
    }
    if (c === 46) {
      isFloat = true;
      p++;
      if (p < this.n && dec(src[p])) digits(dec, "decimal");
      c = p < this.n ? src[p] : -1;
    }
    if (c === 101 || c === 69) {
      let q = p + 1;
      if (q < this.n && (src[q] === 43 || src[q] === 45)) q++;
      if (q < this.n && dec(src[q])) {
        p = q;
        isFloat = true;
        digits(dec, "decimal");
        c = p < this.n ? src[p] : -1;
      } else if (c === 101 && this.buf.toString("latin1", p, p + 4) === "else") {
        // `1else`: the number ends before the keyword (CPython accepts it, with a warning)
        c = 101;
        this.finishNumber(start, p, col);
        return;
      } else {
        this.error("invalid decimal literal", this.lineno, col);
      }
    }
    if (c === 106 || c === 74) {
      p++;
    } else if (!isFloat && src[start] === 48) {
      // leading zeros only if all zeros
      for (let i = start; i < p; i++) {
        if (src[i] !== 48 && src[i] !== 95) {
          this.error("leading zeros in decimal integer literals are not permitted; use an 0o prefix for octal integers",
            this.lineno, col, this.lineno, p - this.lineStart + 1);
        }
      }
    }
    this.finishNumber(start, p, col);
  }

  finishNumber(start: number, p: number, col: number): void {
    if (p < this.n && ID_START[this.src[p]]) {
      // e.g. `1abc`; CPython allows keywords right after numbers (with a warning)
      const s = p;
      let e = p;
      while (e < this.n && ID_CONT[this.src[e]]) e++;
      const w = this.buf.toString("latin1", s, e);
      if (!(w.startsWith("and") || w.startsWith("else") || w.startsWith("for") || w.startsWith("if") ||
        w.startsWith("in") || w.startsWith("is") || w.startsWith("not") || w.startsWith("or"))) {
        this.error("invalid decimal literal", this.lineno, col);
      }
    }
    this.pos = p;
    this.push(NUMBER, this.asciiText(start, p), start, p, this.lineno, col);
  }

  /** A string literal starting at `start` (its prefix ends at `qpos`, where the quote is). */
  scanString(start: number, qpos: number, quote: number, mode: FExprMode | null): void {
    const src = this.src;
    let isF = false, raw = false;
    for (let i = start; i < qpos; i++) {
      const ch = src[i] | 32;
      if (ch === 102) isF = true;
      else if (ch === 114) raw = true;
    }
    if (mode !== null && this.py311) {
      // 3.11 scans the whole f-string first: a backslash anywhere in a field is an error,
      // and a quote of an enclosing f-string ends it.
      for (let i = qpos + 1; i < this.n && src[i] !== quote && src[i] !== 10; i++) {
        if (src[i] === 92) this.error("f-string expression part cannot include a backslash", this.lineno, i - this.lineStart);
      }
      for (let i = this.modes.length - 1; i >= 0; i--) {
        const m = this.modes[i];
        if (m.kind === "str" && m.quote === quote && !m.triple) {
          this.error("f-string: expecting '}'", m.startLine, m.startCol);
        }
      }
    }
    const lineno = this.lineno;
    const col = start - this.lineStart;
    const triple = qpos + 2 < this.n && src[qpos + 1] === quote && src[qpos + 2] === quote;
    let p = qpos + (triple ? 3 : 1);
    if (isF) {
      this.pos = p;
      const m: FStrMode = { kind: "str", quote, triple, raw, startLine: lineno, startCol: col };
      this.push(FSTRING_START, this.buf.toString("latin1", start, p), start, p, lineno, col);
      this.modes.push(m);
      return;
    }
    for (;;) {
      if (p >= this.n || (!triple && src[p] === 10)) {
        if (!triple && mode !== null && !this.py311 && this.modes.some((m) => m.kind === "str" && m.quote === quote)) {
          this.error("f-string: expecting '}'", lineno, col);
        }
      }
      if (p >= this.n) {
        if (triple) {
          const last = this.n > 0 && src[this.n - 1] === 10 ? this.lineno - 1 : this.lineno;
          this.error(`unterminated triple-quoted string literal (detected at line ${last})`, lineno, col);
        }
        this.error(`unterminated string literal (detected at line ${lineno})`, lineno, col);
      }
      const c = src[p];
      if (c === quote) {
        if (!triple) { p++; break; }
        if (p + 2 < this.n && src[p + 1] === quote && src[p + 2] === quote) { p += 3; break; }
        p++;
      } else if (c === 92) {
        if (p + 1 < this.n && src[p + 1] === 10) this.newline(p + 1);
        p += 2;
      } else if (c === 10) {
        if (!triple) this.error(`unterminated string literal (detected at line ${lineno})`, lineno, col);
        this.newline(p);
        p++;
      } else p++;
    }
    if (p > this.n) p = this.n;
    this.pos = p;
    const t = new Token(STRING, this.text(start, p), start, p, lineno, col, this.lineno, p - this.lineStart);
    this.tokens.push(t);
    this.lineHasTokens = true;
  }

  /** Scans literal text of an f-string (or of a format spec), then `{`, `}` or the end quote. */
  scanFStringMiddle(mode: FStrMode | FExprMode): void {
    const src = this.src;
    const str = mode.kind === "str" ? mode : mode.str;
    const isSpec = mode.kind === "spec";
    const start = this.pos;
    const lineno = this.lineno;
    const col = start - this.lineStart;
    let p = start;
    const q = str.quote;
    const emitMiddle = (e: number) => {
      if (e > start) {
        const t = new Token(FSTRING_MIDDLE, this.text(start, e), start, e, lineno, col, this.lineno, e - this.lineStart);
        this.tokens.push(t);
      }
    };
    for (;;) {
      if (p >= this.n) {
        this.pos = p;
        this.error(str.triple ? `unterminated triple-quoted f-string literal (detected at line ${this.lineno})`
          : `unterminated f-string literal (detected at line ${this.lineno})`, str.startLine, str.startCol);
      }
      const c = src[p];
      if (c === q && (!str.triple || (p + 2 < this.n && src[p + 1] === q && src[p + 2] === q))) {
        if (isSpec) {
          this.pos = p;
          this.error("f-string: expecting '}'", this.lineno, p - this.lineStart);
        }
        emitMiddle(p);
        const e = p + (str.triple ? 3 : 1);
        this.tokens.push(new Token(FSTRING_END, str.triple ? String.fromCharCode(q, q, q) : String.fromCharCode(q),
          p, e, this.lineno, p - this.lineStart, this.lineno, e - this.lineStart));
        this.pos = e;
        this.modes.pop();
        return;
      }
      if (c === 123) { // '{'
        if (!isSpec && p + 1 < this.n && src[p + 1] === 123) { p += 2; continue; }
        if (isSpec && !this.py311 && p === start && p + 1 < this.n && src[p + 1] === 123) {
          const last = this.tokens[this.tokens.length - 1];
          if (last.type === OP && last.value === ":") {
            // 3.12 emits an empty FSTRING_MIDDLE before a spec that starts with `{{`
            const ec = p - this.lineStart;
            this.tokens.push(new Token(FSTRING_MIDDLE, "", p, p, this.lineno, ec, this.lineno, ec));
          }
        }
        emitMiddle(p);
        if (isSpec) { (mode as FExprMode).sawField = true; }
        this.pos = p + 1;
        const ecol = p - this.lineStart;
        this.tokens.push(new Token(OP, "{", p, p + 1, this.lineno, ecol, this.lineno, ecol + 1));
        this.parens.push({ ch: 123, lineno: this.lineno, col: ecol });
        this.modes.push({ kind: "expr", depth: this.parens.length, str, sawField: false, lastWasField: false });
        return;
      }
      if (c === 125) { // '}'
        if (!isSpec) {
          if (p + 1 < this.n && src[p + 1] === 125) { p += 2; continue; }
          this.pos = p;
          this.error("f-string: single '}' is not allowed", this.lineno, p - this.lineStart);
        }
        const m = mode as FExprMode;
        if (!this.py311 && m.sawField && p === start && m.lastWasField) {
          // 3.12 emits an empty FSTRING_MIDDLE after a trailing nested field in a spec
          const ec = p - this.lineStart;
          this.tokens.push(new Token(FSTRING_MIDDLE, "", p, p, this.lineno, ec, this.lineno, ec));
        }
        emitMiddle(p);
        const ecol = p - this.lineStart;
        this.tokens.push(new Token(OP, "}", p, p + 1, this.lineno, ecol, this.lineno, ecol + 1));
        this.parens.pop();
        this.modes.pop();
        this.pos = p + 1;
        this.afterField();
        return;
      }
      if (c === 10) {
        if (!str.triple) {
          this.pos = p;
          this.error(`unterminated f-string literal (detected at line ${this.lineno})`, str.startLine, str.startCol);
        }
        this.newline(p);
        p++;
        continue;
      }
      if (c === 92 && !str.raw) {
        if (p + 1 < this.n && src[p + 1] === 78 && p + 2 < this.n && src[p + 2] === 123) {
          // \N{NAME}
          p += 3;
          while (p < this.n && src[p] !== 125 && src[p] !== q && src[p] !== 10) p++;
          if (p < this.n && src[p] === 125) p++;
          continue;
        }
        if (p + 1 < this.n && (src[p + 1] === 123 || src[p + 1] === 125)) { p++; continue; }
        if (p + 1 < this.n && src[p + 1] === 10) this.newline(p + 1);
        p += 2;
        continue;
      }
      if (c === 92 && str.raw) {
        if (p + 1 < this.n && src[p + 1] === 10) { this.newline(p + 1); p += 2; continue; }
        if (p + 1 < this.n && src[p + 1] !== 123 && src[p + 1] !== 125) { p += 2; continue; }
      }
      p++;
    }
  }

  /** After a replacement field's `}`: marks the enclosing spec (if any). */
  afterField(): void {
    const top = this.modes.length ? this.modes[this.modes.length - 1] : null;
    if (top !== null && top.kind === "spec") top.lastWasField = true;
  }

  scanOp(c: number, mode: FExprMode | null): void {
    const src = this.src;
    const start = this.pos;
    const col = start - this.lineStart;
    const c2 = start + 1 < this.n ? src[start + 1] : 0;
    const c3 = start + 2 < this.n ? src[start + 2] : 0;
    let op: string | undefined;
    if (c === 58 && mode !== null && this.parens.length === mode.depth) op = ":";
    else op = matchOp(c, c2, c3);
    if (op === undefined && c === 33 && mode !== null) op = "!";
    if (op === undefined) {
      if (c >= 128) {
        const chs = this.buf.toString("utf8", start, Math.min(this.n, start + 4));
        const ch = String.fromCodePoint(chs.codePointAt(0)!);
        this.error(`invalid character '${ch}' (U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0")})`, this.lineno, col);
      }
      if (c === 33) this.error("invalid syntax", this.lineno, col);
      if (c === 36 || c === 63 || c === 96) this.error("invalid syntax", this.lineno, col);
      this.error(`invalid non-printable character U+${c.toString(16).toUpperCase().padStart(4, "0")}`, this.lineno, col);
    }
    // f-string replacement field structure
    if (mode !== null && this.parens.length === mode.depth) {
      if (op === "}") {
        this.pos = start + 1;
        this.push(OP, "}", start, start + 1, this.lineno, col);
        this.parens.pop();
        this.modes.pop();
        this.afterField();
        return;
      }
      if (op === ":" ) {
        this.pos = start + 1;
        this.push(OP, ":", start, start + 1, this.lineno, col);
        mode.kind = "spec";
        return;
      }
    }
    if (c === 40 || c === 91 || c === 123) {
      if (this.parens.length >= 200) this.error("too many nested parentheses", this.lineno, col);
      this.parens.push({ ch: c, lineno: this.lineno, col });
    } else if (c === 41 || c === 93 || c === 125) {
      if (this.parens.length === 0 || (mode !== null && this.parens.length <= mode.depth - 1)) {
        this.error(`unmatched '${op}'`, this.lineno, col);
      }
      const open = this.parens[this.parens.length - 1];
      const want = open.ch === 40 ? 41 : open.ch === 91 ? 93 : 125;
      if (want !== c) {
        if (mode !== null && this.parens.length === mode.depth) {
          this.error("f-string: expecting '}'", this.lineno, col);
        }
        const o = String.fromCharCode(open.ch);
        if (open.lineno !== this.lineno) {
          this.error(`closing parenthesis '${op}' does not match opening parenthesis '${o}' on line ${open.lineno}`, this.lineno, col);
        }
        this.error(`closing parenthesis '${op}' does not match opening parenthesis '${o}'`, this.lineno, col);
      }
      this.parens.pop();
    }
    this.pos = start + op.length;
    this.push(OP, op, start, this.pos, this.lineno, col);
  }
}

/** The operator starting with chars c, c2, c3 (longest match), or undefined. */
function matchOp(c: number, c2: number, c3: number): string | undefined {
  switch (c) {
    case 40: return "(";
    case 41: return ")";
    case 91: return "[";
    case 93: return "]";
    case 123: return "{";
    case 125: return "}";
    case 44: return ",";
    case 59: return ";";
    case 126: return "~";
    case 46: return c2 === 46 && c3 === 46 ? "..." : ".";
    case 58: return c2 === 61 ? ":=" : ":";
    case 61: return c2 === 61 ? "==" : "=";
    case 33: return c2 === 61 ? "!=" : undefined;
    case 43: return c2 === 61 ? "+=" : "+";
    case 45: return c2 === 61 ? "-=" : c2 === 62 ? "->" : "-";
    case 37: return c2 === 61 ? "%=" : "%";
    case 38: return c2 === 61 ? "&=" : "&";
    case 124: return c2 === 61 ? "|=" : "|";
    case 94: return c2 === 61 ? "^=" : "^";
    case 64: return c2 === 61 ? "@=" : "@";
    case 42:
      if (c2 === 42) return c3 === 61 ? "**=" : "**";
      return c2 === 61 ? "*=" : "*";
    case 47:
      if (c2 === 47) return c3 === 61 ? "//=" : "//";
      return c2 === 61 ? "/=" : "/";
    case 60:
      if (c2 === 60) return c3 === 61 ? "<<=" : "<<";
      if (c2 === 62) return "<>"; // a token (PEP 401), which the grammar then rejects
      return c2 === 61 ? "<=" : "<";
    case 62:
      if (c2 === 62) return c3 === 61 ? ">>=" : ">>";
      return c2 === 61 ? ">=" : ">";
  }
  return undefined;
}

/** Whether src[s:e] is a valid string prefix (r, u, b, f, br, rb, fr, rf in any case). */
function isStringPrefix(src: Uint8Array, s: number, e: number): boolean {
  const len = e - s;
  if (len === 0) return true;
  const a = src[s] | 32;
  if (len === 1) return a === 114 || a === 117 || a === 98 || a === 102;
  const b = src[s + 1] | 32;
  return (a === 114 && (b === 98 || b === 102)) || ((a === 98 || a === 102) && b === 114);
}
