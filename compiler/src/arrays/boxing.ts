/**
 * @fileoverview Arrays across the Python boundary: unboxing ndarray arguments in the entry
 * point and boxing array results as ndarrays.
 *
 * In: a `PyObject*` (unbox) or an array struct value (box), inside the entry point that
 * entry.ts writes (the GIL is held).
 * Out: LLVM IR. Unboxing checks the object against the array type of the dispatch
 * signature (an ndarray, its dtype number, ndim, and the flags the layout and writability
 * require) and reads `data`, `nd`, `dimensions`, `strides` at the ndarray's field offsets
 * (data @16, nd @24, dimensions @32, strides @40, descr @56 whose type_num is @28,
 * flags @64). Boxing gives back the argument object itself when the array is an
 * unchanged argument, a NumPy view whose base is the argument for a view of one, and for
 * memory the runtime allocated a new ndarray over that memory whose base is a PyCapsule
 * owning the array's reference (numjit/_nrt.py frees it when NumPy drops the array).
 */
import type { FnText } from "../llvm";
import { llvmType, type ArrayType } from "../types";
import { F_DATA, F_MEMINFO, F_PARENT, field, itemSize, makeArray, product, shapeAt, strideAt, typeNums } from "./core";

const NPY_C = 0x1, NPY_F = 0x2, NPY_WRITEABLE = 0x400;

function declareApi(f: FnText): void {
  const m = f.m;
  m.declare("nj_rt_PyArray_Type", "@nj_rt_PyArray_Type = external global i8");
  m.declare("nj_rt_PyArray_New", "declare ptr @nj_rt_PyArray_New(ptr, i32, ptr, i32, ptr, ptr, i32, i32, ptr)");
  m.declare("nj_rt_PyArray_SetBaseObject", "declare i32 @nj_rt_PyArray_SetBaseObject(ptr, ptr)");
  m.declare("PyType_IsSubtype", "declare i32 @PyType_IsSubtype(ptr, ptr)");
  m.declare("PyErr_SetString", "declare void @PyErr_SetString(ptr, ptr)");
  m.declare("PyExc_TypeError", "@PyExc_TypeError = external global ptr");
  m.declare("Py_IncRef", "declare void @Py_IncRef(ptr)");
  m.declare("Py_DecRef", "declare void @Py_DecRef(ptr)");
}

function at(f: FnText, base: string, off: number): string {
  return f.op(`getelementptr inbounds i8, ptr ${base}, i64 ${off}`);
}

