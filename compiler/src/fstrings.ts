/**
 * @fileoverview f-strings and computed messages, in the two places jitted code shows
 * text: `print(...)` and the message of a `raise`.
 *
 * In: a template (`Piece[]`) that build_ir.ts makes from a `print` call whose arguments
 * include an f-string, or from `raise Cls(<f-string or str variable>)`, registered here
 * under a name derived from the template (`$print_fmt:...`, `$raise_fmt:...`); the call's
 * arguments are the template's values.
 * Out: an `Impl` that, holding the GIL, formats every value as Python does (box the value,
 * `str`/`repr`/`ascii` for `!s !r !a`, then `format(value, spec)`), joins the pieces, and
 * writes the line to sys.stdout, or sets the exception with that message (the raise
 * that follows carries no message of its own: the one set here wins, as for the
 * formatted IndexError of arrays).
 */
import { typingError } from "./diagnostics";
import { BUILTINS, type Impl, type LowerCtx } from "./registry";
import { isNumber, none, unicode, type Type } from "./types";

/** A literal piece, or value `index` with its conversion (-1, 's', 'r', 'a' codes) and spec. */
export type Piece = { lit: string } | { val: number; conv: number; spec: string };

function formattable(t: Type): boolean {
  if (isNumber(t) || t === none || t === unicode) return true;
  if (t.tag === "tuple") return t.items.every(formattable);
  if (t.tag === "optional") return formattable(t.inner);
  if (t.tag === "list" || t.tag === "array") return true;
  return false;
}

/** Builds the Python str of the template (a new reference; GIL held). */
function formatPieces(l: LowerCtx, pieces: Piece[], types: Type[], onFail: string[]): string {
  const f = l.f, m = l.m;
  const d = (n: string, line: string) => m.declare(n, line);
  d("PyUnicode_FromString", "declare ptr @PyUnicode_FromString(ptr)");
  d("PyObject_Format", "declare ptr @PyObject_Format(ptr, ptr)");
  d("PyObject_Repr", "declare ptr @PyObject_Repr(ptr)");
  d("PyObject_ASCII", "declare ptr @PyObject_ASCII(ptr)");
  d("PyObject_Str", "declare ptr @PyObject_Str(ptr)");
  d("PyUnicode_Concat", "declare ptr @PyUnicode_Concat(ptr, ptr)");
  d("Py_DecRef", "declare void @Py_DecRef(ptr)");
  const check = (v: string, extra: string[]) => {
    const bad = f.label("fmtfail"), ok = f.label("ok");
    f.emit(`br i1 ${f.op(`icmp eq ptr ${v}, null`)}, label %${bad}, label %${ok}`);
    f.start(bad);
    for (const line of [...extra, ...onFail]) f.emit(line);
    f.start(ok);
  };
  let acc = f.call("ptr", "@PyUnicode_FromString", [`ptr ${m.cstring("")}`]);
  check(acc, []);
  for (const p of pieces) {
    let s: string;
    if ("lit" in p) {
      s = f.call("ptr", "@PyUnicode_FromString", [`ptr ${m.cstring(p.lit)}`]);
      check(s, [`call void @Py_DecRef(ptr ${acc})`]);
    } else {
      const t = types[p.val];
      let obj = t === unicode
        ? f.call("ptr", "@PyUnicode_FromString", [`ptr ${l.args[p.val]}`])
        : l.box(l.args[p.val], t, [`call void @Py_DecRef(ptr ${acc})`, ...onFail]);
      check(obj, [`call void @Py_DecRef(ptr ${acc})`]);
      const conv = p.conv === 114 ? "@PyObject_Repr" : p.conv === 97 ? "@PyObject_ASCII" : p.conv === 115 ? "@PyObject_Str" : null;
      if (conv !== null) {
        const c2 = f.call("ptr", conv, [`ptr ${obj}`]);
        f.call("void", "@Py_DecRef", [`ptr ${obj}`]);
        check(c2, [`call void @Py_DecRef(ptr ${acc})`]);
        obj = c2;
      }
      const spec = f.call("ptr", "@PyUnicode_FromString", [`ptr ${m.cstring(p.spec)}`]);
      s = f.call("ptr", "@PyObject_Format", [`ptr ${obj}`, `ptr ${spec}`]);
      f.call("void", "@Py_DecRef", [`ptr ${obj}`]);
      f.call("void", "@Py_DecRef", [`ptr ${spec}`]);
      check(s, [`call void @Py_DecRef(ptr ${acc})`]);
    }
    const next = f.call("ptr", "@PyUnicode_Concat", [`ptr ${acc}`, `ptr ${s}`]);
    f.call("void", "@Py_DecRef", [`ptr ${acc}`]);
    f.call("void", "@Py_DecRef", [`ptr ${s}`]);
    check(next, []);
    acc = next;
  }
  return acc;
}

