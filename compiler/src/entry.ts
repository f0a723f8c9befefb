/**
 * @fileoverview The CPython entry point of a compiled function, in LLVM IR.
 *
 * In: the root `TFunction` (its native symbol, argument and return types, options).
 * Out: `define ptr @nj_entry_...(ptr %self, ptr %args, i64 %nargs)`, the METH_FASTCALL
 * convention (docs/protocol.md): it checks `nargs`, unboxes each argument with the C API
 * (`PyFloat_AsDouble`, `PyLong_AsLongLong`, ...; a wrong type gives the C API's TypeError,
 * which names the type), calls the native function (releasing the GIL around it under
 * `nogil`), and boxes the result as a new reference, or sets the Python exception that
 * the native code reported and returns NULL.
 */
import { typingError } from "./diagnostics";
import { EXCEPTIONS, FnText, type ModuleText } from "./llvm";
import type { TFunction } from "./typed_ir";
import { bool, float32, isComplex, isFloat, isInt, llvmType, none, unicode, type Type } from "./types";
import { boxArray, unboxArray } from "./arrays/boxing";
import { isDtype } from "./arrays/core";
import { boxList, reflectList, releaseLists, unboxList } from "./lists/boxing";
import { newList } from "./lists/core";

/** Writes the entry point of `tf` into `m`; returns its symbol. */
export function emitEntry(tf: TFunction, m: ModuleText): string {
  const sym = tf.symbol.replace(/^nj_/, "nj_entry_");
  for (const t of tf.argtypes) checkUnboxable(t, tf);
  checkBoxable(tf.restype, tf);
  const f = new FnText(m, "");
  const d = (name: string, line: string) => m.declare(name, line);
  d("PyErr_Occurred", "declare ptr @PyErr_Occurred()");
  d("PyErr_Format", "declare ptr @PyErr_Format(ptr, ptr, ...)");
  d("PyExc_TypeError", "@PyExc_TypeError = external global ptr");
  const n = tf.argtypes.length;

  f.start("entry");
  const ok = f.op(`icmp eq i64 %nargs, ${n}`);
  f.emit("br i1 %ok.nargs, label %unbox, label %badargs".replace("%ok.nargs", ok));
  f.start("badargs");
  const te = f.op("load ptr, ptr @PyExc_TypeError");
  const msg = m.cstring(`${tf.ufn.name}() takes ${n} positional argument${n === 1 ? "" : "s"} but %zd were given`);
  f.emit(`call ptr (ptr, ptr, ...) @PyErr_Format(ptr ${te}, ptr ${msg}, i64 %nargs)`);
  f.emit("ret ptr null");
  f.start("unbox");
  const vals: string[] = [];
  tf.argtypes.forEach((t, i) => {
    const p = f.op(`getelementptr inbounds ptr, ptr %args, i64 ${i}`);
    const o = f.op(`load ptr, ptr ${p}`);
    vals.push(unbox(f, o, t));
  });

  const rslot = f.op(`alloca ${llvmType(tf.restype)}`);
  const eslot = f.op("alloca ptr");
  f.emit(`store ptr null, ptr ${eslot}`);
  let ts = "";
  if (tf.options.nogil) {
    d("PyEval_SaveThread", "declare ptr @PyEval_SaveThread()");
    d("PyEval_RestoreThread", "declare void @PyEval_RestoreThread(ptr)");
    ts = f.call("ptr", "@PyEval_SaveThread", []);
  }
  const st = f.call("i32", `@${tf.symbol}`, [`ptr ${rslot}`, `ptr ${eslot}`, ...vals.map((v, i) => `${llvmType(tf.argtypes[i])} ${v}`)]);
  if (tf.options.nogil) f.call("void", "@PyEval_RestoreThread", [`ptr ${ts}`]);
  // list arguments: their (possibly mutated) items go back into the Python lists
  tf.argtypes.forEach((t, i) => {
    if (t.tag !== "list") return;
    const p = f.op(`getelementptr inbounds ptr, ptr %args, i64 ${i}`);
    reflectList(f, f.op(`load ptr, ptr ${p}`), vals[i], t, box);
  });
  const failed = f.op(`icmp ne i32 ${st}, 0`);
  f.emit(`br i1 ${failed}, label %raise, label %box`);
  f.start("raise");
  if (m.usedExceptions.size === 0) {
    f.emit("unreachable"); // nothing in this module raises
  } else {
    const site = f.op(`load ptr, ptr ${eslot}`);
    f.call("void", raiseHelper(m), [`ptr ${site}`]);
    f.emit("ret ptr null");
  }
  f.start("box");
  const r = f.op(`load ${llvmType(tf.restype)}, ptr ${rslot}`);
  const boxed = box(f, r, tf.restype);
  releaseLists(f, tf.restype, r); // the Python list copied the items; arrays went to their capsules
  f.emit(`ret ptr ${boxed}`);

  m.functions.push([`define ptr @${sym}(ptr %self, ptr %args, i64 %nargs) #0 {`, ...f.body(), "}"].join("\n"));
  return sym;
}

