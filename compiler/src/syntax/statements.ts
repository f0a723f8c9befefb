/**
 * @fileoverview Statement grammar: tokens to `Stmt` nodes and the `Module`.
 *
 * In: the {@link Parser} at the start of a statement (or of the file).
 * Out: statement nodes; compound statements span from their keyword (not their
 * decorators) to the end of their last block, simple statements from their first to
 * their last token (excluding `;` and NEWLINE), as in CPython.
 *
 * One function per rule of CPython 3.12's `python.gram` (statements section), the rule
 * written above it. Soft keywords (`match`, `case`, `type`) are recognised by lookahead
 * and, for `match`, by backtracking when the statement turns out to be an expression.
 */
import type {
  Alias, ExceptHandler, Expr, Keyword, MatchCase, Module, Name, Stmt, TypeParam, WithItem,
} from "./ast";
import { PySyntaxError } from "./errors";
import {
  bitwiseOr, callArguments, expression, isName, name, namedExpression, parameters,
  starExpression, starExpressions, starNamedExpression, starTargets, startsExpression, yieldExpr,
} from "./expressions";
import type { Parser } from "./parser";
import { closedOrPatterns } from "./patterns";
import { setContext } from "./targets";
import { DEDENT, ENDMARKER, INDENT, NAME, NEWLINE, OP, Token } from "./tokenizer";

const AUG_OPS: Record<string, string> = {
  "+=": "Add", "-=": "Sub", "*=": "Mult", "@=": "MatMult", "/=": "Div", "%=": "Mod",
  "&=": "BitAnd", "|=": "BitOr", "^=": "BitXor", "<<=": "LShift", ">>=": "RShift",
  "**=": "Pow", "//=": "FloorDiv",
};

// file: [statements] ENDMARKER
export function fileInput(p: Parser): Module {
  const body: Stmt[] = [];
  while (p.tt() !== ENDMARKER) {
    const t = p.tok;
    if (t.type === INDENT) unexpectedIndent(p, t);
    if (t.type === NEWLINE) { p.pos++; continue; }
    statement(p, body);
  }
  return { kind: "Module", body, type_ignores: [] };
}

/** CPython reports an unexpected indent one column before the indented token. */
function unexpectedIndent(p: Parser, t: Token): never {
  throw new PySyntaxError("unexpected indent", p.filename, t.lineno, Math.max(0, t.endCol - 1), t.lineno, t.endCol, "IndentationError");
}

// statement: compound_stmt | simple_stmts
function statement(p: Parser, out: Stmt[]): void {
  const t = p.tok;
  if (t.type === NAME) {
    switch (t.value) {
      case "def": case "if": case "class": case "with": case "for": case "try": case "while":
        out.push(compoundStmt(p, p.pos, []));
        return;
      case "async": {
        const n = p.peek();
        if (n.type === NAME && (n.value === "def" || n.value === "with" || n.value === "for")) {
          out.push(compoundStmt(p, p.pos, []));
          return;
        }
        break;
      }
      case "match": {
        const m = tryMatchStmt(p);
        if (m !== null) { out.push(m); return; }
        if (matchFail === null) break;
        // Not a match statement. If reading it as an expression fails sooner than the
        // match attempt did, report where the match attempt failed (as CPython's PEG
        // parser reports the furthest failure).
        const fail = matchFail;
        const s = p.pos;
        try {
          simpleStmts(p, out);
          return;
        } catch (e) {
          if (!(e instanceof PySyntaxError)) throw e;
          if (e.lineno < fail.lineno || (e.lineno === fail.lineno && e.col_offset < fail.col)) {
            p.pos = s;
            p.errorAt(fail, fail.type === NEWLINE ? "expected ':'" : "invalid syntax");
          }
          throw e;
        }
      }
    }
  } else if (t.type === OP && t.value === "@") {
    out.push(decorated(p));
    return;
  }
  simpleStmts(p, out);
}

