/**
 * @fileoverview Errors the compiler reports, and how they are shown to the user.
 *
 * In: a phase throws `CompileError(kind, message, span)` when user code is outside the
 * subset (`UnsupportedError`), does not type-check (`TypingError`) or does not parse
 * (`SyntaxError`). Spans are in the coordinates of the function's dedented source text.
 * Out: the `error` object of a protocol reply (docs/protocol.md), positions mapped to the
 * user's file: `file:line:col: error: message`, the source line, and a caret.
 * Anything else thrown is a compiler bug and becomes an `InternalError`.
 */

export type ErrorKind = "TypingError" | "UnsupportedError" | "SyntaxError" | "InternalError";

/** A source range: 1-based lines, 0-based columns, in the function's dedented text. */
export interface Span { lineno: number; col_offset: number; end_lineno: number; end_col_offset: number }

/** The source a span refers to, and where that text sits in the user's file. */
export interface SourceRef { filename: string; source: string; firstlineno: number; col_offset: number }

export class CompileError extends Error {
  constructor(readonly kind: ErrorKind, message: string, readonly span: Span | null, public where: SourceRef | null = null) {
    super(message);
  }
}

export const typingError = (msg: string, span: Span | null): CompileError => new CompileError("TypingError", msg, span);
export const unsupported = (msg: string, span: Span | null): CompileError => new CompileError("UnsupportedError", msg, span);

export interface ErrorReply {
  type: ErrorKind; message: string; filename: string;
  lineno: number; col_offset: number; end_lineno: number; end_col_offset: number; formatted: string;
}

/** Maps a CompileError to the protocol's error object, with the caret display. */
export function formatError(e: CompileError): ErrorReply {
  const where = e.where;
  const span = e.span;
  if (where === null || span === null) {
    const file = where?.filename ?? "<unknown>";
    return { type: e.kind, message: e.message, filename: file, lineno: where?.firstlineno ?? 0, col_offset: 0,
      end_lineno: where?.firstlineno ?? 0, end_col_offset: 0, formatted: `${file}: error: ${e.message}\n` };
  }
  const lines = where.source.split("\n");
  const text = lines[span.lineno - 1] ?? "";
  const endText = lines[span.end_lineno - 1] ?? "";
  // AST columns count UTF-8 bytes; people and editors count characters.
  const chars = (line: string, bytes: number) => Buffer.from(line, "utf8").subarray(0, bytes).toString("utf8").length;
  const c0 = chars(text, span.col_offset), c1 = chars(endText, span.end_col_offset);
  const lineno = where.firstlineno + span.lineno - 1;
  const col = where.col_offset + c0;
  const endLineno = where.firstlineno + span.end_lineno - 1;
  const endCol = where.col_offset + c1;
  const width = span.end_lineno === span.lineno ? Math.max(1, c1 - c0) : Math.max(1, text.length - c0);
  const indent = " ".repeat(where.col_offset);
  const formatted = `${where.filename}:${lineno}:${col + 1}: error: ${e.message}\n` +
    `    ${indent}${text}\n    ${indent}${" ".repeat(c0)}${"^".repeat(width)}\n`;
  return { type: e.kind, message: e.message, filename: where.filename, lineno, col_offset: col,
    end_lineno: endLineno, end_col_offset: endCol, formatted };
}

/** The reply for a compiler bug: never crash the service, ask for a report. */
export function internalError(err: unknown, filename: string): ErrorReply {
  const detail = err instanceof Error ? `${err.message}` : String(err);
  const message = `numjit's compiler failed (${detail}); this is a bug in numjit, please report it with the ` +
    `function's source (set NUMJIT_DEBUG=1 for the compiler's stack trace).`;
  return { type: "InternalError", message, filename, lineno: 0, col_offset: 0, end_lineno: 0, end_col_offset: 0,
    formatted: `${filename}: internal error: ${message}\n` + (process.env.NUMJIT_DEBUG && err instanceof Error ? `${err.stack}\n` : "") };
}
