/**
 * @fileoverview Expression grammar: tokens to `Expr` nodes.
 *
 * In: the {@link Parser} positioned at an expression.
 * Out: the expression node, with the parser advanced past it.
 *
 * One function per grammar rule of CPython 3.12's `python.gram` (expressions section),
 * the rule written above it. Left-recursive rules (`sum: sum '+' term`) are loops.
 * Every node spans the tokens its rule consumed (see parser.ts).
 */
import type {
  Arg, Arguments, CmpOp, Comprehension, Expr, Keyword, Name, Operator, Starred,
} from "./ast";
import { Parser } from "./parser";
import { FSTRING_START, NAME, NUMBER, OP, STRING, KEYWORDS, Token } from "./tokenizer";
import { PySyntaxError } from "./errors";
import { parseNumber, strings } from "./strings";
import { setContext } from "./targets";

const BINOPS_SUM: Record<string, Operator> = { "+": "Add", "-": "Sub" };
const BINOPS_TERM: Record<string, Operator> = {
  "*": "Mult", "/": "Div", "//": "FloorDiv", "%": "Mod", "@": "MatMult",
};
const CMP_OPS: Record<string, CmpOp> = {
  "==": "Eq", "!=": "NotEq", "<": "Lt", "<=": "LtE", ">": "Gt", ">=": "GtE",
};

/** NAME that is not a hard keyword. */
export function name(p: Parser): Token {
  const t = p.tok;
  if (t.type !== NAME || KEYWORDS.has(t.value)) p.expected("a name");
  p.pos++;
  return t;
}

/** Whether `t` is a NAME that is not a hard keyword (soft keywords are names). */
export function isName(t: Token): boolean {
  return t.type === NAME && !KEYWORDS.has(t.value);
}

// star_expressions:
//     | star_expression (',' star_expression )+ [',']
//     | star_expression ','
//     | star_expression
export function starExpressions(p: Parser): Expr {
  const s = p.pos;
  const first = starExpression(p);
  if (!p.atOp(",")) return first;
  const elts = [first];
  while (p.eatOp(",")) {
    if (!startsExpression(p)) break;
    elts.push(starExpression(p));
  }
  return p.fin({ kind: "Tuple", elts, ctx: "Load", lineno: 0, col_offset: 0, end_lineno: 0, end_col_offset: 0 } as Expr, s);
}

// star_expression: '*' bitwise_or | expression
export function starExpression(p: Parser): Expr {
  if (p.atOp("*")) {
    const s = p.pos++;
    const value = bitwiseOr(p);
    return p.fin({ kind: "Starred", value, ctx: "Load", lineno: 0, col_offset: 0, end_lineno: 0, end_col_offset: 0 } as Starred, s);
  }
  return expression(p);
}

// star_named_expressions: ','.star_named_expression+ [',']
// star_named_expression: '*' bitwise_or | named_expression
export function starNamedExpression(p: Parser): Expr {
  if (p.atOp("*")) {
    const s = p.pos++;
    const value = bitwiseOr(p);
    return p.fin({ kind: "Starred", value, ctx: "Load", lineno: 0, col_offset: 0, end_lineno: 0, end_col_offset: 0 } as Starred, s);
  }
  return namedExpression(p);
}

/** Whether the current token can begin an expression. */
export function startsExpression(p: Parser): boolean {
  const t = p.tok;
  switch (t.type) {
    case NAME:
      if (!KEYWORDS.has(t.value)) return true;
      return t.value === "not" || t.value === "lambda" || t.value === "await" ||
        t.value === "None" || t.value === "True" || t.value === "False" || t.value === "yield";
    case NUMBER: case STRING: case FSTRING_START:
      return true;
    case OP:
      switch (t.value) {
        case "(": case "[": case "{": case "-": case "+": case "~": case "*": case "...": case "**":
          return true;
      }
      return false;
  }
  return false;
}

// named_expression: NAME ':=' ~ expression | expression !':='
export function namedExpression(p: Parser, checkEq = true): Expr {
  const t = p.tok;
  if (t.type === NAME && p.peek().type === OP && p.peek().value === ":=" && !KEYWORDS.has(t.value)) {
    const s = p.pos;
    p.pos++;
    const target: Name = p.finTok({ kind: "Name", id: t.value, ctx: "Store", lineno: 0, col_offset: 0, end_lineno: 0, end_col_offset: 0 } as Name, t);
    p.pos++;
    const value = expression(p);
    return p.fin({ kind: "NamedExpr", target, value, lineno: 0, col_offset: 0, end_lineno: 0, end_col_offset: 0 } as Expr, s);
  }
  const e = expression(p);
  if (p.atOp(":=")) {
    p.errorNode(e, `cannot use assignment expressions with ${describe(e)}`);
  }
  if (checkEq && p.atOp("=")) invalidEquals(p, e);
  return e;
}

