/**
 * @fileoverview AST node types mirroring CPython's `ast` module (Python 3.12 ASDL).
 *
 * In: nothing (types only, plus a few small helpers).
 * Out: the node types the parser produces and every later phase consumes.
 *
 * Convention (other phases code against it; keep it exact):
 * - Every node is a plain object `{ kind: "<CPython class name>", <CPython's fields,
 *   snake_case exactly as in CPython>, lineno, col_offset, end_lineno, end_col_offset }`.
 *   The four position attributes are present only on classes that have them in CPython
 *   (stmt, expr, excepthandler, arg, keyword, alias, pattern, type_param); `arguments`,
 *   `comprehension`, `withitem`, `match_case` have none.
 * - Positions are exactly CPython's: `lineno`/`end_lineno` are 1-based,
 *   `col_offset`/`end_col_offset` are 0-based UTF-8 *byte* offsets into the line.
 * - Operators (`op` of BinOp/UnaryOp/BoolOp/AugAssign, `ops` of Compare) and `ctx` are
 *   strings: "Add", "Load", ...
 * - Absent optional fields are `null`; lists are arrays (never null). `Dict.keys` holds
 *   `null` for a `**mapping` entry, `arguments.kw_defaults` holds `null` for a
 *   keyword-only argument without default, as in CPython.
 * - CPython's `Constant.kind` field (which collides with our discriminator) is named
 *   `string_kind`: "u" for a `u"..."` literal, else null.
 * - `Constant.value` is a {@link ConstValue}, a tagged union (see below) so that ints
 *   keep full precision and bytes stay distinct from str.
 */

/** Source span carried by every node class that has attributes in CPython. */
export interface Span {
  lineno: number;
  col_offset: number;
  end_lineno: number;
  end_col_offset: number;
}

/**
 * The value of a `Constant` (and of `MatchSingleton`).
 * - `{ tag: "int", value: bigint }`       any Python int, full precision
 * - `{ tag: "float", value: number }`     a float literal
 * - `{ tag: "complex", imag: number }`    an imaginary literal `3j` (real part is 0)
 * - `{ tag: "str", value: string, codepoints?: number[] }`  a str (JS string; may hold
 *   lone surrogates). `codepoints` is present only in the rare case where Python's code
 *   points differ from what the JS string reads as: escaped surrogates that pair up in
 *   UTF-16 (`"\ud834\udd1e"` is two code points in Python, one in JS).
 * - `{ tag: "bytes", value: Uint8Array }` a bytes literal
 * - `{ tag: "bool", value: boolean }`     True / False
 * - `{ tag: "None" }`                     None
 * - `{ tag: "Ellipsis" }`                 `...`
 */
export type ConstValue =
  | { tag: "int"; value: bigint }
  | { tag: "float"; value: number }
  | { tag: "complex"; imag: number }
  | { tag: "str"; value: string; codepoints?: number[] }
  | { tag: "bytes"; value: Uint8Array }
  | { tag: "bool"; value: boolean }
  | { tag: "None" }
  | { tag: "Ellipsis" };

export type ExprContext = "Load" | "Store" | "Del";
export type BoolOpKind = "And" | "Or";
export type Operator =
  | "Add" | "Sub" | "Mult" | "MatMult" | "Div" | "Mod" | "Pow"
  | "LShift" | "RShift" | "BitOr" | "BitXor" | "BitAnd" | "FloorDiv";
export type UnaryOpKind = "Invert" | "Not" | "UAdd" | "USub";
export type CmpOp = "Eq" | "NotEq" | "Lt" | "LtE" | "Gt" | "GtE" | "Is" | "IsNot" | "In" | "NotIn";

// ---------------------------------------------------------------------------
// mod

export interface Module { kind: "Module"; body: Stmt[]; type_ignores: TypeIgnore[] }
export interface TypeIgnore { kind: "TypeIgnore"; lineno: number; tag: string }

// ---------------------------------------------------------------------------
// stmt