// simple_stmts: simple_stmt !';' NEWLINE | ';'.simple_stmt+ [';'] NEWLINE
function simpleStmts(p: Parser, out: Stmt[]): void {
  for (;;) {
    out.push(simpleStmt(p));
    if (p.eatOp(";")) {
      if (p.tt() === NEWLINE) break;
      continue;
    }
    break;
  }
  if (p.tt() !== NEWLINE) {
    const t = p.tok;
    if (t.type === INDENT || t.type === DEDENT) p.errorAt(t, "invalid syntax");
    p.errorAt(t, "invalid syntax");
  }
  p.pos++;
}

// simple_stmt:
//     | assignment | &"type" type_alias | star_expressions | &'return' return_stmt
//     | &('import' | 'from') import_stmt | &'raise' raise_stmt | 'pass' | &'del' del_stmt
//     | &'yield' yield_stmt | &'assert' assert_stmt | 'break' | 'continue'
//     | &'global' global_stmt | &'nonlocal' nonlocal_stmt
function simpleStmt(p: Parser): Stmt {
  const s = p.pos;
  const t = p.tok;
  if (t.type === NAME) {
    switch (t.value) {
      case "pass": p.pos++; return p.fin({ kind: "Pass", lineno: 0, col_offset: 0, end_lineno: 0, end_col_offset: 0 } as Stmt, s);
      case "break": p.pos++; return p.fin({ kind: "Break", lineno: 0, col_offset: 0, end_lineno: 0, end_col_offset: 0 } as Stmt, s);
      case "continue": p.pos++; return p.fin({ kind: "Continue", lineno: 0, col_offset: 0, end_lineno: 0, end_col_offset: 0 } as Stmt, s);
      case "return": {
        p.pos++;
        const value = startsExpression(p) ? starExpressions(p) : null;
        return p.fin({ kind: "Return", value, lineno: 0, col_offset: 0, end_lineno: 0, end_col_offset: 0 } as Stmt, s);
      }
      case "import": return importName(p);
      case "from": return importFrom(p);
      case "raise": {
        p.pos++;
        let exc: Expr | null = null, cause: Expr | null = null;
        if (startsExpression(p)) {
          exc = expression(p);
          if (p.eatKw("from")) cause = expression(p);
        }
        return p.fin({ kind: "Raise", exc, cause, lineno: 0, col_offset: 0, end_lineno: 0, end_col_offset: 0 } as Stmt, s);
      }
      case "del": {
        p.pos++;
        const targets = delTargets(p);
        return p.fin({ kind: "Delete", targets, lineno: 0, col_offset: 0, end_lineno: 0, end_col_offset: 0 } as Stmt, s);
      }
      case "assert": {
        p.pos++;
        const test = expression(p);
        const msg = p.eatOp(",") ? expression(p) : null;
        return p.fin({ kind: "Assert", test, msg, lineno: 0, col_offset: 0, end_lineno: 0, end_col_offset: 0 } as Stmt, s);
      }
      case "global": case "nonlocal": {
        p.pos++;
        const names = [name(p).value];
        while (p.eatOp(",")) names.push(name(p).value);
        return p.fin({ kind: t.value === "global" ? "Global" : "Nonlocal", names, lineno: 0, col_offset: 0, end_lineno: 0, end_col_offset: 0 } as Stmt, s);
      }
      case "type": {
        const n1 = p.peek();
        if (p.py312 && isName(n1)) {
          const n2 = p.peek(2);
          if (n2.type === OP && (n2.value === "=" || n2.value === "[")) return typeAlias(p);
        }
        break;
      }
    }
  }
  return exprOrAssignment(p);
}