/** `x = 1` where an expression is expected: CPython's invalid_named_expression messages. */
function invalidEquals(p: Parser, e: Expr): never {
  if (e.kind === "Name") p.errorNode(e, "invalid syntax. Maybe you meant '==' or ':=' instead of '='?");
  if (isBitwiseOrLevel(e) && e.kind !== "List" && e.kind !== "Tuple" && e.kind !== "GeneratorExp" &&
    !(e.kind === "Constant" && (e.value.tag === "None" || e.value.tag === "bool"))) {
    p.errorNode(e, `cannot assign to ${describe(e)} here. Maybe you meant '==' instead of '='?`);
  }
  return p.errorAt(p.tok, "invalid syntax");
}

/** Whether `e` could have come from the `bitwise_or` rule (no comparison, not, and/or, if, lambda). */
export function isBitwiseOrLevel(e: Expr): boolean {
  switch (e.kind) {
    case "Compare": case "BoolOp": case "IfExp": case "Lambda": case "NamedExpr": case "Yield": case "YieldFrom":
      return false;
    case "UnaryOp":
      return e.op !== "Not";
  }
  return true;
}

/** After a list/tuple/set/dict/call element, when neither ',' nor the closer follows. */
function missingComma(p: Parser, elemStart: number, closer: string): never {
  const t = p.tok;
  const a = p.toks[elemStart];
  if (startsExpression(p) && !(a.type === NAME && (t.type === STRING || t.type === FSTRING_START) && p.pos === elemStart + 1)) {
    const save = p.pos;
    let end: Token = t;
    try { expression(p); end = p.toks[p.pos - 1]; } catch { p.pos = save; }
    throw new PySyntaxError("invalid syntax. Perhaps you forgot a comma?", p.filename, a.lineno, a.col, end.endLineno, end.endCol);
  }
  return p.expected(`'${closer}'`);
}

/** `[a, b for ...]`: CPython suggests parenthesising the target. */
function unparenthesisedCompTarget(p: Parser, elts: Expr[]): void {
  if (elts.length > 1 && isCompFor(p)) {
    const a = elts[0], b = elts[elts.length - 1];
    throw new PySyntaxError("did you forget parentheses around the comprehension target?", p.filename,
      a.lineno, a.col_offset, b.end_lineno, b.end_col_offset);
  }
}

// expression:
//     | disjunction 'if' disjunction 'else' expression
//     | disjunction
//     | lambdef
export function expression(p: Parser): Expr {
  if (p.atKw("lambda")) return lambdef(p);
  const s = p.pos;
  const body = disjunction(p);
  if (p.atKw("if")) {
    p.pos++;
    const test = disjunction(p);
    if (!p.atKw("else")) p.errorAt(p.toks[s], "expected 'else' after 'if' expression");
    p.pos++;
    const orelse = expression(p);
    return p.fin({ kind: "IfExp", test, body, orelse, lineno: 0, col_offset: 0, end_lineno: 0, end_col_offset: 0 } as Expr, s);
  }
  return body;
}

// disjunction: conjunction ('or' conjunction )+ | conjunction
export function disjunction(p: Parser): Expr {
  const s = p.pos;
  const first = conjunction(p);
  if (!p.atKw("or")) return first;
  const values = [first];
  while (p.eatKw("or")) values.push(conjunction(p));
  return p.fin({ kind: "BoolOp", op: "Or", values, lineno: 0, col_offset: 0, end_lineno: 0, end_col_offset: 0 } as Expr, s);
}

// conjunction: inversion ('and' inversion )+ | inversion
function conjunction(p: Parser): Expr {
  const s = p.pos;
  const first = inversion(p);
  if (!p.atKw("and")) return first;
  const values = [first];
  while (p.eatKw("and")) values.push(inversion(p));
  return p.fin({ kind: "BoolOp", op: "And", values, lineno: 0, col_offset: 0, end_lineno: 0, end_col_offset: 0 } as Expr, s);
}

// inversion: 'not' inversion | comparison
function inversion(p: Parser): Expr {
  if (p.atKw("not")) {
    const s = p.pos++;
    const operand = inversion(p);
    return p.fin({ kind: "UnaryOp", op: "Not", operand, lineno: 0, col_offset: 0, end_lineno: 0, end_col_offset: 0 } as Expr, s);
  }
  return comparison(p);
}

// comparison: bitwise_or compare_op_bitwise_or_pair+ | bitwise_or
// compare_op_bitwise_or_pair: ('==' | '!=' | '<=' | '<' | '>=' | '>' | 'not' 'in' | 'in'
//                              | 'is' 'not' | 'is') bitwise_or
function comparison(p: Parser): Expr {
  const s = p.pos;
  const left = bitwiseOr(p);
  let ops: CmpOp[] | null = null;
  let comparators: Expr[] = [];
  for (;;) {
    const t = p.tok;
    let op: CmpOp | undefined;
    if (t.type === OP) {
      op = CMP_OPS[t.value];
      if (op !== undefined) p.pos++;
    } else if (t.type === NAME) {
      if (t.value === "in") { op = "In"; p.pos++; }
      else if (t.value === "is") {
        p.pos++;
        if (p.eatKw("not")) op = "IsNot"; else op = "Is";
      } else if (t.value === "not" && p.peek().type === NAME && p.peek().value === "in") {
        p.pos += 2;
        op = "NotIn";
      }
    }
    if (op === undefined) break;
    if (ops === null) ops = [];
    ops.push(op);
    comparators.push(bitwiseOr(p));
  }
  if (ops === null) return left;
  return p.fin({ kind: "Compare", left, ops, comparators, lineno: 0, col_offset: 0, end_lineno: 0, end_col_offset: 0 } as Expr, s);
}

