/**
 * @fileoverview Helpers that write LLVM IR text: a module under construction and a
 * function body under construction.
 *
 * In: calls from lower.ts, entry.ts and the builtins registry.
 * Out: the text of one LLVM module (opaque pointers, explicit element types, addresses
 * from `getelementptr` only).
 *
 * `ModuleText` gathers declarations of external symbols (C library, CPython C API),
 * private constants (strings, exception sites) and helper functions emitted once on first
 * use. `FnText` numbers temporaries and labels and keeps the lines of one function.
 */

/** Exception classes native code can raise, by code (the index). The entry point maps a
 *  code to `PyExc_<name>`. */
export const EXCEPTIONS = [
  "Exception", "ZeroDivisionError", "ValueError", "TypeError", "IndexError", "KeyError", "AssertionError",
  "OverflowError", "RuntimeError", "ArithmeticError", "NotImplementedError", "StopIteration", "LookupError",
  "FloatingPointError", "MemoryError", "AttributeError", "NameError", "UnboundLocalError", "SystemError",
];

export class ModuleText {
  private decls = new Map<string, string>();
  private consts: string[] = [];
  private strings = new Map<string, string>();
  private helpers = new Map<string, string>();
  private excSites = new Map<string, string>();
  functions: string[] = [];
  usedExceptions = new Set<number>();
  /** Some helper sets a Python exception itself before raising (arrays' IndexError). */
  presetErrors = false;
  /** Threads of a parallel region share arrays: reference counts are updated atomically
   *  (arrays/core.ts's refcount helpers read this; the pipeline sets it before lowering). */
  atomicRefcounts = false;

  /** Declares an external function or global once, by its full declaration line. */
  declare(name: string, line: string): string {
    if (!this.decls.has(name)) this.decls.set(name, line);
    return `@${name}`;
  }

  /** A private NUL-terminated constant holding `s` (UTF-8); returns `@name`. */
  cstring(s: string): string {
    const old = this.strings.get(s);
    if (old !== undefined) return old;
    const bytes = Buffer.from(s, "utf8");
    const name = `@.str.${this.strings.size}`;
    let body = "";
    for (const b of bytes) body += b >= 32 && b < 127 && b !== 34 && b !== 92 ? String.fromCharCode(b) : `\\${b.toString(16).padStart(2, "0").toUpperCase()}`;
    this.consts.push(`${name} = private unnamed_addr constant [${bytes.length + 1} x i8] c"${body}\\00", align 1`);
    this.strings.set(s, name);
    return name;
  }

  /** A private constant `{i32 code, ptr message}` describing one `raise`; returns `@name`. */
  excSite(exc: string, message: string | null): string {
    let code = EXCEPTIONS.indexOf(exc);
    if (code < 0) code = 0;
    this.usedExceptions.add(code);
    const k = `${code}:${message}`;
    const old = this.excSites.get(k);
    if (old !== undefined) return old;
    const name = `@.exc.${this.excSites.size}`;
    const msg = message === null ? "null" : this.cstring(message);
    this.consts.push(`${name} = private unnamed_addr constant {i32, ptr} {i32 ${code}, ptr ${msg}}`);
    this.excSites.set(k, name);
    return name;
  }

  /** A module-private helper function, defined by `text()` the first time it is asked for. */
  helper(name: string, text: () => string): string {
    if (!this.helpers.has(name)) {
      this.helpers.set(name, "");
      this.helpers.set(name, text());
    }
    return `@${name}`;
  }

  addConst(line: string): void { this.consts.push(line); }

  text(moduleId: string): string {
    const out = [`; ModuleID = '${moduleId}'`, `source_filename = "${moduleId}"`, ""];
    out.push(...this.consts, "");
    out.push(...[...this.decls.values()].sort(), "");
    for (const h of this.helpers.values()) out.push(h, "");
    for (const f of this.functions) out.push(f, "");
    out.push("attributes #0 = { nounwind }");
    out.push("attributes #1 = { alwaysinline nounwind }");
    out.push("attributes #2 = { noinline nounwind }");
    return out.join("\n") + "\n";
  }
}

export class FnText {
  private lines: string[] = [];
  private n = 0;
  private nlabel = 0;
  /** The label of the block being written (for phi nodes). */
  block = "entry";

  constructor(readonly m: ModuleText, readonly fastmath: string) {}

  /** A fresh SSA name. */
  tmp(): string { return `%t${this.n++}`; }
  /** A fresh label name (without `%`). */
  label(prefix: string): string { return `${prefix}.${this.nlabel++}`; }
  /** Appends an instruction line. */
  emit(line: string): void { this.lines.push(`  ${line}`); }
  /** Appends `%tN = <rhs>` and returns `%tN`. */
  op(rhs: string): string {
    const t = this.tmp();
    this.lines.push(`  ${t} = ${rhs}`);
    return t;
  }
  /** Starts a new basic block. */
  start(label: string): void {
    this.lines.push(`${label}:`);
    this.block = label;
  }
  /** A floating-point instruction with the function's fast-math flags. */
  fop(opcode: string, ty: string, a: string, b: string): string {
    return this.op(`${opcode}${this.fastmath ? " " + this.fastmath : ""} ${ty} ${a}, ${b}`);
  }
  /** A call; `ret` void gives "". */
  call(ret: string, fn: string, args: string[], fast = false): string {
    const flags = fast && this.fastmath ? `${this.fastmath} ` : "";
    const text = `call ${flags}${ret} ${fn}(${args.join(", ")})`;
    if (ret === "void") { this.emit(text); return ""; }
    return this.op(text);
  }
  body(): string[] { return this.lines; }
}

/** LLVM's spelling of a double constant: exact, as 16 hex digits. */
export function doubleConst(v: number): string {
  const buf = new DataView(new ArrayBuffer(8));
  buf.setFloat64(0, v);
  return `0x${buf.getBigUint64(0).toString(16).toUpperCase().padStart(16, "0")}`;
}

/** A float (f32) constant: the f32 value widened to double, in hex, as LLVM requires. */
export function floatConst(v: number): string {
  return doubleConst(Math.fround(v));
}

/** The LLVM fast-math flags for the `fastmath` option (true: `fast`; a list: those flags). */
export function fastmathFlags(opt: boolean | string[] | undefined): string {
  if (opt === true) return "fast";
  if (Array.isArray(opt)) {
    const known = ["nnan", "ninf", "nsz", "arcp", "contract", "afn", "reassoc"];
    return opt.filter((f) => known.includes(f)).sort().join(" ");
  }
  return "";
}