// type_alias: "type" NAME [type_params] '=' expression
function typeAlias(p: Parser): Stmt {
  const s = p.pos++;
  const nt = name(p);
  const nm: Name = p.finTok({ kind: "Name", id: nt.value, ctx: "Store", lineno: 0, col_offset: 0, end_lineno: 0, end_col_offset: 0 } as Name, nt);
  const type_params = p.atOp("[") ? typeParams(p) : [];
  p.expectOp("=");
  const value = expression(p);
  return p.fin({ kind: "TypeAlias", name: nm, type_params, value, lineno: 0, col_offset: 0, end_lineno: 0, end_col_offset: 0 } as Stmt, s);
}

// type_params: '[' type_param_seq ']'
// type_param:
//     | NAME [type_param_bound] | '*' NAME | '**' NAME
export function typeParams(p: Parser): TypeParam[] {
  const open = p.expectOp("[");
  if (p.py311) p.errorAt(open, "invalid syntax");
  const out: TypeParam[] = [];
  while (!p.atOp("]")) {
    const s = p.pos;
    if (p.eatOp("*")) {
      const n = name(p).value;
      if (p.atOp(":")) p.errorAt(p.tok, "cannot use bound with TypeVarTuple");
      out.push(p.fin({ kind: "TypeVarTuple", name: n, lineno: 0, col_offset: 0, end_lineno: 0, end_col_offset: 0 } as TypeParam, s));
    } else if (p.eatOp("**")) {
      const n = name(p).value;
      if (p.atOp(":")) p.errorAt(p.tok, "cannot use bound with ParamSpec");
      out.push(p.fin({ kind: "ParamSpec", name: n, lineno: 0, col_offset: 0, end_lineno: 0, end_col_offset: 0 } as TypeParam, s));
    } else {
      const n = name(p).value;
      const bound = p.eatOp(":") ? expression(p) : null;
      out.push(p.fin({ kind: "TypeVar", name: n, bound, lineno: 0, col_offset: 0, end_lineno: 0, end_col_offset: 0 } as TypeParam, s));
    }
    if (!p.eatOp(",")) break;
  }
  p.expectOp("]");
  if (out.length === 0) p.errorAt(open, "Type parameter list cannot be empty");
  return out;
}

// assignment:
//     | NAME ':' expression ['=' annotated_rhs ]
//     | ('(' single_target ')' | single_subscript_attribute_target) ':' expression ['=' annotated_rhs ]
//     | (star_targets '=' )+ (yield_expr | star_expressions) !'=' [TYPE_COMMENT]
//     | single_target augassign ~ (yield_expr | star_expressions)
// star_expressions
function exprOrAssignment(p: Parser): Stmt {
  const s = p.pos;
  const first = p.atKw("yield") ? yieldExpr(p) : starExpressions(p);
  const t = p.tok;
  if (first.kind === "Name" && (first.id === "print" || first.id === "exec") && startsExpression(p) &&
    !(t.type === OP && t.value !== "(" && t.value !== "[" && t.value !== "{" && t.value !== "...")) {
    const ls = p.pos;
    try { starExpressions(p); } catch { p.pos = ls + 1; }
    const e = p.fin({ kind: "Expr", value: first, lineno: 0, col_offset: 0, end_lineno: 0, end_col_offset: 0 } as Stmt, s);
    p.errorNode(e, `Missing parentheses in call to '${first.id}'. Did you mean ${first.id}(...)?`);
  }
  if (t.type !== OP) return p.fin({ kind: "Expr", value: first, lineno: 0, col_offset: 0, end_lineno: 0, end_col_offset: 0 } as Stmt, s);
  if (t.value === "=") {
    const targets = [first];
    let value: Expr = first;
    while (p.eatOp("=")) {
      value = p.atKw("yield") ? yieldExpr(p) : starExpressions(p);
      targets.push(value);
    }
    targets.pop();
    for (const x of targets) {
      if (x.kind === "Yield" || x.kind === "YieldFrom") p.errorNode(x, "assignment to yield expression not possible");
      setContext(p, x, "Store", "assign-eq");
    }
    return p.fin({ kind: "Assign", targets, value, type_comment: null, lineno: 0, col_offset: 0, end_lineno: 0, end_col_offset: 0 } as Stmt, s);
  }
  if (t.value === ":") {
    p.pos++;
    setContext(p, first, "Store", "ann");
    const annotation = expression(p);
    let value: Expr | null = null;
    if (p.eatOp("=")) value = p.atKw("yield") ? yieldExpr(p) : starExpressions(p);
    const simple = first.kind === "Name" && p.toks[s].type === NAME ? 1 : 0;
    return p.fin({ kind: "AnnAssign", target: first, annotation, value, simple, lineno: 0, col_offset: 0, end_lineno: 0, end_col_offset: 0 } as Stmt, s);
  }
  const op = AUG_OPS[t.value];
  if (op !== undefined) {
    p.pos++;
    setContext(p, first, "Store", "aug");
    const value = p.atKw("yield") ? yieldExpr(p) : starExpressions(p);
    return p.fin({ kind: "AugAssign", target: first, op, value, lineno: 0, col_offset: 0, end_lineno: 0, end_col_offset: 0 } as Stmt, s);
  }
  return p.fin({ kind: "Expr", value: first, lineno: 0, col_offset: 0, end_lineno: 0, end_col_offset: 0 } as Stmt, s);
}