// bitwise_or: bitwise_or '|' bitwise_xor | bitwise_xor
export function bitwiseOr(p: Parser): Expr {
  const s = p.pos;
  let left = bitwiseXor(p);
  while (p.atOp("|")) {
    p.pos++;
    const right = bitwiseXor(p);
    left = p.fin({ kind: "BinOp", left, op: "BitOr", right, lineno: 0, col_offset: 0, end_lineno: 0, end_col_offset: 0 } as Expr, s);
  }
  return left;
}

// bitwise_xor: bitwise_xor '^' bitwise_and | bitwise_and
function bitwiseXor(p: Parser): Expr {
  const s = p.pos;
  let left = bitwiseAnd(p);
  while (p.atOp("^")) {
    p.pos++;
    const right = bitwiseAnd(p);
    left = p.fin({ kind: "BinOp", left, op: "BitXor", right, lineno: 0, col_offset: 0, end_lineno: 0, end_col_offset: 0 } as Expr, s);
  }
  return left;
}

// bitwise_and: bitwise_and '&' shift_expr | shift_expr
function bitwiseAnd(p: Parser): Expr {
  const s = p.pos;
  let left = shiftExpr(p);
  while (p.atOp("&")) {
    p.pos++;
    const right = shiftExpr(p);
    left = p.fin({ kind: "BinOp", left, op: "BitAnd", right, lineno: 0, col_offset: 0, end_lineno: 0, end_col_offset: 0 } as Expr, s);
  }
  return left;
}

// shift_expr: shift_expr '<<' sum | shift_expr '>>' sum | sum
function shiftExpr(p: Parser): Expr {
  const s = p.pos;
  let left = sum(p);
  for (;;) {
    const t = p.tok;
    if (t.type !== OP || (t.value !== "<<" && t.value !== ">>")) return left;
    p.pos++;
    const right = sum(p);
    left = p.fin({ kind: "BinOp", left, op: t.value === "<<" ? "LShift" : "RShift", right, lineno: 0, col_offset: 0, end_lineno: 0, end_col_offset: 0 } as Expr, s);
  }
}

// sum: sum '+' term | sum '-' term | term
function sum(p: Parser): Expr {
  const s = p.pos;
  let left = term(p);
  for (;;) {
    const t = p.tok;
    const op = t.type === OP ? BINOPS_SUM[t.value] : undefined;
    if (op === undefined) return left;
    p.pos++;
    const right = term(p);
    left = p.fin({ kind: "BinOp", left, op, right, lineno: 0, col_offset: 0, end_lineno: 0, end_col_offset: 0 } as Expr, s);
  }
}

// term: term ('*' | '/' | '//' | '%' | '@') factor | factor
function term(p: Parser): Expr {
  const s = p.pos;
  let left = factor(p);
  for (;;) {
    const t = p.tok;
    const op = t.type === OP ? BINOPS_TERM[t.value] : undefined;
    if (op === undefined) return left;
    p.pos++;
    const right = factor(p);
    left = p.fin({ kind: "BinOp", left, op, right, lineno: 0, col_offset: 0, end_lineno: 0, end_col_offset: 0 } as Expr, s);
  }
}

// factor: '+' factor | '-' factor | '~' factor | power
function factor(p: Parser): Expr {
  const t = p.tok;
  if (t.type === OP && (t.value === "+" || t.value === "-" || t.value === "~")) {
    const s = p.pos++;
    const operand = factor(p);
    const op = t.value === "+" ? "UAdd" : t.value === "-" ? "USub" : "Invert";
    return p.fin({ kind: "UnaryOp", op, operand, lineno: 0, col_offset: 0, end_lineno: 0, end_col_offset: 0 } as Expr, s);
  }
  return power(p);
}

// power: await_primary '**' factor | await_primary
// await_primary: AWAIT primary | primary
function power(p: Parser): Expr {
  const s = p.pos;
  let left: Expr;
  if (p.atKw("await")) {
    p.pos++;
    const value = primary(p);
    left = p.fin({ kind: "Await", value, lineno: 0, col_offset: 0, end_lineno: 0, end_col_offset: 0 } as Expr, s);
  } else {
    left = primary(p);
  }
  if (p.atOp("**")) {
    p.pos++;
    const right = factor(p);
    return p.fin({ kind: "BinOp", left, op: "Pow", right, lineno: 0, col_offset: 0, end_lineno: 0, end_col_offset: 0 } as Expr, s);
  }
  return left;
}

