/**
 * @fileoverview The syntax error raised by the tokenizer and the parser.
 *
 * In: a message and a span (1-based lines, 0-based UTF-8 byte columns, as AST nodes).
 * Out: {@link PySyntaxError}, whose `format()` gives
 * `file:line:col: SyntaxError: msg`, the source line, and carets under the span
 * (col there is 1-based and counted in characters, as editors count).
 */

export class PySyntaxError extends Error {
  /** the source line (without newline), filled in by parseModule when known */
  text: string | null = null;

  constructor(
    public msg: string,
    public filename: string,
    public lineno: number,
    public col_offset: number,
    public end_lineno: number,
    public end_col_offset: number,
    /** "SyntaxError", "IndentationError" or "TabError" */
    public type: string = "SyntaxError",
  ) {
    super(msg);
    this.name = type;
  }

  /** Fills in `text` from the full source, if not already set. */
  attachSource(source: Uint8Array | string): void {
    if (this.text !== null) return;
    const s = typeof source === "string" ? source : Buffer.from(source).toString("utf8");
    const lines = s.split("\n");
    const line = lines[this.lineno - 1];
    this.text = line === undefined ? null : line.replace(/\r$/, "");
  }

  /** `file:line:col: SyntaxError: msg`, the source line and a caret line. */
  format(): string {
    let col = this.col_offset + 1;
    let out = "";
    if (this.text !== null) {
      const bytes = Buffer.from(this.text, "utf8");
      const before = bytes.subarray(0, Math.min(this.col_offset, bytes.length)).toString("utf8");
      col = [...before].length + 1;
      const stripped = this.text.replace(/^[ \t\f]+/, "");
      const indent = [...this.text].length - [...stripped].length;
      let width = 1;
      if (this.end_lineno === this.lineno && this.end_col_offset > this.col_offset) {
        const span = bytes.subarray(this.col_offset, this.end_col_offset).toString("utf8");
        width = Math.max(1, [...span].length);
      }
      const caretCol = Math.max(0, col - 1 - indent);
      out = `\n    ${stripped}\n    ${" ".repeat(caretCol)}${"^".repeat(width)}`;
    }
    return `${this.filename}:${this.lineno}:${col}: ${this.type}: ${this.msg}${out}`;
  }
}