function checkUnboxable(t: Type, tf: TFunction): void {
  if (t === bool || isInt(t) || isFloat(t) || isComplex(t) || t === none || t === unicode) return;
  if (t.tag === "array" && isDtype(t.dtype)) return;
  if (t.tag === "tuple") { t.items.forEach((x) => checkUnboxable(x, tf)); return; }
  if (t.tag === "optional") { checkUnboxable(t.inner, tf); return; }
  if (t.tag === "list" && t.elem !== null) {
    const ok = (x: Type): boolean => x === bool || isInt(x) || isFloat(x) || isComplex(x) || (x.tag === "tuple" && x.items.every(ok));
    if (ok(t.elem) || (t.elem.tag === "array" && isDtype(t.elem.dtype))) return; // lists of arrays: lists/boxing.ts
  }
  throw typingError(`${tf.ufn.name}() cannot take an argument of type ${t.key} from Python yet.`, tf.ufn.span);
}

function checkBoxable(t: Type, tf: TFunction): void {
  if (t === bool || isInt(t) || isFloat(t) || isComplex(t) || t === none || t === unicode) return;
  if (t.tag === "array" && isDtype(t.dtype)) return;
  if (t.tag === "tuple") { t.items.forEach((x) => checkBoxable(x, tf)); return; }
  if (t.tag === "optional") { checkBoxable(t.inner, tf); return; }
  if (t.tag === "list") return;
  throw typingError(`${tf.ufn.name}() returns a value of type ${t.key}, which cannot be returned to Python; return numbers or tuples of them instead.`, tf.ufn.span);
}

/** Branches to a block running `onFail` (default: return NULL) when `bad` holds; continues in a fresh block. */
function failIf(f: FnText, bad: string, onFail: string[] = ["ret ptr null"]): void {
  const fail = f.label("fail"), ok = f.label("ok");
  f.emit(`br i1 ${bad}, label %${fail}, label %${ok}`);
  f.start(fail);
  for (const line of onFail) f.emit(line);
  f.start(ok);
}

/** `v == sentinel && PyErr_Occurred()`: the C API's error convention. */
function errIfSentinel(f: FnText, cmp: string): void {
  const check = f.label("check"), ok = f.label("ok");
  f.emit(`br i1 ${cmp}, label %${check}, label %${ok}`);
  f.start(check);
  const err = f.call("ptr", "@PyErr_Occurred", []);
  const bad = f.op(`icmp ne ptr ${err}, null`);
  f.emit(`br i1 ${bad}, label %${check}.fail, label %${ok}`);
  f.start(`${check}.fail`);
  f.emit("ret ptr null");
  f.start(ok);
}