// primary:
//     | primary '.' NAME
//     | primary genexp
//     | primary '(' [arguments] ')'
//     | primary '[' slices ']'
//     | atom
export function primary(p: Parser): Expr {
  const s = p.pos;
  let e = atom(p);
  for (;;) {
    const t = p.tok;
    if (t.type !== OP) return e;
    if (t.value === ".") {
      p.pos++;
      const attr = name(p).value;
      e = p.fin({ kind: "Attribute", value: e, attr, ctx: "Load", lineno: 0, col_offset: 0, end_lineno: 0, end_col_offset: 0 } as Expr, s);
    } else if (t.value === "(") {
      const [args, keywords] = callArguments(p);
      e = p.fin({ kind: "Call", func: e, args, keywords, lineno: 0, col_offset: 0, end_lineno: 0, end_col_offset: 0 } as Expr, s);
    } else if (t.value === "[") {
      p.pos++;
      const slice = slices(p);
      p.expectOp("]");
      e = p.fin({ kind: "Subscript", value: e, slice, ctx: "Load", lineno: 0, col_offset: 0, end_lineno: 0, end_col_offset: 0 } as Expr, s);
    } else return e;
  }
}

// slices: slice !',' | ','.(slice | starred_expression)+ [',']
function slices(p: Parser): Expr {
  const s = p.pos;
  const first = sliceOrStarred(p);
  if (!p.atOp(",") && first.kind !== "Starred") return first;
  const elts = [first];
  while (p.eatOp(",")) {
    if (p.atOp("]")) break;
    elts.push(sliceOrStarred(p));
  }
  return p.fin({ kind: "Tuple", elts, ctx: "Load", lineno: 0, col_offset: 0, end_lineno: 0, end_col_offset: 0 } as Expr, s);
}

// slice: [expression] ':' [expression] [':' [expression] ] | named_expression
function sliceOrStarred(p: Parser): Expr {
  if (p.atOp("*")) return starExpression(p);
  const s = p.pos;
  let lower: Expr | null = null;
  if (!p.atOp(":")) {
    lower = namedExpression(p);
    if (!p.atOp(":")) return lower;
    if (lower.kind === "NamedExpr") p.expected("']'");
  }
  p.pos++;
  let upper: Expr | null = null, step: Expr | null = null;
  if (!p.atOp(":") && !p.atOp("]") && !p.atOp(",")) upper = expression(p);
  if (p.eatOp(":")) {
    if (!p.atOp("]") && !p.atOp(",")) step = expression(p);
  }
  return p.fin({ kind: "Slice", lower, upper, step, lineno: 0, col_offset: 0, end_lineno: 0, end_col_offset: 0 } as Expr, s);
}

// atom:
//     | NAME | 'True' | 'False' | 'None' | strings | NUMBER
//     | (tuple | group | genexp) | (list | listcomp) | (dict | set | dictcomp | setcomp)
//     | '...'
export function atom(p: Parser): Expr {
  const t = p.tok;
  switch (t.type) {
    case NAME: {
      if (!KEYWORDS.has(t.value)) {
        p.pos++;
        return p.finTok({ kind: "Name", id: t.value, ctx: "Load", lineno: 0, col_offset: 0, end_lineno: 0, end_col_offset: 0 } as Expr, t);
      }
      const v = t.value;
      if (v === "None" || v === "True" || v === "False") {
        p.pos++;
        const value = v === "None" ? { tag: "None" as const } : { tag: "bool" as const, value: v === "True" };
        return p.finTok({ kind: "Constant", value, string_kind: null, lineno: 0, col_offset: 0, end_lineno: 0, end_col_offset: 0 } as Expr, t);
      }
      if (v === "yield" ) p.errorAt(t, "invalid syntax");
      return p.expected("an expression");
    }
    case NUMBER:
      p.pos++;
      return p.finTok({ kind: "Constant", value: parseNumber(t.value), string_kind: null, lineno: 0, col_offset: 0, end_lineno: 0, end_col_offset: 0 } as Expr, t);
    case STRING: case FSTRING_START:
      return strings(p);
    case OP:
      switch (t.value) {
        case "(": return parenAtom(p);
        case "[": return listAtom(p);
        case "{": return braceAtom(p);
        case "...":
          p.pos++;
          return p.finTok({ kind: "Constant", value: { tag: "Ellipsis" }, string_kind: null } as Expr, t);
      }
  }
  return p.expected("an expression");
}