// del_targets: ','.del_target+ [',']
function delTargets(p: Parser): Expr[] {
  const targets: Expr[] = [];
  for (;;) {
    const e = bitwiseOr(p);
    setContext(p, e, "Del", "del");
    targets.push(e);
    if (!p.eatOp(",")) break;
    if (!startsExpression(p)) break;
  }
  return targets;
}

// import_name: 'import' dotted_as_names
// dotted_as_name: dotted_name ['as' NAME ]
function importName(p: Parser): Stmt {
  const s = p.pos++;
  const names: Alias[] = [];
  do {
    const as = p.pos;
    const nm = dottedName(p);
    const asname = p.eatKw("as") ? name(p).value : null;
    names.push(p.fin({ kind: "alias", name: nm, asname, lineno: 0, col_offset: 0, end_lineno: 0, end_col_offset: 0 } as Alias, as));
  } while (p.eatOp(","));
  if (p.py312 && p.atKw("from")) {
    p.pos++;
    try { dottedName(p); if (p.eatKw("as")) name(p); } catch { /* the message below */ }
    p.errorNode(p.fin({ kind: "Pass", lineno: 0, col_offset: 0, end_lineno: 0, end_col_offset: 0 } as Stmt, s), "Did you mean to use 'from ... import ...' instead?");
  }
  return p.fin({ kind: "Import", names, lineno: 0, col_offset: 0, end_lineno: 0, end_col_offset: 0 } as Stmt, s);
}

// dotted_name: dotted_name '.' NAME | NAME
function dottedName(p: Parser): string {
  let n = name(p).value;
  while (p.eatOp(".")) n += "." + name(p).value;
  return n;
}