/** Converts the ndarray `o` to an array value of type `t`, or returns NULL with TypeError. */
export function unboxArray(f: FnText, o: string, t: ArrayType): string {
  declareApi(f);
  const m = f.m;
  const fail = f.label("badarray"), isArr = f.label("isarray"), sub = f.label("subtype");
  const tp = f.op(`load ptr, ptr ${at(f, o, 8)}`);
  f.emit(`br i1 ${f.op(`icmp eq ptr ${tp}, @nj_rt_PyArray_Type`)}, label %${isArr}, label %${sub}`);
  f.start(sub);
  const r = f.call("i32", "@PyType_IsSubtype", [`ptr ${tp}`, "ptr @nj_rt_PyArray_Type"]);
  f.emit(`br i1 ${f.op(`icmp ne i32 ${r}, 0`)}, label %${isArr}, label %${fail}`);
  f.start(fail);
  const te = f.op("load ptr, ptr @PyExc_TypeError");
  f.call("void", "@PyErr_SetString", [`ptr ${te}`, `ptr ${m.cstring(`expected an ndarray of type ${t.key}`)}`]);
  f.emit("ret ptr null");
  f.start(isArr);
  const descr = f.op(`load ptr, ptr ${at(f, o, 56)}`);
  const tn = f.op(`load i32, ptr ${at(f, descr, 28)}`);
  let ok = "false";
  for (const n of typeNums(t.dtype)) ok = f.op(`or i1 ${ok}, ${f.op(`icmp eq i32 ${tn}, ${n}`)}`);
  const nd = f.op(`load i32, ptr ${at(f, o, 24)}`);
  ok = f.op(`and i1 ${ok}, ${f.op(`icmp eq i32 ${nd}, ${t.ndim}`)}`);
  const mask = (t.layout === "C" ? NPY_C : t.layout === "F" ? NPY_F : 0) | (t.readonly ? 0 : NPY_WRITEABLE);
  if (mask !== 0) {
    const flags = f.op(`load i32, ptr ${at(f, o, 64)}`);
    ok = f.op(`and i1 ${ok}, ${f.op(`icmp eq i32 ${f.op(`and i32 ${flags}, ${mask}`)}, ${mask}`)}`);
  }
  const good = f.label("arrayok");
  f.emit(`br i1 ${ok}, label %${good}, label %${fail}`);
  f.start(good);
  const data = f.op(`load ptr, ptr ${at(f, o, 16)}`);
  const dims = f.op(`load ptr, ptr ${at(f, o, 32)}`);
  const strides = f.op(`load ptr, ptr ${at(f, o, 40)}`);
  const shape: string[] = [], st: string[] = [];
  for (let d = 0; d < t.ndim; d++) {
    shape.push(f.op(`load i64, ptr ${f.op(`getelementptr inbounds i64, ptr ${dims}, i64 ${d}`)}`));
    st.push(f.op(`load i64, ptr ${f.op(`getelementptr inbounds i64, ptr ${strides}, i64 ${d}`)}`));
  }
  return makeArray(f, t, "null", o, product(f, shape), data, shape, st);
}