// tuple: '(' [star_named_expression ',' [star_named_expressions] ] ')'
// group: '(' (yield_expr | named_expression) ')'
// genexp: '(' ( assignment_expression | expression !':=') for_if_clauses ')'
function parenAtom(p: Parser): Expr {
  const s = p.pos++;
  if (p.atOp(")")) {
    p.pos++;
    return p.fin({ kind: "Tuple", elts: [] as Expr[], ctx: "Load", lineno: 0, col_offset: 0, end_lineno: 0, end_col_offset: 0 } as Expr, s);
  }
  if (p.atKw("yield")) {
    const e = yieldExpr(p);
    p.expectOp(")");
    return e;
  }
  const first = starNamedExpression(p);
  if (p.atOp(")")) {
    p.pos++;
    if (first.kind === "Starred") p.errorNode(first, "cannot use starred expression here");
    return first;
  }
  if (isCompFor(p)) {
    if (first.kind === "Starred") p.errorNode(first, "iterable unpacking cannot be used in comprehension");
    const generators = forIfClauses(p);
    p.expectOp(")");
    return p.fin({ kind: "GeneratorExp", elt: first, generators, lineno: 0, col_offset: 0, end_lineno: 0, end_col_offset: 0 } as Expr, s);
  }
  if (!p.atOp(",")) missingComma(p, s + 1, ")");
  const elts = [first];
  while (p.eatOp(",")) {
    if (p.atOp(")")) break;
    const es = p.pos;
    elts.push(starNamedExpression(p));
    if (!p.atOp(",") && !p.atOp(")")) { unparenthesisedCompTarget(p, elts); missingComma(p, es, ")"); }
  }
  p.expectOp(")");
  return p.fin({ kind: "Tuple", elts, ctx: "Load", lineno: 0, col_offset: 0, end_lineno: 0, end_col_offset: 0 } as Expr, s);
}

// list: '[' [star_named_expressions] ']'
// listcomp: '[' named_expression for_if_clauses ']'
function listAtom(p: Parser): Expr {
  const s = p.pos++;
  if (p.atOp("]")) {
    p.pos++;
    return p.fin({ kind: "List", elts: [] as Expr[], ctx: "Load", lineno: 0, col_offset: 0, end_lineno: 0, end_col_offset: 0 } as Expr, s);
  }
  const first = starNamedExpression(p);
  if (isCompFor(p)) {
    if (first.kind === "Starred") p.errorNode(first, "iterable unpacking cannot be used in comprehension");
    const generators = forIfClauses(p);
    p.expectOp("]");
    return p.fin({ kind: "ListComp", elt: first, generators, lineno: 0, col_offset: 0, end_lineno: 0, end_col_offset: 0 } as Expr, s);
  }
  const elts = [first];
  if (!p.atOp(",") && !p.atOp("]")) missingComma(p, s + 1, "]");
  while (p.eatOp(",")) {
    if (p.atOp("]")) break;
    const es = p.pos;
    elts.push(starNamedExpression(p));
    if (!p.atOp(",") && !p.atOp("]")) { unparenthesisedCompTarget(p, elts); missingComma(p, es, "]"); }
  }
  p.expectOp("]");
  return p.fin({ kind: "List", elts, ctx: "Load", lineno: 0, col_offset: 0, end_lineno: 0, end_col_offset: 0 } as Expr, s);
}

// dict: '{' [double_starred_kvpairs] '}'
// set: '{' star_named_expressions '}'
// dictcomp: '{' kvpair for_if_clauses '}'
// setcomp: '{' named_expression for_if_clauses '}'
function braceAtom(p: Parser): Expr {
  const s = p.pos++;
  if (p.atOp("}")) {
    p.pos++;
    return p.fin({ kind: "Dict", keys: [] as Expr[], values: [] as Expr[], lineno: 0, col_offset: 0, end_lineno: 0, end_col_offset: 0 } as Expr, s);
  }
  if (p.atOp("**")) return dictRest(p, s, [], []);
  const first = starNamedExpression(p);
  if (p.atOp(":") && first.kind !== "Starred") {
    p.pos++;
    const vs = p.pos;
    const value = dictValue(p);
    if (isCompFor(p)) {
      const generators = forIfClauses(p);
      p.expectOp("}");
      return p.fin({ kind: "DictComp", key: first, value, generators, lineno: 0, col_offset: 0, end_lineno: 0, end_col_offset: 0 } as Expr, s);
    }
    return dictRest(p, s, [first], [value], vs);
  }
  if (isCompFor(p)) {
    if (first.kind === "Starred") p.errorNode(first, "iterable unpacking cannot be used in comprehension");
    const generators = forIfClauses(p);
    p.expectOp("}");
    return p.fin({ kind: "SetComp", elt: first, generators, lineno: 0, col_offset: 0, end_lineno: 0, end_col_offset: 0 } as Expr, s);
  }
  const elts = [first];
  if (!p.atOp(",") && !p.atOp("}")) missingComma(p, s + 1, "}");
  while (p.eatOp(",")) {
    if (p.atOp("}")) break;
    const es = p.pos;
    elts.push(starNamedExpression(p));
    if (p.atOp(":") && elts.length > 1) p.errorNode(elts[0], "':' expected after dictionary key");
    if (!p.atOp(",") && !p.atOp("}")) { unparenthesisedCompTarget(p, elts); missingComma(p, es, "}"); }
  }
  p.expectOp("}");
  return p.fin({ kind: "Set", elts, lineno: 0, col_offset: 0, end_lineno: 0, end_col_offset: 0 } as Expr, s);
}