/** Converts the Python object `o` to the native value of type `t`. */
function unbox(f: FnText, o: string, t: Type): string {
  const m = f.m;
  if (isFloat(t)) {
    m.declare("PyFloat_AsDouble", "declare double @PyFloat_AsDouble(ptr)");
    const v = f.call("double", "@PyFloat_AsDouble", [`ptr ${o}`]);
    errIfSentinel(f, f.op(`fcmp oeq double ${v}, -1.0`));
    return t === float32 ? f.op(`fptrunc double ${v} to float`) : v;
  }
  if (isInt(t)) {
    let v: string;
    if (t.signed) {
      m.declare("PyLong_AsLongLong", "declare i64 @PyLong_AsLongLong(ptr)");
      v = f.call("i64", "@PyLong_AsLongLong", [`ptr ${o}`]);
    } else {
      m.declare("PyNumber_Index", "declare ptr @PyNumber_Index(ptr)");
      m.declare("PyLong_AsUnsignedLongLong", "declare i64 @PyLong_AsUnsignedLongLong(ptr)");
      m.declare("Py_DecRef", "declare void @Py_DecRef(ptr)");
      const idx = f.call("ptr", "@PyNumber_Index", [`ptr ${o}`]);
      failIf(f, f.op(`icmp eq ptr ${idx}, null`));
      v = f.call("i64", "@PyLong_AsUnsignedLongLong", [`ptr ${idx}`]);
      f.call("void", "@Py_DecRef", [`ptr ${idx}`]);
    }
    errIfSentinel(f, f.op(`icmp eq i64 ${v}, -1`));
    return t.bits === 64 ? v : f.op(`trunc i64 ${v} to i${t.bits}`);
  }
  if (t === bool) {
    m.declare("PyObject_IsTrue", "declare i32 @PyObject_IsTrue(ptr)");
    const v = f.call("i32", "@PyObject_IsTrue", [`ptr ${o}`]);
    failIf(f, f.op(`icmp slt i32 ${v}, 0`));
    return f.op(`icmp ne i32 ${v}, 0`);
  }
  if (isComplex(t)) {
    // Py_complex is returned in two FP registers (SysV x86-64, AAPCS64), as LLVM returns
    // a {double, double}; it honours __complex__ (NumPy complex scalars).
    m.declare("PyComplex_AsCComplex", "declare {double, double} @PyComplex_AsCComplex(ptr)");
    const c = f.call("{double, double}", "@PyComplex_AsCComplex", [`ptr ${o}`]);
    const re = f.op(`extractvalue {double, double} ${c}, 0`);
    errIfSentinel(f, f.op(`fcmp oeq double ${re}, -1.0`));
    const im = f.op(`extractvalue {double, double} ${c}, 1`);
    const p = llvmType(t.part);
    const [r2, i2] = t.part === float32 ? [f.op(`fptrunc double ${re} to float`), f.op(`fptrunc double ${im} to float`)] : [re, im];
    const a = f.op(`insertvalue {${p}, ${p}} undef, ${p} ${r2}, 0`);
    return f.op(`insertvalue {${p}, ${p}} ${a}, ${p} ${i2}, 1`);
  }
  if (t === none) return "0";
  if (t.tag === "array") return unboxArray(f, o, t);
  if (t.tag === "list") {
    return unboxList(f, o, t, unbox, (g, et, n) => newList(g, et, n, (cond) => failIf(g, cond, ["ret ptr null"])));
  }
  if (t === unicode) {
    m.declare("PyUnicode_AsUTF8", "declare ptr @PyUnicode_AsUTF8(ptr)");
    const s = f.call("ptr", "@PyUnicode_AsUTF8", [`ptr ${o}`]);
    failIf(f, f.op(`icmp eq ptr ${s}, null`));
    return s;
  }
  if (t.tag === "tuple") {
    m.declare("PyTuple_Size", "declare i64 @PyTuple_Size(ptr)");
    m.declare("PyTuple_GetItem", "declare ptr @PyTuple_GetItem(ptr, i64)");
    const size = f.call("i64", "@PyTuple_Size", [`ptr ${o}`]);
    failIf(f, f.op(`icmp slt i64 ${size}, 0`));
    const wrong = f.op(`icmp ne i64 ${size}, ${t.items.length}`);
    const bad = f.label("badlen"), ok = f.label("ok");
    f.emit(`br i1 ${wrong}, label %${bad}, label %${ok}`);
    f.start(bad);
    m.declare("PyErr_SetString", "declare void @PyErr_SetString(ptr, ptr)");
    const te = f.op("load ptr, ptr @PyExc_TypeError");
    f.call("void", "@PyErr_SetString", [`ptr ${te}`, `ptr ${m.cstring(`expected a tuple of ${t.items.length} items`)}`]);
    f.emit("ret ptr null");
    f.start(ok);
    const ty = llvmType(t);
    let acc = t.items.length === 0 ? "zeroinitializer" : "undef";
    t.items.forEach((it, i) => {
      const item = f.call("ptr", "@PyTuple_GetItem", [`ptr ${o}`, `i64 ${i}`]);
      acc = f.op(`insertvalue ${ty} ${acc}, ${llvmType(it)} ${unbox(f, item, it)}, ${i}`);
    });
    return acc;
  }
  if (t.tag === "optional") {
    m.declare("_Py_NoneStruct", "@_Py_NoneStruct = external global i8");
    const isNone = f.op(`icmp eq ptr ${o}, @_Py_NoneStruct`);
    const some = f.label("some"), join = f.label("join");
    const from = f.block;
    f.emit(`br i1 ${isNone}, label %${join}, label %${some}`);
    f.start(some);
    const v = unbox(f, o, t.inner);
    const ty = llvmType(t);
    const a = f.op(`insertvalue ${ty} undef, i1 true, 0`);
    const full = f.op(`insertvalue ${ty} ${a}, ${llvmType(t.inner)} ${v}, 1`);
    const last = f.block;
    f.emit(`br label %${join}`);
    f.start(join);
    return f.op(`phi ${ty} [zeroinitializer, %${from}], [${full}, %${last}]`);
  }
  throw new Error(`unbox ${t.key}`);
}