// import_from:
//     | 'from' ('.' | '...')* dotted_name 'import' import_from_targets
//     | 'from' ('.' | '...')+ 'import' import_from_targets
// import_from_targets: '(' import_from_as_names [','] ')' | import_from_as_names !',' | '*'
function importFrom(p: Parser): Stmt {
  const s = p.pos++;
  let level = 0;
  for (;;) {
    if (p.eatOp(".")) level++;
    else if (p.eatOp("...")) level += 3;
    else break;
  }
  const module = level > 0 && p.atKw("import") ? null : dottedName(p);
  p.expectKw("import");
  const names: Alias[] = [];
  if (p.atOp("*")) {
    const t = p.next();
    names.push(p.finTok({ kind: "alias", name: "*", asname: null, lineno: 0, col_offset: 0, end_lineno: 0, end_col_offset: 0 } as Alias, t));
  } else {
    const paren = p.eatOp("(");
    do {
      if (paren && p.atOp(")")) break;
      if (!paren && names.length > 0 && p.tt() === NEWLINE) {
        p.errorAt(p.tok, "trailing comma not allowed without surrounding parentheses");
      }
      const as = p.pos;
      const nm = name(p).value;
      const asname = p.eatKw("as") ? name(p).value : null;
      names.push(p.fin({ kind: "alias", name: nm, asname, lineno: 0, col_offset: 0, end_lineno: 0, end_col_offset: 0 } as Alias, as));
    } while (p.eatOp(","));
    if (paren) p.expectOp(")");
    else if (p.toks[p.pos - 1].type === OP && p.toks[p.pos - 1].value === ",") {
      p.errorAt(p.toks[p.pos - 1], "trailing comma not allowed without surrounding parentheses");
    }
  }
  return p.fin({ kind: "ImportFrom", module, names, level, lineno: 0, col_offset: 0, end_lineno: 0, end_col_offset: 0 } as Stmt, s);
}

// decorators: ('@' f=named_expression NEWLINE )+
function decorated(p: Parser): Stmt {
  const decorators: Expr[] = [];
  while (p.eatOp("@")) {
    decorators.push(namedExpression(p));
    if (p.tt() !== NEWLINE) p.expected("NEWLINE");
    p.pos++;
  }
  const t = p.tok;
  if (!(t.type === NAME && (t.value === "def" || t.value === "class" ||
    (t.value === "async" && p.peek().type === NAME && p.peek().value === "def")))) {
    p.errorAt(t, "invalid syntax");
  }
  return compoundStmt(p, p.pos, decorators);
}

// compound_stmt:
//     | &('def' | '@' | ASYNC) function_def | &'if' if_stmt | &('class' | '@') class_def
//     | &('with' | ASYNC) with_stmt | &('for' | ASYNC) for_stmt | &'try' try_stmt
//     | &'while' while_stmt | match_stmt
function compoundStmt(p: Parser, s: number, decorators: Expr[]): Stmt {
  const t = p.tok;
  let isAsync = false;
  if (t.value === "async") { isAsync = true; p.pos++; }
  const kw = p.tok.value;
  switch (kw) {
    case "def": return funcDef(p, s, decorators, isAsync);
    case "class": return classDef(p, s, decorators);
    case "if": return ifStmt(p);
    case "while": return whileStmt(p);
    case "for": return forStmt(p, s, isAsync);
    case "with": return withStmt(p, s, isAsync);
    case "try": return tryStmt(p);
  }
  return p.errorAt(t, "invalid syntax");
}

// function_def_raw:
//     | 'def' NAME [type_params] &&'(' [params] ')' ['->' expression ] &&':' [func_type_comment] block
//     | ASYNC 'def' NAME [type_params] &&'(' [params] ')' ['->' expression ] &&':' [func_type_comment] block
function funcDef(p: Parser, s: number, decorator_list: Expr[], isAsync: boolean): Stmt {
  const defTok = p.next();
  const nm = name(p).value;
  const type_params = p.atOp("[") ? typeParams(p) : [];
  if (!p.atOp("(")) p.errorAt(p.tok, "expected '('");
  p.pos++;
  const args = parameters(p, true, ")");
  p.expectOp(")");
  const returns = p.eatOp("->") ? expression(p) : null;
  p.expectColon(true);
  const body = block(p, defTok, "function definition");
  return p.fin({
    kind: isAsync ? "AsyncFunctionDef" : "FunctionDef", name: nm, args, body, decorator_list,
    returns, type_comment: null, type_params,
  } as Stmt, s);
}

