/**
 * @fileoverview numjit's type system: interned singletons compared with `===`.
 *
 * In: type keys in Numba's spelling (`float64`, `UniTuple(int64 x 3)`,
 * `Tuple(int64, float64)`, `OptionalType(int64)`, `array(float64, 2d, C)`, ...), or
 * constructor calls (`tupleOf([...])`, `optional(t)`, ...).
 * Out: `Type` objects. Every type is created once per key (the `INTERN` map), so two
 * types are equal exactly when they are the same object. The key doubles as the wire
 * spelling (docs/protocol.md), the dispatcher cache key and, mangled, the symbol suffix.
 *
 * Also here: Numba's promotion rules (`arithResult`) and variable unification (`unify`),
 * and the LLVM representation of each type (`llvmType`). Arrays are modelled already
 * (dtype, ndim, layout, readonly) so the arrays issue extends rather than replaces.
 */

export type IntType = { tag: "int"; key: string; bits: number; signed: boolean };
export type FloatType = { tag: "float"; key: string; bits: number };
export type ComplexType = { tag: "complex"; key: string; bits: number; part: FloatType };
export type BoolType = { tag: "bool"; key: "bool" };
export type NoneType = { tag: "none"; key: "none" };
export type StrType = { tag: "str"; key: "unicode_type" };
export type TupleType = { tag: "tuple"; key: string; items: Type[]; homogeneous: boolean };
export type OptionalType = { tag: "optional"; key: string; inner: Type };
export type ArrayType = {
  tag: "array"; key: string; dtype: Type; ndim: number; layout: "C" | "F" | "A"; readonly: boolean;
};
/** A compile-time-only value: a module, a builtin, a jitted function, an exception class. */
export type OpaqueType = { tag: "opaque"; key: string; what: OpaqueWhat };
export type OpaqueWhat =
  | { k: "module"; module: string }
  | { k: "builtin"; name: string } // also `math.sqrt` etc.: name is "math.sqrt"
  | { k: "function"; ref: string }
  | { k: "exception"; name: string }
  | { k: "exception_instance"; name: string; message: string | null };
/** `range(...)` objects and the iterators that loops create. */
export type RangeType = { tag: "range"; key: "range_state64" };
export type IterType = { tag: "iter"; key: string; kind: "range" | "tuple" | "enumerate" | "zip" | "array" | "list"; yields: Type; parts: Type[] };
/** A typed homogeneous list (lists/): `elem` null while inference has not yet seen an
 *  item (`[]` before its first `append`). A pointer to a runtime block (lists/core.ts). */
export type ListType = { tag: "list"; key: string; elem: Type | null };
/** An inner function value: which function, and the types of the captured variables. */
export type ClosureType = { tag: "closure"; key: string; ref: string; captured: Type[]; names: string[] };

/** `value.method` before the call: the receiver's value, and the registry name of the method. */
export type MethodType = { tag: "method"; key: string; self: Type; name: string };

/** A `slice(start, stop, step)` value; `has` says which parts were given (arrays/slicing.ts). */
export type SliceType = { tag: "slice"; key: string; has: [boolean, boolean, boolean] };

export type Type =
  | SliceType | IntType | FloatType | ComplexType | BoolType | NoneType | StrType | TupleType
  | OptionalType | ArrayType | OpaqueType | RangeType | IterType | ClosureType | MethodType | ListType;

const INTERN = new Map<string, Type>();

function intern<T extends Type>(t: T): T {
  const old = INTERN.get(t.key);
  if (old !== undefined) return old as T;
  INTERN.set(t.key, t);
  return t;
}

export const bool: BoolType = intern({ tag: "bool", key: "bool" });
export const none: NoneType = intern({ tag: "none", key: "none" });
export const unicode: StrType = intern({ tag: "str", key: "unicode_type" });
export const rangeState: RangeType = intern({ tag: "range", key: "range_state64" });

function int(bits: number, signed: boolean): IntType {
  return intern({ tag: "int", key: `${signed ? "" : "u"}int${bits}`, bits, signed });
}
export const int8 = int(8, true), int16 = int(16, true), int32 = int(32, true), int64 = int(64, true);
export const uint8 = int(8, false), uint16 = int(16, false), uint32 = int(32, false), uint64 = int(64, false);
export const float32: FloatType = intern({ tag: "float", key: "float32", bits: 32 });
export const float64: FloatType = intern({ tag: "float", key: "float64", bits: 64 });
export const complex64: ComplexType = intern({ tag: "complex", key: "complex64", bits: 64, part: float32 });
export const complex128: ComplexType = intern({ tag: "complex", key: "complex128", bits: 128, part: float64 });
export const intp = int64;