// double_starred_kvpairs: ','.double_starred_kvpair+ [',']
// double_starred_kvpair: '**' bitwise_or | kvpair
// kvpair: expression ':' expression
function dictRest(p: Parser, s: number, keys: (Expr | null)[], values: Expr[], firstValue = s + 1): Expr {
  if (keys.length === 0) {
    if (p.eatOp("**")) {
      keys.push(null);
      values.push(bitwiseOr(p));
      if (isCompFor(p)) p.errorAt(p.tok, "dict unpacking cannot be used in dict comprehension");
    }
  }
  if (!p.atOp(",") && !p.atOp("}")) missingComma(p, firstValue, "}");
  while (p.eatOp(",")) {
    if (p.atOp("}")) break;
    let es = p.pos;
    if (p.eatOp("**")) {
      keys.push(null);
      values.push(bitwiseOr(p));
    } else {
      const key = expression(p);
      keys.push(key);
      if (!p.atOp(":")) {
        if (p.atOp(",") || p.atOp("}")) p.errorNode(key, "':' expected after dictionary key");
        p.expected("':'");
      }
      p.pos++;
      es = p.pos;
      values.push(dictValue(p));
    }
    if (!p.atOp(",") && !p.atOp("}")) missingComma(p, es, "}");
  }
  p.expectOp("}");
  return p.fin({ kind: "Dict", keys, values, lineno: 0, col_offset: 0, end_lineno: 0, end_col_offset: 0 } as Expr, s);
}

/** The value of a `key: value` pair, with CPython's messages for a missing or starred one. */
function dictValue(p: Parser): Expr {
  if (p.atOp("}") || p.atOp(",")) p.errorAt(p.toks[p.pos - 1], "expression expected after dictionary key and ':'");
  if (p.atOp("*")) p.errorAt(p.tok, "cannot use a starred expression in a dictionary value");
  return expression(p);
}

/** Whether a `for_if_clause` starts here: 'for' or ASYNC 'for'. */
function isCompFor(p: Parser): boolean {
  const t = p.tok;
  if (t.type !== NAME) return false;
  if (t.value === "for") return true;
  return t.value === "async" && p.peek().type === NAME && p.peek().value === "for";
}

// for_if_clauses: for_if_clause+
// for_if_clause:
//     | ASYNC 'for' star_targets 'in' ~ disjunction ('if' disjunction )*
//     | 'for' star_targets 'in' ~ disjunction ('if' disjunction )*
export function forIfClauses(p: Parser): Comprehension[] {
  const gens: Comprehension[] = [];
  while (isCompFor(p)) {
    const isAsync = p.eatKw("async") ? 1 : 0;
    p.pos++;
    const target = starTargets(p);
    p.expectKw("in");
    const iter = disjunction(p);
    const ifs: Expr[] = [];
    while (p.eatKw("if")) ifs.push(disjunction(p));
    gens.push({ kind: "comprehension", target, iter, ifs, is_async: isAsync });
  }
  return gens;
}

// star_targets: star_target !',' | star_target (',' star_target )* [',']
// star_target: '*' (!'*' star_target) | target_with_star_atom
export function starTargets(p: Parser): Expr {
  const s = p.pos;
  const first = starTargetExpr(p);
  let e = first;
  if (p.atOp(",")) {
    const elts = [first];
    while (p.eatOp(",")) {
      if (!startsExpression(p)) break;
      elts.push(starTargetExpr(p));
    }
    e = p.fin({ kind: "Tuple", elts, ctx: "Load", lineno: 0, col_offset: 0, end_lineno: 0, end_col_offset: 0 } as Expr, s);
  }
  setContext(p, e, "Store", "assign");
  return e;
}

// star_target: '*' (!'*' star_target) | target_with_star_atom
// (read as an expression at bitwise_or level, then checked by setContext)
function starTargetExpr(p: Parser): Expr {
  if (p.atOp("*")) {
    const s = p.pos++;
    const value = starTargetExpr(p);
    return p.fin({ kind: "Starred", value, ctx: "Load", lineno: 0, col_offset: 0, end_lineno: 0, end_col_offset: 0 } as Expr, s);
  }
  return bitwiseOr(p);
}

// yield_expr: 'yield' 'from' expression | 'yield' [star_expressions]
export function yieldExpr(p: Parser): Expr {
  const s = p.pos;
  p.expectKw("yield");
  if (p.eatKw("from")) {
    const value = expression(p);
    return p.fin({ kind: "YieldFrom", value, lineno: 0, col_offset: 0, end_lineno: 0, end_col_offset: 0 } as Expr, s);
  }
  const value = startsExpression(p) ? starExpressions(p) : null;
  return p.fin({ kind: "Yield", value, lineno: 0, col_offset: 0, end_lineno: 0, end_col_offset: 0 } as Expr, s);
}