// class_def_raw: 'class' NAME [type_params] ['(' [arguments] ')' ] &&':' block
function classDef(p: Parser, s: number, decorator_list: Expr[]): Stmt {
  const classTok = p.next();
  const nm = name(p).value;
  const type_params = p.atOp("[") ? typeParams(p) : [];
  let bases: Expr[] = [], keywords: Keyword[] = [];
  if (p.atOp("(")) [bases, keywords] = callArguments(p, false);
  p.expectColon(false);
  const body = block(p, classTok, "class definition");
  return p.fin({ kind: "ClassDef", name: nm, bases, keywords, body, decorator_list, type_params, lineno: 0, col_offset: 0, end_lineno: 0, end_col_offset: 0 } as Stmt, s);
}

// if_stmt: 'if' named_expression ':' block elif_stmt | 'if' named_expression ':' block [else_block]
// elif_stmt: 'elif' named_expression ':' block elif_stmt | 'elif' named_expression ':' block [else_block]
function ifStmt(p: Parser): Stmt {
  const s = p.pos;
  const kwTok = p.next();
  const test = namedExpression(p);
  p.expectColon(false);
  const body = block(p, kwTok, kwTok.value === "if" ? "'if' statement" : "'elif' statement");
  let orelse: Stmt[] = [];
  if (p.atKw("elif")) orelse = [ifStmt(p)];
  else if (p.atKw("else")) orelse = elseBlock(p, "'else' statement");
  return p.fin({ kind: "If", test, body, orelse, lineno: 0, col_offset: 0, end_lineno: 0, end_col_offset: 0 } as Stmt, s);
}

// else_block: 'else' &&':' block
function elseBlock(p: Parser, what: string): Stmt[] {
  const t = p.next();
  p.expectColon(true);
  return block(p, t, what);
}

// while_stmt: 'while' named_expression ':' block [else_block]
function whileStmt(p: Parser): Stmt {
  const s = p.pos;
  const t = p.next();
  const test = namedExpression(p);
  p.expectColon(false);
  const body = block(p, t, "'while' statement");
  const orelse = p.atKw("else") ? elseBlock(p, "'else' statement") : [];
  return p.fin({ kind: "While", test, body, orelse, lineno: 0, col_offset: 0, end_lineno: 0, end_col_offset: 0 } as Stmt, s);
}

// for_stmt:
//     | 'for' star_targets 'in' ~ star_expressions ':' [TYPE_COMMENT] block [else_block]
//     | ASYNC 'for' star_targets 'in' ~ star_expressions ':' [TYPE_COMMENT] block [else_block]
function forStmt(p: Parser, s: number, isAsync: boolean): Stmt {
  const t = p.next();
  const target = starTargets(p);
  p.expectKw("in");
  const iter = starExpressions(p);
  p.expectColon(false);
  const body = block(p, t, "'for' statement");
  const orelse = p.atKw("else") ? elseBlock(p, "'else' statement") : [];
  return p.fin({ kind: isAsync ? "AsyncFor" : "For", target, iter, body, orelse, type_comment: null, lineno: 0, col_offset: 0, end_lineno: 0, end_col_offset: 0 } as Stmt, s);
}

// with_stmt:
//     | 'with' '(' ','.with_item+ ','? ')' ':' block
//     | 'with' ','.with_item+ ':' [TYPE_COMMENT] block
//     | ASYNC ... (the same)
function withStmt(p: Parser, s: number, isAsync: boolean): Stmt {
  const t = p.next();
  let items: WithItem[] | null = null;
  let colonMissing: Token | null = null;
  if (p.atOp("(")) {
    const save = p.pos;
    try {
      p.pos++;
      const its: WithItem[] = [];
      while (!p.atOp(")")) {
        its.push(withItem(p));
        if (!p.eatOp(",")) break;
      }
      p.expectOp(")");
      if (its.length > 0 && p.tt() === NEWLINE) colonMissing = p.tok;
      if (!p.atOp(":") || its.length === 0) throw new Backtrack();
      items = its;
    } catch (e) {
      if (!(e instanceof PySyntaxError) && !(e instanceof Backtrack)) throw e;
      p.pos = save;
      items = null;
      if (colonMissing !== null) p.errorAt(colonMissing, "expected ':'");
    }
  }
  if (items === null) {
    items = [];
    do items.push(withItem(p)); while (p.eatOp(","));
  }
  p.expectColon(false);
  const body = block(p, t, "'with' statement");
  return p.fin({ kind: isAsync ? "AsyncWith" : "With", items, body, type_comment: null, lineno: 0, col_offset: 0, end_lineno: 0, end_col_offset: 0 } as Stmt, s);
}

