/**
 * @fileoverview Syntax error tests: invalid source in, the formatted error out (`file:line:col:
 * SyntaxError: msg`, source line, caret), worded as CPython words it.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { errorOf, expectError } from "./helpers";

test("errors: assignment targets", () => {
  expectError("f() = 1\n", "t.py:1:1: SyntaxError: cannot assign to function call here. Maybe you meant '==' instead of '='?");
  expectError("x + 1 += 2\n", "t.py:1:1: SyntaxError: 'expression' is an illegal expression for augmented assignment");
  expectError("del f()\n", "t.py:1:5: SyntaxError: cannot delete function call");
  expectError("for 1 in x: pass\n", "t.py:1:5: SyntaxError: cannot assign to literal");
});

test("errors: arguments", () => {
  expectError("f(a=1, b)\n", "t.py:1:9: SyntaxError: positional argument follows keyword argument");
  expectError("f(**a, *b)\n", "t.py:1:8: SyntaxError: iterable argument unpacking follows keyword argument unpacking");
  expectError("f(x for x in y, z)\n", "t.py:1:3: SyntaxError: Generator expression must be parenthesized");
  expectError("def f(a=1, b): pass\n", "t.py:1:12: SyntaxError: parameter without a default follows parameter with a default");
  expectError("def f(*): pass\n", "t.py:1:7: SyntaxError: named arguments must follow bare *");
});

test("errors: tokenizer", () => {
  expectError("x = 'abc\n", "t.py:1:5: SyntaxError: unterminated string literal (detected at line 1)");
  expectError("x = (1,\n", "t.py:1:5: SyntaxError: '(' was never closed");
  expectError("x = [1)\n", "t.py:1:7: SyntaxError: closing parenthesis ')' does not match opening parenthesis '['");
  expectError("x = 01\n", "t.py:1:5: SyntaxError: leading zeros in decimal integer literals are not permitted; use an 0o prefix for octal integers");
  expectError("x = a $ b\n", "t.py:1:7: SyntaxError: invalid syntax");
  expectError("x = 1 \\ 2\n", "t.py:1:8: SyntaxError: unexpected character after line continuation character");
});

test("errors: indentation", () => {
  expectError("if x:\npass\n", "t.py:2:1: IndentationError: expected an indented block after 'if' statement on line 1");
  expectError("  x = 1\n", "t.py:1:2: IndentationError: unexpected indent");
  expectError("if x:\n    a\n  b\n", "t.py:3:4: IndentationError: unindent does not match any outer indentation level");
});

test("errors: caret under the offending token", () => {
  assert.equal(errorOf("x = 1\nif x:\n    foo() = 3\n"), "t.py:3:5: SyntaxError: cannot assign to function call here. Maybe you meant '==' instead of '='?\n    foo() = 3\n    ^^^^^");
  assert.equal(errorOf("if x\n    pass\n"), "t.py:1:5: SyntaxError: expected ':'\n    if x\n        ^");
});

test("errors: CPython's hints", () => {
  expectError("[1, 2 3]\n", "t.py:1:5: SyntaxError: invalid syntax. Perhaps you forgot a comma?");
  expectError("[x, y for x, y in z]\n", "t.py:1:2: SyntaxError: did you forget parentheses around the comprehension target?");
  expectError("if x = 3: pass\n", "t.py:1:4: SyntaxError: invalid syntax. Maybe you meant '==' or ':=' instead of '='?");
  expectError("if x.a = 3: pass\n", "t.py:1:4: SyntaxError: cannot assign to attribute here. Maybe you meant '==' instead of '='?");
  expectError("print 'hello'\n", "t.py:1:1: SyntaxError: Missing parentheses in call to 'print'. Did you mean print(...)?");
  expectError("def f(a, (b, c)): pass\n", "t.py:1:10: SyntaxError: Function parameters cannot be parenthesized");
  expectError("def f(a=): pass\n", "t.py:1:8: SyntaxError: expected default value expression");
  expectError("def f: pass\n", "t.py:1:6: SyntaxError: expected '('");
  expectError("while x\n    pass\n", "t.py:1:8: SyntaxError: expected ':'");
  expectError("for x in range 10:\n  pass\n", "t.py:1:16: SyntaxError: invalid syntax");
  expectError("{1: 2, 3}\n", "t.py:1:8: SyntaxError: ':' expected after dictionary key");
  expectError("from a import b,\n", "t.py:1:17: SyntaxError: trailing comma not allowed without surrounding parentheses");
  expectError("f(a=)\n", "t.py:1:3: SyntaxError: expected argument value expression");
  expectError("import a from b\n", "t.py:1:1: SyntaxError: Did you mean to use 'from ... import ...' instead?");
  expectError("f'{}'\n", "t.py:1:4: SyntaxError: f-string: valid expression required before '}'");
  expectError("f'{}'\n", "t.py:1:4: SyntaxError: f-string: empty expression not allowed", { version: [3, 11] });
});

test("errors: the first error in the file is reported, even after a bad token", () => {
  expectError("x = (1 2)\ny = 'unterminated\n", "t.py:1:6: SyntaxError: invalid syntax. Perhaps you forgot a comma?");
  expectError("x = 1\ny = 'unterminated\n", "t.py:2:5: SyntaxError: unterminated string literal (detected at line 2)");
});
