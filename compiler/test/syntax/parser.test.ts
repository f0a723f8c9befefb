/**
 * @fileoverview Parser expect tests: one line of Python in, a compact printing of its AST out, plus
 * spans (CPython's positions) and target-version differences.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { parseModule } from "../../src/syntax/parser";
import { expectExpr, expectPrinted, expectSpan } from "./helpers";

test("parse: precedence", () => {
  expectExpr("a + b * c", "BinOp(a Add BinOp(b Mult c))");
  expectExpr("-a ** b", "UnaryOp(USub BinOp(a Pow b))");
  expectExpr("a ** -b ** c", "BinOp(a Pow UnaryOp(USub BinOp(b Pow c)))");
  expectExpr("not a and b or c", "BoolOp(Or [BoolOp(And [UnaryOp(Not a) b]) c])");
  expectExpr("a < b <= c is not d not in e", "Compare(a [Lt LtE IsNot NotIn] [b c d e])");
  expectExpr("a | b ^ c & d << e", "BinOp(a BitOr BinOp(b BitXor BinOp(c BitAnd BinOp(d LShift e))))");
  expectExpr("a if b else c if d else e", "IfExp(b a IfExp(d c e))");
  expectExpr("await x ** 2", "BinOp(Await(x) Pow 2)");
});

test("parse: atoms and trailers", () => {
  expectExpr("a.b(c)[d]", "Subscript(Call(Attribute(a b) [c]) d)");
  expectExpr("(1, 2)", "Tuple([1 2])");
  expectExpr("()", "Tuple()");
  expectExpr("(1)", "1");
  expectExpr("[1, *a]", "List([1 Starred(a)])");
  expectExpr("{1: 2, **d}", "Dict([1 None] [2 d])");
  expectExpr("{1, 2}", "Set([1 2])");
  expectExpr("...", "...");
  expectExpr("None, True, False", "Tuple([None True False])");
  expectExpr("'a' 'b'", "\"ab\"");
  expectExpr("b'a' b'b'", "b\"ab\"");
  expectExpr("0x10, 1_0, 1.5, 2j", "Tuple([16 10 1.5 2j])");
  expectExpr("12345678901234567890123", "12345678901234567890123");
});

test("parse: slices", () => {
  expectExpr("a[1:2]", "Subscript(a Slice(1 2))");
  expectExpr("a[::2]", "Subscript(a Slice(2))");
  expectExpr("a[1:2, 3]", "Subscript(a Tuple([Slice(1 2) 3]))");
  expectExpr("a[*b]", "Subscript(a Tuple([Starred(b)]))");
});

test("parse: calls", () => {
  expectExpr("f(a, *b, c=1, **d)", "Call(f [a Starred(b)] [keyword(c 1) keyword(d)])");
  expectExpr("f(x for x in y)", "Call(f [GeneratorExp(x [comprehension(x:Store y)])])");
});

test("parse: comprehensions", () => {
  expectExpr("[x for x in y if x]", "ListComp(x [comprehension(x:Store y [x])])");
  expectExpr("{k: v for k, v in d}", "DictComp(k v [comprehension(Tuple([k:Store v:Store] Store) d)])");
  expectExpr("{x async for x in y}", "SetComp(x [comprehension(x:Store y 1)])");
});

test("parse: lambda and walrus", () => {
  expectExpr("lambda a, b=1, *c, d, **e: 0",
    "Lambda(arguments([arg(a) arg(b)] arg(c) [arg(d)] [None] arg(e) [1]) 0)");
  expectExpr("(y := 2)", "NamedExpr(y:Store 2)");
});

test("parse: assignments", () => {
  expectPrinted("a = b = 1", "Assign([a:Store b:Store] 1)");
  expectPrinted("a, *b = c", "Assign([Tuple([a:Store Starred(b:Store Store)] Store)] c)");
  expectPrinted("x: int = 1", "AnnAssign(x:Store int 1 1)");
  expectPrinted("(x): int", "AnnAssign(x:Store int)");
  expectPrinted("x += 1", "AugAssign(x:Store Add 1)");
  expectPrinted("del a[0], b", "Delete([Subscript(a 0 Del) b:Del])");
});

test("parse: compound statements", () => {
  expectPrinted("if a:\n    b\nelif c:\n    d\nelse:\n    e\n", "If(a [Expr(b)] [If(c [Expr(d)] [Expr(e)])])");
  expectPrinted("for i in x:\n    pass\nelse:\n    pass\n", "For(i:Store x [Pass()] [Pass()])");
  expectPrinted("while 1: break", "While(1 [Break()])");
  expectPrinted("with a as b, c: pass", "With([withitem(a b:Store) withitem(c)] [Pass()])");
  expectPrinted("with (a as b, c): pass", "With([withitem(a b:Store) withitem(c)] [Pass()])");
  expectPrinted("try:\n    pass\nexcept E as e:\n    pass\nfinally:\n    pass\n",
    "Try([Pass()] [ExceptHandler(E e [Pass()])] [Pass()])");
  expectPrinted("try:\n    pass\nexcept* E:\n    pass\n", "TryStar([Pass()] [ExceptHandler(E [Pass()])])");
});

test("parse: definitions", () => {
  expectPrinted("@d\ndef f(a, /, b: int = 1, *, c) -> r: pass",
    "FunctionDef(f arguments([arg(a)] [arg(b int)] [arg(c)] [None] [1]) [Pass()] [d] r)");
  expectPrinted("class A(B, metaclass=M): pass", "ClassDef(A [B] [keyword(metaclass M)] [Pass()])");
  expectPrinted("async def f(): await x", "AsyncFunctionDef(f arguments() [Expr(Await(x))])");
});

test("parse: imports and simple statements", () => {
  expectPrinted("import a.b as c", "Import([alias(a.b c)])");
  expectPrinted("from ..a import (b, c as d)", "ImportFrom(a [alias(b) alias(c d)] 2)");
  expectPrinted("from . import *", "ImportFrom([alias(*)] 1)");
  expectPrinted("global a, b; nonlocal c", "Global([a b]); Nonlocal([c])");
  expectPrinted("raise E from F", "Raise(E F)");
  expectPrinted("assert x, 'm'", "Assert(x \"m\")");
});

test("parse: match", () => {
  expectPrinted("match x:\n    case [1, *r] | {'k': v, **kw}:\n        pass\n    case P(a, b=c) as z if g:\n        pass\n",
    "Match(x [match_case(MatchOr([MatchSequence([MatchValue(1) MatchStar(r)]) MatchMapping([\"k\"] [MatchAs(v)] kw)]) [Pass()]) " +
    "match_case(MatchAs(MatchClass(P [MatchAs(a)] [b] [MatchAs(c)]) z) g [Pass()])])");
  expectPrinted("match = 1", "Assign([match:Store] 1)");
  expectPrinted("match(x)", "Expr(Call(match [x]))");
});

test("parse: type aliases and parameters (3.12)", () => {
  expectPrinted("type X[T: int, *Ts, **P] = list[T]",
    "TypeAlias(X:Store [TypeVar(T int) TypeVarTuple(Ts) ParamSpec(P)] Subscript(list T))");
  expectPrinted("def f[T](x: T): pass", "FunctionDef(f arguments([arg(x T)]) [Pass()] [TypeVar(T)])");
  expectPrinted("type = 1", "Assign([type:Store] 1)");
});

test("parse: f-strings", () => {
  // 3.12 ends a format spec that ends with a field with an empty Constant, as CPython 3.12
  expectExpr("f'a{x!r:>{w}}b'", "JoinedStr([\"a\" FormattedValue(x 114 JoinedStr([\">\" FormattedValue(w) \"\"])) \"b\"])");
  expectExpr("f'a{x!r:>{w}}b'", "JoinedStr([\"a\" FormattedValue(x 114 JoinedStr([\">\" FormattedValue(w)])) \"b\"])",
    { version: [3, 11] });
  expectExpr("f'{x=}'", "JoinedStr([\"x=\" FormattedValue(x 114)])");
  expectExpr("f'{f'{1}'}'", "JoinedStr([FormattedValue(JoinedStr([FormattedValue(1)]))])");
});

test("spans: CPython's positions", () => {
  expectSpan("(a) + b", "BinOp@1:0-1:7");
  expectSpan("x = 1", "Assign@1:0-1:5");
  expectSpan("if a:\n    b;\n", "If@1:0-2:6");
  expectSpan("f(x for x in y)", "Call@1:0-1:15");
  expectSpan("'é' + x", "BinOp@1:0-1:8");
  expectSpan("@d\ndef f(): pass", "FunctionDef@2:0-2:13");
  const g = parseModule("f(x for x in y)\n").body[0] as any;
  assert.equal(`${g.value.args[0].col_offset}-${g.value.args[0].end_col_offset}`, "1-15");
});

test("parse: 3.11 target rejects 3.12 syntax", () => {
  assert.throws(() => parseModule("type X = int\n", "t.py", { version: [3, 11] }));
  assert.throws(() => parseModule("f'{'a'}'\n", "t.py", { version: [3, 11] }));
  assert.throws(() => parseModule("def f[T](): pass\n", "t.py", { version: [3, 11] }));
});