/** Thrown to abandon a PEG alternative (caught where the alternative was tried). */
class Backtrack {}

// with_item:
//     | expression 'as' star_target &(',' | ')' | ':')
//     | expression
function withItem(p: Parser): WithItem {
  const context_expr = expression(p);
  let optional_vars: Expr | null = null;
  if (p.eatKw("as")) {
    optional_vars = starTargetSingle(p);
    if (!(p.atOp(",") || p.atOp(")") || p.atOp(":") || p.tt() === NEWLINE)) p.expected("',', ')' or ':'");
  }
  return { kind: "withitem", context_expr, optional_vars };
}

// star_target: '*' (!'*' star_target) | target_with_star_atom
function starTargetSingle(p: Parser): Expr {
  const e = p.atOp("*") ? starExpression(p) : bitwiseOr(p);
  setContext(p, e, "Store", "with");
  return e;
}

// try_stmt:
//     | 'try' &&':' block finally_block
//     | 'try' &&':' block except_block+ [else_block] [finally_block]
//     | 'try' &&':' block except_star_block+ [else_block] [finally_block]
// except_block: 'except' expression ['as' NAME ] ':' block | 'except' ':' block
// except_star_block: 'except' '*' expression ['as' NAME ] ':' block
// finally_block: 'finally' &&':' block
function tryStmt(p: Parser): Stmt {
  const s = p.pos;
  const t = p.next();
  p.expectColon(true);
  const body = block(p, t, "'try' statement");
  const handlers: ExceptHandler[] = [];
  let star: boolean | null = null;
  while (p.atKw("except")) {
    const hs = p.pos;
    const et = p.next();
    const isStar = p.eatOp("*");
    if (star !== null && star !== isStar) p.errorAt(et, "cannot have both 'except' and 'except*' on the same 'try'");
    star = isStar;
    let type: Expr | null = null, nm: string | null = null;
    if (p.tt() === NEWLINE) p.errorAt(p.tok, "expected ':'");
    if (!p.atOp(":")) {
      type = expression(p);
      if (p.atOp(",")) {
        const ts = p.toks.indexOf(p.toks[hs + (isStar ? 2 : 1)]);
        const tup = [type];
        while (p.eatOp(",")) { if (p.atOp(":") || p.atKw("as")) break; tup.push(expression(p)); }
        const e = p.fin({ kind: "Tuple", elts: tup, ctx: "Load", lineno: 0, col_offset: 0, end_lineno: 0, end_col_offset: 0 } as Expr, ts);
        p.errorNode(e, "multiple exception types must be parenthesized");
      }
      if (p.eatKw("as")) nm = name(p).value;
    } else if (isStar) {
      p.errorAt(p.tok, "expected one or more exception types");
    }
    p.expectColon(false);
    const hbody = block(p, et, isStar ? "'except*' statement" : "'except' statement");
    handlers.push(p.fin({ kind: "ExceptHandler", type, name: nm, body: hbody, lineno: 0, col_offset: 0, end_lineno: 0, end_col_offset: 0 } as ExceptHandler, hs));
  }
  const orelse = handlers.length > 0 && p.atKw("else") ? elseBlock(p, "'else' statement") : [];
  let finalbody: Stmt[] = [];
  if (p.atKw("finally")) finalbody = elseBlock(p, "'finally' statement");
  if (handlers.length === 0 && finalbody.length === 0) p.errorAt(p.tok, "expected 'except' or 'finally' block");
  return p.fin({ kind: star ? "TryStar" : "Try", body, handlers, orelse, finalbody, lineno: 0, col_offset: 0, end_lineno: 0, end_col_offset: 0 } as Stmt, s);
}