/** Converts the native value `v` of type `t` to a new reference; on an allocation
 *  failure runs `onFail` (default: return NULL from the entry point). */
export function box(f: FnText, v: string, t: Type, onFail: string[] = ["ret ptr null"]): string {
  const m = f.m;
  if (isFloat(t)) {
    m.declare("PyFloat_FromDouble", "declare ptr @PyFloat_FromDouble(double)");
    const d = t === float32 ? f.op(`fpext float ${v} to double`) : v;
    return f.call("ptr", "@PyFloat_FromDouble", [`double ${d}`]);
  }
  if (isInt(t)) {
    const w = t.bits === 64 ? v : f.op(`${t.signed ? "sext" : "zext"} i${t.bits} ${v} to i64`);
    const fn = t.signed ? "PyLong_FromLongLong" : "PyLong_FromUnsignedLongLong";
    m.declare(fn, `declare ptr @${fn}(i64)`);
    return f.call("ptr", `@${fn}`, [`i64 ${w}`]);
  }
  if (t === bool) {
    m.declare("PyBool_FromLong", "declare ptr @PyBool_FromLong(i64)");
    return f.call("ptr", "@PyBool_FromLong", [`i64 ${f.op(`zext i1 ${v} to i64`)}`]);
  }
  if (isComplex(t)) {
    m.declare("PyComplex_FromDoubles", "declare ptr @PyComplex_FromDoubles(double, double)");
    const p = llvmType(t.part);
    let re = f.op(`extractvalue {${p}, ${p}} ${v}, 0`), im = f.op(`extractvalue {${p}, ${p}} ${v}, 1`);
    if (t.part === float32) { re = f.op(`fpext float ${re} to double`); im = f.op(`fpext float ${im} to double`); }
    return f.call("ptr", "@PyComplex_FromDoubles", [`double ${re}`, `double ${im}`]);
  }
  if (t.tag === "array") return boxArray(f, v, t, onFail);
  if (t.tag === "list") return boxList(f, v, t, onFail, box);
  if (t === none) {
    m.declare("_Py_NoneStruct", "@_Py_NoneStruct = external global i8");
    m.declare("Py_IncRef", "declare void @Py_IncRef(ptr)");
    f.call("void", "@Py_IncRef", ["ptr @_Py_NoneStruct"]);
    return "@_Py_NoneStruct";
  }
  if (t === unicode) {
    m.declare("PyUnicode_FromString", "declare ptr @PyUnicode_FromString(ptr)");
    return f.call("ptr", "@PyUnicode_FromString", [`ptr ${v}`]);
  }
  if (t.tag === "tuple") {
    m.declare("PyTuple_New", "declare ptr @PyTuple_New(i64)");
    m.declare("PyTuple_SetItem", "declare i32 @PyTuple_SetItem(ptr, i64, ptr)");
    m.declare("Py_DecRef", "declare void @Py_DecRef(ptr)");
    const tup = f.call("ptr", "@PyTuple_New", [`i64 ${t.items.length}`]);
    failIf(f, f.op(`icmp eq ptr ${tup}, null`), onFail);
    t.items.forEach((it, i) => {
      const item = box(f, f.op(`extractvalue ${llvmType(t)} ${v}, ${i}`), it, [`call void @Py_DecRef(ptr ${tup})`, ...onFail]);
      const bad = f.label("boxfail"), ok = f.label("ok");
      f.emit(`br i1 ${f.op(`icmp eq ptr ${item}, null`)}, label %${bad}, label %${ok}`);
      f.start(bad);
      f.call("void", "@Py_DecRef", [`ptr ${tup}`]);
      for (const line of onFail) f.emit(line);
      f.start(ok);
      f.call("i32", "@PyTuple_SetItem", [`ptr ${tup}`, `i64 ${i}`, `ptr ${item}`]);
    });
    return tup;
  }
  if (t.tag === "optional") {
    const ty = llvmType(t);
    const present = f.op(`extractvalue ${ty} ${v}, 0`);
    const some = f.label("some"), nothing = f.label("none"), join = f.label("join");
    f.emit(`br i1 ${present}, label %${some}, label %${nothing}`);
    f.start(some);
    const a = box(f, f.op(`extractvalue ${ty} ${v}, 1`), t.inner, onFail);
    const from = f.block;
    f.emit(`br label %${join}`);
    f.start(nothing);
    const b = box(f, "0", none, onFail);
    const from2 = f.block;
    f.emit(`br label %${join}`);
    f.start(join);
    return f.op(`phi ptr [${a}, %${from}], [${b}, %${from2}]`);
  }
  throw new Error(`box ${t.key}`);
}

