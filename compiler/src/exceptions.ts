/**
 * @fileoverview Catching specific exceptions: the library entries that `try` statements
 * desugar to (build_ir.ts `tryStmt`).
 *
 * In: calls build_ir.ts emits in an `except` dispatch block:
 *   `$exc_match(Cls, ...)`  → bool: the exception being handled is one of the classes
 *                             (or a subclass: `except LookupError` catches IndexError);
 *   `$exc_message()`        → str: its message (`except E as e` binds e to it, so
 *                             `print(e)` and `str(e)` show what CPython shows);
 *   `$exc_reraise()`        → raises the exception being handled again (no clause
 *                             matched, or after a `finally` body).
 * Out: `Impl`s reading the raise site `{i32 code, ptr message}` that every raise stores
 * at `%exc` before jumping to its handler (lower.ts `leave`).
 */
import { typingError } from "./diagnostics";
import { BUILTINS, type Impl } from "./registry";
import { EXCEPTIONS } from "./llvm";
import { bool, none, unicode } from "./types";

/** The built-in exception classes below each class (itself included). */
const SUBCLASSES: Record<string, string[]> = {
  ArithmeticError: ["ZeroDivisionError", "OverflowError", "FloatingPointError"],
  LookupError: ["IndexError", "KeyError"],
  NameError: ["UnboundLocalError"],
  RuntimeError: ["NotImplementedError"],
};

export function caughtBy(cls: string): string[] {
  if (cls === "Exception" || cls === "BaseException") return [...EXCEPTIONS];
  return [cls, ...(SUBCLASSES[cls] ?? [])];
}

BUILTINS.set("$exc_match", (c) => {
  const names: string[] = [];
  for (const t of c.args) {
    if (t.tag !== "opaque" || t.what.k !== "exception") {
      throw typingError(`an except clause names built-in exception classes in jitted code, not ${t.key}.`, c.span);
    }
    names.push(...caughtBy(t.what.name));
  }
  const codes = [...new Set(names.map((n) => EXCEPTIONS.indexOf(n)).filter((i) => i >= 0))];
  const impl: Impl = {
    name: "except", args: c.args, ret: bool,
    lower: (l) => {
      const f = l.f;
      const site = f.op("load ptr, ptr %exc");
      const code = f.op(`load i32, ptr ${site}`);
      let acc = "false";
      for (const k of codes) acc = f.op(`or i1 ${acc}, ${f.op(`icmp eq i32 ${code}, ${k}`)}`);
      return acc;
    },
  };
  return impl;
});

BUILTINS.set("$exc_message", () => ({
  name: "message", args: [], ret: unicode,
  lower: (l) => {
    const f = l.f;
    const site = f.op("load ptr, ptr %exc");
    const msg = f.op(`load ptr, ptr ${f.op(`getelementptr inbounds {i32, ptr}, ptr ${site}, i32 0, i32 1`)}`);
    const empty = f.m.cstring("");
    return f.op(`select i1 ${f.op(`icmp eq ptr ${msg}, null`)}, ptr ${empty}, ptr ${msg}`);
  },
}));

BUILTINS.set("$exc_reraise", () => ({
  name: "raise", args: [], ret: none,
  lower: (l) => { l.raise(null, null); return "0"; },
}));

// str(s) of a str is s itself (for `str(e)` in an except clause)
const prevStr = BUILTINS.get("str");
BUILTINS.set("str", (c) => {
  if (c.args.length === 1 && c.args[0] === unicode && c.kwargs.length === 0) {
    return { name: "str", args: [unicode], ret: unicode, lower: (l) => l.args[0] };
  }
  if (prevStr !== undefined) return prevStr(c);
  throw typingError("str() is supported only on strings in jitted code.", c.span);
});

// $exc_clear(): at the start of a matching except clause, drops a Python exception that a
// helper set with a formatted message (arrays' IndexError), so caught means gone.
BUILTINS.set("$exc_clear", () => ({
  name: "except", args: [], ret: none,
  lower: (l) => {
    const m = l.m;
    m.declare("PyGILState_Ensure", "declare i32 @PyGILState_Ensure()");
    m.declare("PyGILState_Release", "declare void @PyGILState_Release(i32)");
    m.declare("PyErr_Clear", "declare void @PyErr_Clear()");
    const fn = m.helper("nj.exc_clear", () => [
      "define internal void @nj.exc_clear() #2 {",
      "entry:",
      "  %g = call i32 @PyGILState_Ensure()",
      "  call void @PyErr_Clear()",
      "  call void @PyGILState_Release(i32 %g)",
      "  ret void",
      "}",
    ].join("\n"));
    l.f.call("void", fn, []);
    return "0";
  },
}));