// match_stmt: "match" subject_expr ':' NEWLINE INDENT case_block+ DEDENT
// subject_expr: star_named_expression ',' star_named_expressions? | named_expression
/** Where the last failed match-statement attempt stopped (see statement()). */
let matchFail: Token | null = null;

/** Returns null (position restored) when `match` is not a match statement. */
function tryMatchStmt(p: Parser): Stmt | null {
  const s = p.pos;
  matchFail = null;
  const n = p.peek();
  // quick rejections: `match = ...`, `match.x`, `match(...)`-as-call is ambiguous, so tried
  if (n.type === NEWLINE || (n.type === OP && (n.value === "=" || n.value === "." || n.value === ")" ||
    n.value === "," || n.value === ":" || AUG_OPS[n.value] !== undefined))) return null;
  let subject: Expr;
  try {
    p.pos++;
    const ss = p.pos;
    const first = starNamedExpression(p);
    if (p.atOp(",")) {
      const elts = [first];
      while (p.eatOp(",")) {
        if (p.atOp(":")) break;
        elts.push(starNamedExpression(p));
      }
      subject = p.fin({ kind: "Tuple", elts, ctx: "Load", lineno: 0, col_offset: 0, end_lineno: 0, end_col_offset: 0 } as Expr, ss);
    } else {
      if (first.kind === "Starred") throw new Backtrack();
      subject = first;
    }
    if (!p.atOp(":") || p.peek().type !== NEWLINE) throw new Backtrack();
  } catch (e) {
    if (!(e instanceof PySyntaxError) && !(e instanceof Backtrack)) throw e;
    matchFail = e instanceof Backtrack ? p.tok : null;
    p.pos = s;
    return null;
  }
  const mt = p.toks[s];
  p.pos += 2;
  if (p.tt() !== INDENT) {
    p.errorAt(p.tok, `expected an indented block after 'match' statement on line ${mt.lineno}`, "IndentationError");
  }
  p.pos++;
  const cases: MatchCase[] = [];
  while (p.tt() !== DEDENT) {
    if (!p.atKw("case")) p.errorAt(p.tok, "invalid syntax");
    cases.push(caseBlock(p));
  }
  p.pos++;
  return p.fin({ kind: "Match", subject, cases, lineno: 0, col_offset: 0, end_lineno: 0, end_col_offset: 0 } as Stmt, s);
}

// case_block: "case" patterns guard? ':' block
// guard: 'if' named_expression
function caseBlock(p: Parser): MatchCase {
  const ct = p.next();
  const pattern = closedOrPatterns(p);
  const guard = p.eatKw("if") ? namedExpression(p) : null;
  p.expectColon(false);
  const body = block(p, ct, "'case' statement");
  return { kind: "match_case", pattern, guard, body };
}


// block: NEWLINE INDENT statements DEDENT | simple_stmts
/** Parses a block; `owner` and `what` word the "expected an indented block" error. */
function block(p: Parser, owner: Token, what: string): Stmt[] {
  const body: Stmt[] = [];
  if (p.tt() !== NEWLINE) {
    simpleStmts(p, body);
    return body;
  }
  p.pos++;
  if (p.tt() !== INDENT) {
    p.errorAt(p.tok, `expected an indented block after ${what} on line ${owner.lineno}`, "IndentationError");
  }
  p.pos++;
  while (p.tt() !== DEDENT && p.tt() !== ENDMARKER) {
    if (p.tt() === INDENT) unexpectedIndent(p, p.tok);
    statement(p, body);
  }
  p.pos++;
  return body;
}