/** `@nj.raise(ptr site)`: sets the Python exception described by a raise site. */
function raiseHelper(m: ModuleText): string {
  return m.helper("nj.raise", () => {
    m.declare("PyErr_SetString", "declare void @PyErr_SetString(ptr, ptr)");
    m.declare("PyErr_SetNone", "declare void @PyErr_SetNone(ptr)");
    const lines = [
      "define internal void @nj.raise(ptr %site) #2 {",
      "entry:",
      // an exception a helper already set (with a formatted message) wins
      ...(m.presetErrors ? ["  %occ = call ptr @PyErr_Occurred()", "  %isset = icmp ne ptr %occ, null",
        "  br i1 %isset, label %already, label %fresh", "already:", "  ret void", "fresh:"] : []),
      "  %code = load i32, ptr %site",
      "  %pm = getelementptr inbounds {i32, ptr}, ptr %site, i32 0, i32 1",
      "  %msg = load ptr, ptr %pm",
    ];
    // Only the exception classes this module raises (code 0, Exception, is the default).
    const codes = [0, ...[...m.usedExceptions].filter((c) => c !== 0).sort((a, b) => a - b)];
    lines.push(`  switch i32 %code, label %c0 [${codes.slice(1).map((i) => `i32 ${i}, label %c${i}`).join(" ")}]`);
    for (const i of codes) {
      const name = EXCEPTIONS[i];
      m.declare(`PyExc_${name}`, `@PyExc_${name} = external global ptr`);
      lines.push(`c${i}:`, `  %e${i} = load ptr, ptr @PyExc_${name}`, "  br label %set");
    }
    lines.push("set:", `  %exc = phi ptr ${codes.map((i) => `[%e${i}, %c${i}]`).join(", ")}`,
      "  %has = icmp ne ptr %msg, null", "  br i1 %has, label %withmsg, label %nomsg",
      "withmsg:", "  call void @PyErr_SetString(ptr %exc, ptr %msg)", "  ret void",
      "nomsg:", "  call void @PyErr_SetNone(ptr %exc)", "  ret void", "}");
    return lines.join("\n");
  });
}

void bool;