/** A new reference to an ndarray for the array value `v` (whose reference it consumes). */
export function boxArray(f: FnText, v: string, t: ArrayType, onFail: string[]): string {
  declareApi(f);
  const m = f.m;
  const ty = llvmType(t);
  const nd = Math.max(t.ndim, 1);
  const dims = f.op(`alloca [${nd} x i64]`), strides = f.op(`alloca [${nd} x i64]`);
  for (let d = 0; d < t.ndim; d++) {
    f.emit(`store i64 ${shapeAt(f, t, v, d)}, ptr ${f.op(`getelementptr inbounds [${nd} x i64], ptr ${dims}, i64 0, i64 ${d}`)}`);
    f.emit(`store i64 ${strideAt(f, t, v, d)}, ptr ${f.op(`getelementptr inbounds [${nd} x i64], ptr ${strides}, i64 0, i64 ${d}`)}`);
  }
  const mi = field(f, t, v, F_MEMINFO);
  const parent = field(f, t, v, F_PARENT);
  const data = field(f, t, v, F_DATA);
  const owned = f.label("owned"), borrowed = f.label("borrowed"), same = f.label("same"), view = f.label("view");
  const join = f.label("boxed");
  f.emit(`br i1 ${f.op(`icmp ne ptr ${mi}, null`)}, label %${owned}, label %${borrowed}`);

  const newArray = (flags: number): string => {
    const arr = f.call("ptr", "@nj_rt_PyArray_New", ["ptr @nj_rt_PyArray_Type", `i32 ${t.ndim}`, `ptr ${dims}`,
      `i32 ${typeNums(t.dtype)[0]}`, `ptr ${strides}`, `ptr ${data}`, `i32 ${itemSize(t.dtype)}`, `i32 ${flags}`, "ptr null"]);
    const bad = f.label("newfail"), ok = f.label("ok");
    f.emit(`br i1 ${f.op(`icmp eq ptr ${arr}, null`)}, label %${bad}, label %${ok}`);
    f.start(bad);
    for (const line of onFail) f.emit(line);
    f.start(ok);
    return arr;
  };

  // memory from the runtime: a new ndarray, its base a capsule that owns our reference
  f.start(owned);
  const a1 = newArray(NPY_WRITEABLE);
  m.declare("PyCapsule_New", "declare ptr @PyCapsule_New(ptr, ptr, ptr)");
  m.declare("nj_rt_capsule_dtor", "declare void @nj_rt_capsule_dtor(ptr)");
  const cap = f.call("ptr", "@PyCapsule_New", [`ptr ${mi}`, "ptr null", "ptr @nj_rt_capsule_dtor"]);
  f.call("i32", "@nj_rt_PyArray_SetBaseObject", [`ptr ${a1}`, `ptr ${cap}`]);
  const fromOwned = f.block;
  f.emit(`br label %${join}`);

  // a frozen global array (no meminfo, no parent): a read-only ndarray over the constant
  f.start(borrowed);
  const constant = f.label("constarr"), argMem = f.label("argmem");
  f.emit(`br i1 ${f.op(`icmp eq ptr ${parent}, null`)}, label %${constant}, label %${argMem}`);
  f.start(constant);
  const a3 = newArray(0);
  const fromConst = f.block;
  f.emit(`br label %${join}`);
  // memory Python owns: the argument itself, or a view of it
  f.start(argMem);
  let isSame = f.op(`icmp eq ptr ${data}, ${f.op(`load ptr, ptr ${at(f, parent, 16)}`)}`);
  const pdims = f.op(`load ptr, ptr ${at(f, parent, 32)}`), pstr = f.op(`load ptr, ptr ${at(f, parent, 40)}`);
  const pnd = f.op(`load i32, ptr ${at(f, parent, 24)}`);
  isSame = f.op(`and i1 ${isSame}, ${f.op(`icmp eq i32 ${pnd}, ${t.ndim}`)}`);
  // same dtype too (`z.real` of a complex argument starts at the same address)
  const ptn = f.op(`load i32, ptr ${at(f, f.op(`load ptr, ptr ${at(f, parent, 56)}`), 28)}`);
  let tnOk = "false";
  for (const n of typeNums(t.dtype)) tnOk = f.op(`or i1 ${tnOk}, ${f.op(`icmp eq i32 ${ptn}, ${n}`)}`);
  isSame = f.op(`and i1 ${isSame}, ${tnOk}`);
  const cmpDims = f.label("cmpdims");
  f.emit(`br i1 ${isSame}, label %${cmpDims}, label %${view}`);
  f.start(cmpDims);
  let eq = "true";
  for (let d = 0; d < t.ndim; d++) {
    const ps = f.op(`load i64, ptr ${f.op(`getelementptr inbounds i64, ptr ${pdims}, i64 ${d}`)}`);
    const pt = f.op(`load i64, ptr ${f.op(`getelementptr inbounds i64, ptr ${pstr}, i64 ${d}`)}`);
    eq = f.op(`and i1 ${eq}, ${f.op(`icmp eq i64 ${ps}, ${shapeAt(f, t, v, d)}`)}`);
    eq = f.op(`and i1 ${eq}, ${f.op(`icmp eq i64 ${pt}, ${strideAt(f, t, v, d)}`)}`);
  }
  f.emit(`br i1 ${eq}, label %${same}, label %${view}`);
  f.start(same);
  f.call("void", "@Py_IncRef", [`ptr ${parent}`]);
  f.emit(`br label %${join}`);
  f.start(view);
  const a2 = newArray(t.readonly ? 0 : NPY_WRITEABLE);
  f.call("void", "@Py_IncRef", [`ptr ${parent}`]);
  f.call("i32", "@nj_rt_PyArray_SetBaseObject", [`ptr ${a2}`, `ptr ${parent}`]);
  const fromView = f.block;
  f.emit(`br label %${join}`);
  f.start(join);
  void ty;
  return f.op(`phi ptr [${a1}, %${fromOwned}], [${parent}, %${same}], [${a2}, %${fromView}], [${a3}, %${fromConst}]`);
}