export function tupleOf(items: Type[]): TupleType {
  const homogeneous = items.length > 0 && items.every((t) => t === items[0]);
  const key = homogeneous
    ? `UniTuple(${items[0].key} x ${items.length})`
    : `Tuple(${items.map((t) => t.key).join(", ")})`;
  return intern({ tag: "tuple", key, items, homogeneous });
}

export function optional(inner: Type): Type {
  if (inner.tag === "optional" || inner === none) return inner;
  return intern({ tag: "optional", key: `OptionalType(${inner.key})`, inner });
}

export function arrayOf(dtype: Type, ndim: number, layout: "C" | "F" | "A", readonly = false): ArrayType {
  const key = `${readonly ? "readonly " : ""}array(${dtype.key}, ${ndim}d, ${layout})`;
  return intern({ tag: "array", key, dtype, ndim, layout, readonly });
}

export function listOf(elem: Type | null): ListType {
  return intern({ tag: "list", key: `list(${elem === null ? "undefined" : elem.key})`, elem });
}

export function sliceOf(has: [boolean, boolean, boolean]): SliceType {
  return intern({ tag: "slice", key: `slice(${has.map((h) => (h ? "int64" : "none")).join(", ")})`, has });
}

export function opaque(what: OpaqueWhat): OpaqueType {
  let key: string;
  switch (what.k) {
    case "module": key = `Module(${what.module})`; break;
    case "builtin": key = `Function(${what.name})`; break;
    case "function": key = `Dispatcher(${what.ref})`; break;
    case "exception": key = `ExceptionClass(${what.name})`; break;
    case "exception_instance": key = `ExceptionInstance(${what.name}, ${JSON.stringify(what.message)})`; break;
  }
  return intern({ tag: "opaque", key, what });
}

export function iterOf(kind: IterType["kind"], yields: Type, parts: Type[]): IterType {
  return intern({ tag: "iter", key: `${kind}_iter(${parts.map((p) => p.key).join(", ")})`, kind, yields, parts });
}

export function closureOf(ref: string, names: string[], captured: Type[]): ClosureType {
  const key = `Closure(${ref}; ${names.map((n, i) => `${n}: ${captured[i].key}`).join(", ")})`;
  return intern({ tag: "closure", key, ref, captured, names });
}

/** A bound method; `name` is its BUILTINS key (`complex.conjugate`). */
export function methodOf(self: Type, name: string): MethodType {
  return intern({ tag: "method", key: `BoundMethod(${self.key}, ${name})`, self, name });
}

const SCALARS: Type[] = [bool, none, unicode, int8, int16, int32, int64, uint8, uint16, uint32, uint64,
  float32, float64, complex64, complex128];

/** Parses a type key of the protocol (`float64`, `UniTuple(int64 x 3)`, ...), or null. */
export function parseType(key: string): Type | null {
  const p = new KeyParser(key.trim());
  try {
    const t = p.type();
    return p.atEnd() ? t : null;
  } catch {
    return null;
  }
}

