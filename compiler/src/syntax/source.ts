/**
 * @fileoverview Source decoding: raw file bytes to text, as CPython reads a module.
 *
 * In: the bytes of a `.py` file.
 * Out: its text. A UTF-8 BOM is dropped; otherwise an encoding declaration
 * (`# -*- coding: NAME -*-`, PEP 263) on line 1, or on line 2 when line 1 is blank or a
 * comment, selects the codec; the default is UTF-8, decoded strictly. The parser then
 * works on the UTF-8 re-encoding of that text, so AST columns are UTF-8 byte offsets
 * whatever the file's encoding, as in CPython.
 */
import { PySyntaxError } from "./errors";

/** Finds the PEP 263 declaration in the first two lines, or null. */
export function findCodingCookie(data: Uint8Array): string | null {
  let lineStart = 0;
  for (let line = 0; line < 2 && lineStart < data.length; line++) {
    let e = lineStart;
    while (e < data.length && data[e] !== 10 && data[e] !== 13) e++;
    const text = Buffer.from(data.subarray(lineStart, Math.min(e, lineStart + 400))).toString("latin1");
    const m = /^[ \t\f]*#.*?coding[:=][ \t]*([-\w.]+)/.exec(text);
    if (m) return m[1];
    // line 2 is consulted only when line 1 is blank or a comment
    if (!/^[ \t\f]*(#.*)?$/.test(text)) return null;
    lineStart = e + 1;
    if (e < data.length && data[e] === 13 && data[e + 1] === 10) lineStart++;
  }
  return null;
}

function normaliseEncoding(name: string): string {
  const n = name.toLowerCase().replace(/_/g, "-");
  if (n === "utf-8" || n.startsWith("utf-8-")) return "utf-8";
  if (n === "latin-1" || n === "iso-8859-1" || n === "iso-latin-1" || n.startsWith("latin-1-") ||
    n.startsWith("iso-8859-1-") || n.startsWith("iso-latin-1-") || n === "latin1") return "latin-1";
  return n;
}

/** Decodes file bytes to source text (see the file overview). */
export function decodeSource(data: Uint8Array, filename = "<unknown>"): string {
  let bom = false;
  if (data.length >= 3 && data[0] === 0xef && data[1] === 0xbb && data[2] === 0xbf) {
    data = data.subarray(3);
    bom = true;
  }
  const cookie = findCodingCookie(data);
  let enc = cookie === null ? "utf-8" : normaliseEncoding(cookie);
  if (bom && enc !== "utf-8") {
    throw new PySyntaxError(`encoding problem: ${cookie} with BOM`, filename, 1, 0, 1, 1);
  }
  if (enc === "latin-1") return Buffer.from(data).toString("latin1");
  if (enc === "ascii" || enc === "us-ascii") {
    for (let i = 0; i < data.length; i++) {
      if (data[i] >= 128) throw unicodeError(filename, data, i, "ascii");
    }
    return Buffer.from(data).toString("latin1");
  }
  let decoder: InstanceType<typeof TextDecoder>;
  try {
    decoder = new TextDecoder(enc, { fatal: true });
  } catch {
    throw new PySyntaxError(`unknown encoding: ${cookie}`, filename, 1, 0, 1, 1);
  }
  try {
    return decoder.decode(data);
  } catch {
    let bad = 0;
    if (enc === "utf-8") {
      // locate the first bad byte for the message
      const s = Buffer.from(data).toString("utf8");
      const good = Buffer.from(s.slice(0, s.indexOf("\ufffd") < 0 ? s.length : s.indexOf("\ufffd")), "utf8");
      bad = good.length;
    }
    throw unicodeError(filename, data, bad, enc);
  }
}

function unicodeError(filename: string, data: Uint8Array, at: number, enc: string): PySyntaxError {
  let line = 1, col = 0;
  for (let i = 0; i < at && i < data.length; i++) {
    if (data[i] === 10) { line++; col = 0; } else col++;
  }
  const b = data[at] ?? 0;
  return new PySyntaxError(
    `(unicode error) '${enc}' codec can't decode byte 0x${b.toString(16).padStart(2, "0")} in position ${at}`,
    filename, line, col, line, col + 1);
}