export interface FunctionDef extends Span {
  kind: "FunctionDef";
  name: string; args: Arguments; body: Stmt[]; decorator_list: Expr[];
  returns: Expr | null; type_comment: string | null; type_params: TypeParam[];
}
export interface AsyncFunctionDef extends Span {
  kind: "AsyncFunctionDef";
  name: string; args: Arguments; body: Stmt[]; decorator_list: Expr[];
  returns: Expr | null; type_comment: string | null; type_params: TypeParam[];
}
export interface ClassDef extends Span {
  kind: "ClassDef";
  name: string; bases: Expr[]; keywords: Keyword[]; body: Stmt[]; decorator_list: Expr[];
  type_params: TypeParam[];
}
export interface Return extends Span { kind: "Return"; value: Expr | null }
export interface Delete extends Span { kind: "Delete"; targets: Expr[] }
export interface Assign extends Span {
  kind: "Assign"; targets: Expr[]; value: Expr; type_comment: string | null;
}
export interface TypeAlias extends Span {
  kind: "TypeAlias"; name: Name; type_params: TypeParam[]; value: Expr;
}
export interface AugAssign extends Span { kind: "AugAssign"; target: Expr; op: Operator; value: Expr }
export interface AnnAssign extends Span {
  kind: "AnnAssign"; target: Expr; annotation: Expr; value: Expr | null; simple: number;
}
export interface For extends Span {
  kind: "For"; target: Expr; iter: Expr; body: Stmt[]; orelse: Stmt[]; type_comment: string | null;
}
export interface AsyncFor extends Span {
  kind: "AsyncFor"; target: Expr; iter: Expr; body: Stmt[]; orelse: Stmt[]; type_comment: string | null;
}
export interface While extends Span { kind: "While"; test: Expr; body: Stmt[]; orelse: Stmt[] }
export interface If extends Span { kind: "If"; test: Expr; body: Stmt[]; orelse: Stmt[] }
export interface With extends Span { kind: "With"; items: WithItem[]; body: Stmt[]; type_comment: string | null }
export interface AsyncWith extends Span {
  kind: "AsyncWith"; items: WithItem[]; body: Stmt[]; type_comment: string | null;
}
export interface Match extends Span { kind: "Match"; subject: Expr; cases: MatchCase[] }
export interface Raise extends Span { kind: "Raise"; exc: Expr | null; cause: Expr | null }
export interface Try extends Span {
  kind: "Try"; body: Stmt[]; handlers: ExceptHandler[]; orelse: Stmt[]; finalbody: Stmt[];
}
export interface TryStar extends Span {
  kind: "TryStar"; body: Stmt[]; handlers: ExceptHandler[]; orelse: Stmt[]; finalbody: Stmt[];
}
export interface Assert extends Span { kind: "Assert"; test: Expr; msg: Expr | null }
export interface Import extends Span { kind: "Import"; names: Alias[] }
export interface ImportFrom extends Span {
  kind: "ImportFrom"; module: string | null; names: Alias[]; level: number;
}
export interface Global extends Span { kind: "Global"; names: string[] }
export interface Nonlocal extends Span { kind: "Nonlocal"; names: string[] }
export interface ExprStmt extends Span { kind: "Expr"; value: Expr }
export interface Pass extends Span { kind: "Pass" }
export interface Break extends Span { kind: "Break" }
export interface Continue extends Span { kind: "Continue" }

export type Stmt =
  | FunctionDef | AsyncFunctionDef | ClassDef | Return | Delete | Assign | TypeAlias
  | AugAssign | AnnAssign | For | AsyncFor | While | If | With | AsyncWith | Match
  | Raise | Try | TryStar | Assert | Import | ImportFrom | Global | Nonlocal
  | ExprStmt | Pass | Break | Continue;

// ---------------------------------------------------------------------------
// expr

export interface BoolOp extends Span { kind: "BoolOp"; op: BoolOpKind; values: Expr[] }
export interface NamedExpr extends Span { kind: "NamedExpr"; target: Name; value: Expr }
export interface BinOp extends Span { kind: "BinOp"; left: Expr; op: Operator; right: Expr }
export interface UnaryOp extends Span { kind: "UnaryOp"; op: UnaryOpKind; operand: Expr }
export interface Lambda extends Span { kind: "Lambda"; args: Arguments; body: Expr }
export interface IfExp extends Span { kind: "IfExp"; test: Expr; body: Expr; orelse: Expr }
export interface Dict extends Span { kind: "Dict"; keys: (Expr | null)[]; values: Expr[] }
export interface SetExpr extends Span { kind: "Set"; elts: Expr[] }
export interface ListComp extends Span { kind: "ListComp"; elt: Expr; generators: Comprehension[] }
export interface SetComp extends Span { kind: "SetComp"; elt: Expr; generators: Comprehension[] }
export interface DictComp extends Span {
  kind: "DictComp"; key: Expr; value: Expr; generators: Comprehension[];
}
export interface GeneratorExp extends Span { kind: "GeneratorExp"; elt: Expr; generators: Comprehension[] }
export interface Await extends Span { kind: "Await"; value: Expr }
export interface Yield extends Span { kind: "Yield"; value: Expr | null }
export interface YieldFrom extends Span { kind: "YieldFrom"; value: Expr }
export interface Compare extends Span { kind: "Compare"; left: Expr; ops: CmpOp[]; comparators: Expr[] }
export interface Call extends Span { kind: "Call"; func: Expr; args: Expr[]; keywords: Keyword[] }
/** `conversion` is -1 (none) or the code of 's', 'r', 'a' (115, 114, 97). */
export interface FormattedValue extends Span {
  kind: "FormattedValue"; value: Expr; conversion: number; format_spec: JoinedStr | null;
}
export interface JoinedStr extends Span { kind: "JoinedStr"; values: Expr[] }
export interface Constant extends Span { kind: "Constant"; value: ConstValue; string_kind: "u" | null }
export interface Attribute extends Span { kind: "Attribute"; value: Expr; attr: string; ctx: ExprContext }
export interface Subscript extends Span { kind: "Subscript"; value: Expr; slice: Expr; ctx: ExprContext }
export interface Starred extends Span { kind: "Starred"; value: Expr; ctx: ExprContext }
export interface Name extends Span { kind: "Name"; id: string; ctx: ExprContext }
export interface List extends Span { kind: "List"; elts: Expr[]; ctx: ExprContext }
export interface Tuple extends Span { kind: "Tuple"; elts: Expr[]; ctx: ExprContext }
export interface Slice extends Span { kind: "Slice"; lower: Expr | null; upper: Expr | null; step: Expr | null }

