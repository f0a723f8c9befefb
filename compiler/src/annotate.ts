/**
 * @fileoverview The text of `inspect_types()`: the source annotated with variable types.
 *
 * In: the typed functions of one compile.
 * Out: for each function, a header with its signature, then its source lines, each
 * followed by a comment giving the type of every variable first assigned on that line.
 */
import type { TFunction } from "./typed_ir";

export function annotate(fns: TFunction[]): string {
  const out: string[] = [];
  for (const tf of fns) {
    const u = tf.ufn;
    const head = `${u.qualname} (${tf.argtypes.map((t) => t.key).join(", ")}) -> ${tf.restype.key}`;
    out.push(head, "-".repeat(head.length), `# File: ${u.src.filename}`);
    const lines = u.src.source.replace(/\n$/, "").split("\n");
    const byLine = new Map<number, string[]>();
    for (const [v, line] of u.varLines) {
      const t = tf.vars.get(v);
      if (t === undefined || v.startsWith("$")) continue;
      const list = byLine.get(line) ?? [];
      list.push(`${v}: ${t.key}`);
      byLine.set(line, list);
    }
    const first = u.span.lineno, last = u.span.end_lineno;
    for (let i = first; i <= last && i <= lines.length; i++) {
      const text = lines[i - 1];
      out.push(`# --- LINE ${u.src.firstlineno + i - 1} ---`);
      out.push(text);
      const vars = byLine.get(i);
      if (vars !== undefined) {
        const indent = /^\s*/.exec(text)![0];
        out.push(`${indent}    # ${vars.join(", ")}`);
      }
    }
    out.push("");
  }
  return out.join("\n");
}