// arguments: args [','] &')'
// args:
//     | ','.(starred_expression | ( assignment_expression | expression !':=') !'=')+ [',' kwargs ]
//     | kwargs
// kwarg_or_starred: NAME '=' expression | starred_expression
// kwarg_or_double_starred: NAME '=' expression | '**' expression
/** Parses `( ... )` of a call (or class bases); returns positional and keyword arguments. */
export function callArguments(p: Parser, allowGenexp = true): [Expr[], Keyword[]] {
  const open = p.pos;
  p.expectOp("(");
  const args: Expr[] = [];
  const keywords: Keyword[] = [];
  let sawKeyword = false, sawDoubleStar = false;
  while (!p.atOp(")")) {
    const s = p.pos;
    const t = p.tok;
    if (t.type === OP && t.value === "*") {
      if (sawDoubleStar) p.errorAt(t, "iterable argument unpacking follows keyword argument unpacking");
      p.pos++;
      const value = expression(p);
      if (p.atOp("=")) p.errorAt(t, "cannot assign to iterable argument unpacking");
      args.push(p.fin({ kind: "Starred", value, ctx: "Load", lineno: 0, col_offset: 0, end_lineno: 0, end_col_offset: 0 } as Expr, s));
    } else if (t.type === OP && t.value === "**") {
      p.pos++;
      const value = expression(p);
      if (p.atOp("=")) p.errorAt(t, "cannot assign to keyword argument unpacking");
      keywords.push(p.fin({ kind: "keyword", arg: null, value, lineno: 0, col_offset: 0, end_lineno: 0, end_col_offset: 0 } as Keyword, s));
      sawDoubleStar = true;
    } else if (t.type === NAME && p.peek().type === OP && p.peek().value === "=" && !KEYWORDS.has(t.value)) {
      p.pos += 2;
      if (p.atOp(",") || p.atOp(")")) p.errorAt(t, "expected argument value expression");
      const value = expression(p);
      keywords.push(p.fin({ kind: "keyword", arg: t.value, value, lineno: 0, col_offset: 0, end_lineno: 0, end_col_offset: 0 } as Keyword, s));
      sawKeyword = true;
    } else {
      const e = namedExpression(p, false);
      if (p.atOp("=")) {
        if (e.kind === "Constant" && (e.value.tag === "None" || e.value.tag === "bool")) {
          p.errorNode(e, `cannot assign to ${describe(e)}`);
        }
        p.errorNode(e, e.kind === "Constant" || e.kind === "JoinedStr" ? "expression cannot contain assignment, perhaps you meant \"==\"?"
          : "expression cannot contain assignment, perhaps you meant \"==\"?");
      }
      if (isCompFor(p)) {
        if (!allowGenexp) p.errorAt(p.tok, "invalid syntax");
        const generators = forIfClauses(p);
        const genStart = args.length === 0 && keywords.length === 0 ? open : s;
        if (!p.atOp(")") || args.length > 0 || keywords.length > 0) {
          const g = p.fin({ kind: "GeneratorExp", elt: e, generators, lineno: 0, col_offset: 0, end_lineno: 0, end_col_offset: 0 } as Expr, s);
          p.errorNode(g, "Generator expression must be parenthesized");
        }
        p.pos++;
        args.push(p.fin({ kind: "GeneratorExp", elt: e, generators, lineno: 0, col_offset: 0, end_lineno: 0, end_col_offset: 0 } as Expr, genStart));
        p.pos--;
        break;
      }
      if (sawDoubleStar) p.errorAt(p.tok, "positional argument follows keyword argument unpacking");
      if (sawKeyword) p.errorAt(p.tok, "positional argument follows keyword argument");
      args.push(e);
    }
    if (!p.atOp(",") && !p.atOp(")")) missingComma(p, s, ")");
    if (!p.eatOp(",")) break;
  }
  p.expectOp(")");
  return [args, keywords];
}

// lambdef: 'lambda' [lambda_params] ':' expression
function lambdef(p: Parser): Expr {
  const s = p.pos++;
  const args = parameters(p, false, ":");
  p.expectOp(":");
  const body = expression(p);
  return p.fin({ kind: "Lambda", args, body, lineno: 0, col_offset: 0, end_lineno: 0, end_col_offset: 0 } as Expr, s);
}

/**
 * Function or lambda parameters up to (not including) `close` (')' or ':').
 *
 * parameters:
 *     | slash_no_default param_no_default* param_with_default* [star_etc]
 *     | slash_with_default param_with_default* [star_etc]
 *     | param_no_default+ param_with_default* [star_etc]
 *     | param_with_default+ [star_etc]
 *     | star_etc
 * star_etc:
 *     | '*' param_no_default param_maybe_default* [kwds]
 *     | '*' param_no_default_star_annotation param_maybe_default* [kwds]
 *     | '*' ',' param_maybe_default+ [kwds]
 *     | kwds
 * kwds: '**' param_no_default
 */