export type Expr =
  | BoolOp | NamedExpr | BinOp | UnaryOp | Lambda | IfExp | Dict | SetExpr | ListComp
  | SetComp | DictComp | GeneratorExp | Await | Yield | YieldFrom | Compare | Call
  | FormattedValue | JoinedStr | Constant | Attribute | Subscript | Starred | Name
  | List | Tuple | Slice;

// ---------------------------------------------------------------------------
// helper node types

/** `is_async` is 0 or 1. No position attributes (as in CPython). */
export interface Comprehension {
  kind: "comprehension"; target: Expr; iter: Expr; ifs: Expr[]; is_async: number;
}
export interface ExceptHandler extends Span {
  kind: "ExceptHandler"; type: Expr | null; name: string | null; body: Stmt[];
}
/** No position attributes (as in CPython). */
export interface Arguments {
  kind: "arguments";
  posonlyargs: Arg[]; args: Arg[]; vararg: Arg | null; kwonlyargs: Arg[];
  kw_defaults: (Expr | null)[]; kwarg: Arg | null; defaults: Expr[];
}
export interface Arg extends Span { kind: "arg"; arg: string; annotation: Expr | null; type_comment: string | null }
export interface Keyword extends Span { kind: "keyword"; arg: string | null; value: Expr }
export interface Alias extends Span { kind: "alias"; name: string; asname: string | null }
/** No position attributes (as in CPython). */
export interface WithItem { kind: "withitem"; context_expr: Expr; optional_vars: Expr | null }
/** No position attributes (as in CPython). */
export interface MatchCase { kind: "match_case"; pattern: Pattern; guard: Expr | null; body: Stmt[] }

// ---------------------------------------------------------------------------
// pattern

export interface MatchValue extends Span { kind: "MatchValue"; value: Expr }
export interface MatchSingleton extends Span { kind: "MatchSingleton"; value: ConstValue }
export interface MatchSequence extends Span { kind: "MatchSequence"; patterns: Pattern[] }
export interface MatchMapping extends Span {
  kind: "MatchMapping"; keys: Expr[]; patterns: Pattern[]; rest: string | null;
}
export interface MatchClass extends Span {
  kind: "MatchClass"; cls: Expr; patterns: Pattern[]; kwd_attrs: string[]; kwd_patterns: Pattern[];
}
export interface MatchStar extends Span { kind: "MatchStar"; name: string | null }
export interface MatchAs extends Span { kind: "MatchAs"; pattern: Pattern | null; name: string | null }
export interface MatchOr extends Span { kind: "MatchOr"; patterns: Pattern[] }

export type Pattern =
  | MatchValue | MatchSingleton | MatchSequence | MatchMapping | MatchClass | MatchStar
  | MatchAs | MatchOr;

// ---------------------------------------------------------------------------
// type_param (3.12)

export interface TypeVar extends Span { kind: "TypeVar"; name: string; bound: Expr | null }
export interface ParamSpec extends Span { kind: "ParamSpec"; name: string }
export interface TypeVarTuple extends Span { kind: "TypeVarTuple"; name: string }

export type TypeParam = TypeVar | ParamSpec | TypeVarTuple;

/** Any AST node. */
export type Node =
  | Module | TypeIgnore | Stmt | Expr | Comprehension | ExceptHandler | Arguments | Arg
  | Keyword | Alias | WithItem | MatchCase | Pattern | TypeParam;

/** Exhaustiveness check for `switch (node.kind)`. */
export function assertNever(x: never): never {
  throw new Error(`unexpected node: ${JSON.stringify((x as { kind?: string }).kind)}`);
}
