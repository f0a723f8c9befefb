/**
 * @fileoverview The typed IR: the untyped IR after inference, with a type on every node.
 *
 * In: produced by infer.ts.
 * Out: consumed by lower.ts (LLVM IR text) and annotate.ts (inspect_types text).
 *
 * Every expression carries its result `type`; operands are variables whose types are in
 * `TFunction.vars`. Conversions are explicit `cast` nodes, so operands of `arith` and
 * `cmp` already have the node's operand type and the emitter never re-derives Python's
 * promotion rules. Calls of library functions are `intrinsic` nodes holding the resolved
 * implementation from the builtins registry.
 */
import type { Span, SourceRef } from "./diagnostics";
import type { ConstValue, UFunction, Var } from "./ir";
import type { Options } from "./protocol";
import type { Type } from "./types";
import type { Impl } from "./builtins";

export type ArithOp = "add" | "sub" | "mul" | "truediv" | "floordiv" | "mod" | "pow" | "and" | "or" | "xor" | "shl" | "shr";
export type CmpOp = "eq" | "ne" | "lt" | "le" | "gt" | "ge";

export type TExpr =
  | { k: "const"; type: Type; value: ConstValue }
  | { k: "var"; type: Type; name: Var }
  | { k: "arg"; type: Type; index: number }
  /** Converts `value` (of type vars[value]) to `type`. */
  | { k: "cast"; type: Type; value: Var }
  /** Operands have type `type` (shifts: the shift amount too). */
  | { k: "arith"; type: Type; op: ArithOp; lhs: Var; rhs: Var }
  | { k: "unary"; type: Type; op: "neg" | "not" | "invert"; operand: Var }
  /** Operands have the same numeric type; the result is bool. */
  | { k: "cmp"; type: Type; op: CmpOp; lhs: Var; rhs: Var }
  /** `value is None` (negate: `is not`) on an Optional or None value. */
  | { k: "is_none"; type: Type; value: Var; negate: boolean }
  | { k: "truth"; type: Type; value: Var }
  /** A jitted function; `closure` holds the captured values of an inner function. */
  | { k: "call"; type: Type; target: string; args: Var[]; closure: Var | null }
  | { k: "intrinsic"; type: Type; impl: Impl; args: Var[] }
  | { k: "tuple"; type: Type; items: Var[] }
  | { k: "extract"; type: Type; value: Var; index: number }
  /** Item of a homogeneous tuple at a run-time index (an int64 variable). */
  | { k: "dyn_index"; type: Type; value: Var; index: Var }
  | { k: "getiter"; type: Type; value: Var }
  | { k: "make_closure"; type: Type; captured: Var[] }
  /** A compile-time-only value (module, function, exception class): nothing at run time. */
  | { k: "opaque"; type: Type };

/** `handler`: inside a `try` body, the block an exception raised here jumps to. */
export type TStmt =
  | { k: "assign"; target: Var; value: TExpr; span: Span; handler?: number }
  | { k: "iternext"; iter: Var; value: Var; valid: Var; span: Span; handler?: number };

export type TTerm =
  | { k: "jump"; target: number }
  | { k: "branch"; cond: Var; then: number; else: number }
  | { k: "return"; value: Var }
  | { k: "raise"; exc: string; message: string | null; span: Span; handler?: number };

export interface TBlock { id: number; body: TStmt[]; term: TTerm }

export interface TFunction {
  /** Specialisation key: function key + argument types. */
  key: string;
  /** The native symbol. */
  symbol: string;
  ufn: UFunction;
  argtypes: Type[];
  restype: Type;
  vars: Map<Var, Type>;
  blocks: TBlock[];
  options: Options;
  src: SourceRef;
}