class KeyParser {
  pos = 0;
  constructor(readonly s: string) {}
  atEnd(): boolean { this.ws(); return this.pos === this.s.length; }
  ws(): void { while (this.s[this.pos] === " ") this.pos++; }
  word(): string {
    this.ws();
    const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(this.s.slice(this.pos));
    if (!m) throw new Error("word");
    this.pos += m[0].length;
    return m[0];
  }
  eat(c: string): boolean { this.ws(); if (this.s.startsWith(c, this.pos)) { this.pos += c.length; return true; } return false; }
  expect(c: string): void { if (!this.eat(c)) throw new Error(c); }
  type(): Type {
    let w = this.word();
    let readonly = false;
    if (w === "readonly") { readonly = true; w = this.word(); }
    const aliases: Record<string, string> = { boolean: "bool", b1: "bool", float: "float64", double: "float64",
      intp: "int64", uintp: "uint64", complex: "complex128", f8: "float64", f4: "float32", i8: "int64", i4: "int32",
      unicode: "unicode_type", none: "none", NoneType: "none" };
    w = aliases[w] ?? w;
    const scalar = SCALARS.find((t) => t.key === w);
    if (scalar !== undefined) return scalar;
    if (w === "UniTuple") {
      this.expect("(");
      const t = this.type();
      this.expect("x");
      const n = Number(this.num());
      this.expect(")");
      return tupleOf(Array(n).fill(t));
    }
    if (w === "Tuple") {
      this.expect("(");
      const items: Type[] = [];
      if (!this.eat(")")) {
        do items.push(this.type()); while (this.eat(","));
        this.expect(")");
      }
      return tupleOf(items);
    }
    if (w === "OptionalType" || w === "Optional") {
      this.expect("(");
      const t = this.type();
      this.expect(")");
      return optional(t);
    }
    if (w === "list" || w === "reflected") {
      if (w === "reflected") this.word();
      this.expect("(");
      const t = this.type();
      this.expect(")");
      return listOf(t);
    }
    if (w === "array" || w === "Array") {
      this.expect("(");
      const dtype = this.type();
      this.expect(",");
      const nd = Number(this.num());
      this.expect("d");
      this.expect(",");
      const layout = this.word();
      this.expect(")");
      if (layout !== "C" && layout !== "F" && layout !== "A") throw new Error("layout");
      return arrayOf(dtype, nd, layout, readonly);
    }
    throw new Error(`unknown type ${w}`);
  }
  num(): string {
    this.ws();
    const m = /^[0-9]+/.exec(this.s.slice(this.pos));
    if (!m) throw new Error("num");
    this.pos += m[0].length;
    return m[0];
  }
}

// ---------------------------------------------------------------------------------------
// Classification and promotion (Numba's rules)

export const isInt = (t: Type): t is IntType => t.tag === "int";
export const isFloat = (t: Type): t is FloatType => t.tag === "float";
export const isComplex = (t: Type): t is ComplexType => t.tag === "complex";
/** bool, int, float or complex: the types arithmetic works on. */
export const isNumber = (t: Type): boolean => t === bool || t.tag === "int" || t.tag === "float" || t.tag === "complex";

function intOf(bits: number, signed: boolean): IntType {
  return int(bits, signed);
}

/**
 * Result type of arithmetic (+ - * and friends) on two numbers, as Numba types it:
 * bool and small integers promote to int64 (uint64 stays uint64); int64 with uint64 is
 * float64; float32 with an integer is float64; complex wins over float.
 */
export function arithResult(a: Type, b: Type): Type | null {
  if (!isNumber(a) || !isNumber(b)) return null;
  const rank = (t: Type) => (t.tag === "complex" ? 3 : t.tag === "float" ? 2 : 1);
  const ra = rank(a), rb = rank(b);
  if (ra === 3 || rb === 3) {
    const small = (t: Type) => t === complex64 || t === float32 || t === bool;
    return small(a) && small(b) ? complex64 : complex128;
  }
  if (ra === 2 || rb === 2) {
    if (a === float32 && b === float32) return float32;
    if ((a === float32 && (b === bool)) || (b === float32 && a === bool)) return float32;
    return float64;
  }
  // integers and bools
  const ia = a === bool ? int64 : (a as IntType), ib = b === bool ? int64 : (b as IntType);
  if (ia.signed !== ib.signed) {
    const u = ia.signed ? ib : ia, s = ia.signed ? ia : ib;
    if (u.bits === 64) return float64;
    return intOf(Math.max(64, Math.max(s.bits, u.bits * 2)), true);
  }
  if (!ia.signed) return uint64;
  return int64;
}

