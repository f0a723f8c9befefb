/**
 * @fileoverview The untyped IR: one function as a control-flow graph of basic blocks.
 *
 * In: built by build_ir.ts from the AST of one `def`.
 * Out: read by infer.ts, which types it and produces the typed IR (typed_ir.ts).
 *
 * Like Numba's IR, a function is a list of blocks; each block is a list of statements and
 * one terminator. Statements assign one expression to one named variable; expression
 * operands are variables, never nested expressions, so every intermediate value has a
 * name (`$3`) and a type after inference. User variables keep their Python names. A
 * variable may be assigned in several places (branches, loops): inference unifies the
 * types of all its assignments, as Numba does. Short-circuit `and`/`or`, conditional
 * expressions and comparison chains are already control flow here.
 */
import type { Span, SourceRef } from "./diagnostics";
import type { FunctionDesc } from "./protocol";

export type Var = string;

/** A Python constant as it appears in source or in a frozen global. */
export type ConstValue =
  /** `ty`: the type key of a NumPy scalar constant (`int16`); absent for Python ints and floats. */
  | { k: "int"; v: bigint; ty?: string }
  | { k: "float"; v: number; ty?: string }
  | { k: "complex"; re: number; im: number }
  | { k: "bool"; v: boolean }
  | { k: "none" }
  | { k: "str"; v: string }
  | { k: "tuple"; items: ConstValue[] };

export type Expr =
  | { k: "const"; value: ConstValue }
  | { k: "var"; name: Var }
  /** A parameter of the function, by position (hidden closure parameters first). */
  | { k: "arg"; index: number }
  /** A name that is not a local: a global, a frozen closure cell or a builtin. */
  | { k: "global"; name: string }
  /** `op` is the AST's operator name: Add Sub Mult Div FloorDiv Mod Pow LShift RShift BitOr BitXor BitAnd MatMult. */
  | { k: "binop"; op: string; lhs: Var; rhs: Var; /** `x op= y` on a name: arrays update in place. */ inplace?: boolean }
  /** `op`: USub UAdd Not Invert. */
  | { k: "unary"; op: string; operand: Var }
  /** `op`: Eq NotEq Lt LtE Gt GtE Is IsNot In NotIn (one comparison; chains are control flow). */
  | { k: "compare"; op: string; lhs: Var; rhs: Var }
  /** Python truth value, as `if` and `while` test it. */
  | { k: "truth"; value: Var }
  | { k: "call"; func: Var; args: Var[]; kwargs: { name: string; value: Var }[] }
  | { k: "getattr"; value: Var; attr: string }
  | { k: "tuple"; items: Var[] }
  /** Indexing by a constant integer (tuple items, unpacking). */
  | { k: "static_getitem"; value: Var; index: number }
  | { k: "getitem"; value: Var; index: Var }
  | { k: "getiter"; value: Var }
  /** An inner `def`: the function value, capturing the current values of `captured`. */
  | { k: "make_closure"; ref: string; captured: Var[] };

/** `handler`, on statements and `raise` inside a `try` body: the block of the `except`
 *  clause that an exception raised there jumps to (instead of leaving the function). */
export type Stmt =
  | { k: "assign"; target: Var; value: Expr; span: Span; handler?: number }
  /** Advances iterator `iter`: `valid` says whether it yielded, `value` is what it yielded. */
  | { k: "iternext"; iter: Var; value: Var; valid: Var; span: Span; handler?: number }
  /** Checks at typing time that `value` is a tuple of `count` items (for `a, b = t`). */
  | { k: "unpack_check"; value: Var; count: number; span: Span }
  | { k: "setitem"; target: Var; index: Var; value: Var; span: Span; handler?: number };

export type Terminator =
  | { k: "jump"; target: number }
  | { k: "branch"; cond: Var; then: number; else: number; span: Span }
  | { k: "return"; value: Var; span: Span }
  /** `raise Cls`, `raise Cls("message")`; `cls` is null for a bare re-raise (unsupported). */
  | { k: "raise"; cls: Var | null; message: string | null; span: Span; handler?: number };

export interface Block { id: number; body: Stmt[]; term: Terminator | null }