function withGil(l: LowerCtx): [string, () => void] {
  l.m.declare("PyGILState_Ensure", "declare i32 @PyGILState_Ensure()");
  l.m.declare("PyGILState_Release", "declare void @PyGILState_Release(i32)");
  const g = l.f.call("i32", "@PyGILState_Ensure", []);
  return [g, () => l.f.call("void", "@PyGILState_Release", [`i32 ${g}`])];
}

/** The registry name of a print with template `pieces` (registered on first use). */
export function printFmt(pieces: Piece[]): string {
  const name = `$print_fmt:${JSON.stringify(pieces)}`;
  if (BUILTINS.has(name)) return name;
  BUILTINS.set(name, (c) => {
    c.args.forEach((t) => { if (!formattable(t)) throw typingError(`print() cannot format a value of type ${t.key} in jitted code.`, c.span); });
    const impl: Impl = {
      name: "print", args: c.args, ret: none,
      lower: (l) => {
        const [g, release] = withGil(l);
        const onFail = [`call void @PyGILState_Release(i32 ${g})`, `store ptr ${l.m.excSite("MemoryError", "print() failed")}, ptr %exc`, "ret i32 1"];
        const s = formatPieces(l, [...pieces, { lit: "\n" }], c.args, onFail);
        l.m.declare("PySys_FormatStdout", "declare void @PySys_FormatStdout(ptr, ...)");
        l.f.emit(`call void (ptr, ...) @PySys_FormatStdout(ptr ${l.m.cstring("%U")}, ptr ${s})`);
        l.f.call("void", "@Py_DecRef", [`ptr ${s}`]);
        release();
        return "0";
      },
    };
    return impl;
  });
  return name;
}

/** The registry name of `raise Cls(<template>)`: sets the exception `cls` with the
 *  formatted message; the `raise` terminator after it leaves. */
export function raiseFmt(cls: string, pieces: Piece[]): string {
  const name = `$raise_fmt:${cls}:${JSON.stringify(pieces)}`;
  if (BUILTINS.has(name)) return name;
  BUILTINS.set(name, (c) => {
    c.args.forEach((t) => { if (!formattable(t)) throw typingError(`an exception message cannot format a value of type ${t.key} in jitted code.`, c.span); });
    return {
      name: "raise", args: c.args, ret: none,
      lower: (l) => {
        l.m.presetErrors = true;
        const [g, release] = withGil(l);
        const onFail = [`call void @PyGILState_Release(i32 ${g})`, `store ptr ${l.m.excSite("MemoryError", "formatting an exception message failed")}, ptr %exc`, "ret i32 1"];
        const s = formatPieces(l, pieces, c.args, onFail);
        l.m.declare("PyErr_SetObject", "declare void @PyErr_SetObject(ptr, ptr)");
        l.m.declare(`PyExc_${cls}`, `@PyExc_${cls} = external global ptr`);
        const exc = l.f.op(`load ptr, ptr @PyExc_${cls}`);
        l.f.call("void", "@PyErr_SetObject", [`ptr ${exc}`, `ptr ${s}`]);
        l.f.call("void", "@Py_DecRef", [`ptr ${s}`]);
        release();
        return "0";
      },
    };
  });
  return name;
}