/** The common type of two values that meet in one variable (if/else branches, loops). */
export function unify(a: Type, b: Type): Type | null {
  if (a === b) return a;
  if (a.tag === "array" && b.tag === "array" && a.dtype === b.dtype && a.ndim === b.ndim) {
    // arrays of one dtype and ndim meet as layout A (read-only if either is)
    return arrayOf(a.dtype, a.ndim, a.layout === b.layout ? a.layout : "A", a.readonly || b.readonly);
  }
  if (a === none) return optional(b);
  if (b === none) return optional(a);
  if (a.tag === "optional" || b.tag === "optional") {
    const ia = a.tag === "optional" ? a.inner : a, ib = b.tag === "optional" ? b.inner : b;
    const u = unify(ia, ib);
    return u === null ? null : optional(u);
  }
  if (isNumber(a) && isNumber(b)) {
    if (a.tag === "int" && b.tag === "int") {
      if (a.signed === b.signed) return intOf(Math.max(a.bits, b.bits), a.signed);
      return arithResult(a, b);
    }
    if (a === bool && b.tag === "int") return b.bits === 64 ? b : int64;
    if (b === bool && a.tag === "int") return a.bits === 64 ? a : int64;
    if (a.tag === "float" && b.tag === "float") return float64;
    return arithResult(a, b);
  }
  if (a.tag === "list" && b.tag === "list") return a.elem === null ? b : b.elem === null ? a : null;
  if (a.tag === "method" && b.tag === "method" && a.name === b.name) {
    const u = unify(a.self, b.self);
    return u === null ? null : methodOf(u, a.name);
  }
  if (a.tag === "tuple" && b.tag === "tuple" && a.items.length === b.items.length) {
    const items: Type[] = [];
    for (let i = 0; i < a.items.length; i++) {
      const u = unify(a.items[i], b.items[i]);
      if (u === null) return null;
      items.push(u);
    }
    return tupleOf(items);
  }
  if (a.tag === "closure" && b.tag === "closure" && a.ref === b.ref && a.captured.length === b.captured.length) {
    // one inner function whose captured variables' types grew between inference passes
    const items: Type[] = [];
    for (let i = 0; i < a.captured.length; i++) {
      const u = unify(a.captured[i], b.captured[i]);
      if (u === null) return null;
      items.push(u);
    }
    return closureOf(a.ref, a.names, items);
  }
  return null;
}

/** Whether `from` converts implicitly to `to` (numbers among themselves, T → Optional[T]). */
export function canConvert(from: Type, to: Type): boolean {
  if (from === to) return true;
  if (from.tag === "array" && to.tag === "array") {
    return from.dtype === to.dtype && from.ndim === to.ndim && (to.layout === "A" || to.layout === from.layout) && (to.readonly || !from.readonly);
  }
  if (isNumber(from) && isNumber(to)) return !(isComplex(from) && !isComplex(to));
  if (to.tag === "optional") return from === none || canConvert(from, to.inner);
  if (from.tag === "optional") return canConvert(from.inner, to);
  if (from.tag === "tuple" && to.tag === "tuple" && from.items.length === to.items.length) {
    return from.items.every((t, i) => canConvert(t, to.items[i]));
  }
  if (from.tag === "method") return from.self === to || (from.self.tag === "list" && canConvert(from.self, to));
  if (from.tag === "list" && to.tag === "list") return from.elem === null || from.elem === to.elem;
  return false;
}

// ---------------------------------------------------------------------------------------
// LLVM representation

/** The LLVM type of a value of type `t` held in a register or an alloca. */
export function llvmType(t: Type): string {
  switch (t.tag) {
    case "bool": return "i1";
    case "int": return `i${t.bits}`;
    case "float": return t.bits === 32 ? "float" : "double";
    case "complex": return t.bits === 64 ? "{float, float}" : "{double, double}";
    case "none": return "i8";
    case "str": return "ptr";
    case "tuple":
      if (t.items.length === 0) return "{}";
      return t.homogeneous ? `[${t.items.length} x ${llvmType(t.items[0])}]` : `{${t.items.map(llvmType).join(", ")}}`;
    case "optional": return `{i1, ${llvmType(t.inner)}}`;
    case "array": return `{ptr, ptr, i64, i64, ptr, [${t.ndim} x i64], [${t.ndim} x i64]}`;
    case "opaque": return "i8";
    case "range": return "{i64, i64, i64}";
    case "iter": return `{${t.parts.map(llvmType).join(", ")}}`;
    case "closure": return t.captured.length === 0 ? "{}" : `{${t.captured.map(llvmType).join(", ")}}`;
    case "method": return llvmType(t.self);
    case "slice": return "{i64, i64, i64}";
    case "list": return "ptr";
  }
}

/** Mangles a type key into characters safe in a symbol name. */
export function mangle(s: string): string {
  return s.replace(/[^A-Za-z0-9_]+/g, "_").replace(/_+$/, "");
}

export function describe(t: Type): string {
  if (t.tag === "opaque") {
    const w = t.what;
    switch (w.k) {
      case "module": return `module '${w.module}'`;
      case "builtin": return `function '${w.name}'`;
      case "function": return `jitted function '${w.ref}'`;
      case "exception": return `exception class ${w.name}`;
      case "exception_instance": return `exception ${w.name}`;
    }
  }
  if (t.tag === "method") return `method ${t.name}`;
  return t.key;
}