/** `vararg`: the `*args` parameter, which receives a tuple of the extra positional arguments. */
export interface Param { name: string; span: Span; hasDefault: boolean; kwonly: boolean; vararg?: boolean }

export interface UFunction {
  /** The key of the function in the request's `functions`, or parent key + `.<locals>.name`. */
  key: string;
  name: string;
  qualname: string;
  /** Captured variables of an inner function: hidden leading parameters. */
  captures: string[];
  params: Param[];
  blocks: Block[];
  /** Every variable, in order of first appearance. */
  vars: Var[];
  /** Where each user variable is first assigned, for annotations. */
  varLines: Map<Var, number>;
  /** Constant defaults of an inner function's parameters (top-level ones come from the descriptor). */
  innerDefaults: Map<string, ConstValue>;
  desc: FunctionDesc;
  src: SourceRef;
  span: Span;
  /** Inner functions defined in this one, by key. */
  inner: Map<string, UFunction>;
  /** Names that resolve to an enclosing function's variable (for inner functions). */
  outerNames: Set<string>;
}

/** A readable dump of the IR, for `--dump-after` and tests. */
export function printIR(fn: UFunction): string {
  const out: string[] = [`function ${fn.key}(${[...fn.captures.map((c) => `<${c}>`), ...fn.params.map((p) => p.name)].join(", ")})`];
  const ex = (e: Expr): string => {
    switch (e.k) {
      case "const": return `const ${constText(e.value)}`;
      case "var": return e.name;
      case "arg": return `arg(${e.index})`;
      case "global": return `global(${e.name})`;
      case "binop": return `${e.lhs} ${e.op} ${e.rhs}`;
      case "unary": return `${e.op} ${e.operand}`;
      case "compare": return `${e.lhs} ${e.op} ${e.rhs}`;
      case "truth": return `truth(${e.value})`;
      case "call": return `call ${e.func}(${[...e.args, ...e.kwargs.map((k) => `${k.name}=${k.value}`)].join(", ")})`;
      case "getattr": return `getattr(${e.value}, ${e.attr})`;
      case "tuple": return `(${e.items.join(", ")})`;
      case "static_getitem": return `static_getitem(${e.value}, ${e.index})`;
      case "getitem": return `getitem(${e.value}, ${e.index})`;
      case "getiter": return `getiter(${e.value})`;
      case "make_closure": return `make_closure(${e.ref}; ${e.captured.join(", ")})`;
    }
  };
  for (const b of fn.blocks) {
    out.push(`B${b.id}:`);
    for (const s of b.body) {
      const h = s.k !== "unpack_check" && s.handler !== undefined ? `    ; except -> B${s.handler}` : "";
      switch (s.k) {
        case "assign": out.push(`  ${s.target} = ${ex(s.value)}${h}`); break;
        case "iternext": out.push(`  ${s.value}, ${s.valid} = iternext(${s.iter})${h}`); break;
        case "unpack_check": out.push(`  unpack_check(${s.value}, ${s.count})`); break;
        case "setitem": out.push(`  ${s.target}[${s.index}] = ${s.value}${h}`); break;
      }
    }
    const t = b.term;
    if (t === null) out.push("  <no terminator>");
    else if (t.k === "jump") out.push(`  jump B${t.target}`);
    else if (t.k === "branch") out.push(`  branch ${t.cond} B${t.then} B${t.else}`);
    else if (t.k === "return") out.push(`  return ${t.value}`);
    else out.push(`  raise ${t.cls ?? ""}${t.message !== null ? `(${JSON.stringify(t.message)})` : ""}`);
  }
  return out.join("\n") + "\n";
}

export function constText(c: ConstValue): string {
  switch (c.k) {
    case "int": return c.v.toString();
    case "float": return String(c.v);
    case "complex": return `(${c.re}+${c.im}j)`;
    case "bool": return c.v ? "True" : "False";
    case "none": return "None";
    case "str": return JSON.stringify(c.v);
    case "tuple": return `(${c.items.map(constText).join(", ")}${c.items.length === 1 ? "," : ""})`;
  }
}