export function parameters(p: Parser, annotations: boolean, close: string): Arguments {
  const posonlyargs: Arg[] = [];
  let args: Arg[] = [];
  let vararg: Arg | null = null;
  const kwonlyargs: Arg[] = [];
  const kw_defaults: (Expr | null)[] = [];
  let kwarg: Arg | null = null;
  const defaults: Expr[] = [];
  let state = 0; // 0 positional, 1 after '*', 2 after '**'
  let sawSlash = false;
  let bareStar: Token | null = null;
  while (!p.atOp(close)) {
    const t = p.tok;
    if (state === 2) p.errorAt(t, "arguments cannot follow var-keyword argument");
    if (t.type === OP && t.value === "/") {
      if (sawSlash) p.errorAt(t, "/ may appear only once");
      if (state === 1) p.errorAt(t, "/ must be ahead of *");
      if (args.length === 0) p.errorAt(t, "at least one argument must precede /");
      p.pos++;
      sawSlash = true;
      posonlyargs.push(...args);
      args = [];
      if (p.atOp("*")) p.errorAt(p.tok, "expected comma between / and *");
    } else if (t.type === OP && t.value === "(") {
      p.errorAt(t, annotations ? "Function parameters cannot be parenthesized" : "Lambda expression parameters cannot be parenthesized");
    } else if (t.type === OP && t.value === "*") {
      if (state === 1) p.errorAt(t, "* argument may appear only once");
      p.pos++;
      state = 1;
      if (p.atOp(",") || p.atOp(close)) {
        bareStar = t;
      } else {
        vararg = param(p, annotations, true);
        if (p.atOp("=")) p.errorAt(p.tok, "var-positional argument cannot have default value");
      }
    } else if (t.type === OP && t.value === "**") {
      p.pos++;
      kwarg = param(p, annotations, false);
      if (p.atOp("=")) p.errorAt(p.tok, "var-keyword argument cannot have default value");
      state = 2;
    } else {
      const a = param(p, annotations, false);
      let dflt: Expr | null = null;
      if (p.atOp("=")) {
        const eq = p.next();
        if (p.atOp(",") || p.atOp(close) || p.atOp(")")) p.errorAt(eq, "expected default value expression");
        dflt = expression(p);
      }
      if (state === 0) {
        args.push(a);
        if (dflt !== null) defaults.push(dflt);
        else if (defaults.length > 0) {
          p.errorNode(a, p.py311 ? "non-default argument follows default argument"
            : "parameter without a default follows parameter with a default");
        }
      } else {
        kwonlyargs.push(a);
        kw_defaults.push(dflt);
      }
    }
    if (!p.eatOp(",")) break;
  }
  if (bareStar !== null && kwonlyargs.length === 0) {
    // CPython points at the `*` of a def, and past it (and its comma) in a lambda
    let at = p.toks.indexOf(bareStar);
    if (!annotations) { at++; if (p.toks[at].type === OP && p.toks[at].value === ",") at++; }
    p.errorAt(p.toks[at], "named arguments must follow bare *");
  }
  return { kind: "arguments", posonlyargs, args, vararg, kwonlyargs, kw_defaults, kwarg, defaults };
}

// param: NAME annotation?
// annotation: ':' expression
// star_annotation: ':' star_expression
function param(p: Parser, annotations: boolean, star: boolean): Arg {
  const s = p.pos;
  const t = name(p);
  let annotation: Expr | null = null;
  if (annotations && p.eatOp(":")) {
    annotation = star ? starExpression(p) : expression(p);
  }
  return p.fin({ kind: "arg", arg: t.value, annotation, type_comment: null, lineno: 0, col_offset: 0, end_lineno: 0, end_col_offset: 0 } as Arg, s);
}

/** Short description of an expression for error messages, as CPython words it. */
export function describe(e: Expr): string {
  switch (e.kind) {
    case "Call": return "function call";
    case "Compare": return "comparison";
    case "BinOp": case "UnaryOp": case "BoolOp": return "expression";
    case "Lambda": return "lambda";
    case "IfExp": return "conditional expression";
    case "NamedExpr": return "named expression";
    case "Dict": return "dict literal";
    case "Set": return "set display";
    case "ListComp": return "list comprehension";
    case "SetComp": return "set comprehension";
    case "DictComp": return "dict comprehension";
    case "GeneratorExp": return "generator expression";
    case "Yield": case "YieldFrom": return "yield expression";
    case "Await": return "await expression";
    case "JoinedStr": case "FormattedValue": return "f-string expression";
    case "Constant": {
      const v = e.value;
      if (v.tag === "None") return "None";
      if (v.tag === "bool") return v.value ? "True" : "False";
      if (v.tag === "Ellipsis") return "ellipsis";
      return "literal";
    }
    case "Attribute": return "attribute";
    case "Subscript": return "subscript";
    case "Starred": return "starred";
    case "Name": return "name";
    case "List": return "list";
    case "Tuple": return "tuple";
    case "Slice": return "slice";
  }
}
