/**
 * @fileoverview Tokenizer expect tests: source text in, token types and texts out (positions are
 * covered by the parse-check against CPython).
 */
import { test } from "node:test";
import { expectTokens } from "./helpers";

test("tokens: simple line", () => {
  expectTokens("x = 1\n", "NAME:x OP:= NUMBER:1 NEWLINE ENDMARKER");
  expectTokens("x = 1", "NAME:x OP:= NUMBER:1 NEWLINE ENDMARKER");
});

test("tokens: indentation", () => {
  expectTokens("if a:\n    b\n", "NAME:if NAME:a OP:: NEWLINE INDENT NAME:b NEWLINE DEDENT ENDMARKER");
  expectTokens("if a:\n\tb\n\n  # c\nd\n", "NAME:if NAME:a OP:: NEWLINE INDENT NAME:b NEWLINE DEDENT NAME:d NEWLINE ENDMARKER");
  expectTokens("if a:\n  if b:\n    c\nd\n",
    "NAME:if NAME:a OP:: NEWLINE INDENT NAME:if NAME:b OP:: NEWLINE INDENT NAME:c NEWLINE DEDENT DEDENT NAME:d NEWLINE ENDMARKER");
});

test("tokens: brackets and continuations join lines", () => {
  expectTokens("x = (1,\n  2)\n", "NAME:x OP:= OP:( NUMBER:1 OP:, NUMBER:2 OP:) NEWLINE ENDMARKER");
  expectTokens("x = 1 + \\\n  2\n", "NAME:x OP:= NUMBER:1 OP:+ NUMBER:2 NEWLINE ENDMARKER");
});

test("tokens: operators, longest match", () => {
  expectTokens("a **= b // c -> d := e ... f != g\n",
    "NAME:a OP:**= NAME:b OP:// NAME:c OP:-> NAME:d OP::= NAME:e OP:... NAME:f OP:!= NAME:g NEWLINE ENDMARKER");
});

test("tokens: numbers", () => {
  expectTokens("1_000 0x_1F 0o17 0b1 1.5e-3 .5 5. 3j 1E5J\n",
    "NUMBER:1_000 NUMBER:0x_1F NUMBER:0o17 NUMBER:0b1 NUMBER:1.5e-3 NUMBER:.5 NUMBER:5. NUMBER:3j NUMBER:1E5J NEWLINE ENDMARKER");
  expectTokens("1if x else 2\n", "NUMBER:1 NAME:if NAME:x NAME:else NUMBER:2 NEWLINE ENDMARKER");
});

test("tokens: strings and prefixes", () => {
  expectTokens("'a' rb\"b\" '''c\nd''' u'e'\n", "STRING:'a' STRING:rb\"b\" STRING:'''c\nd''' STRING:u'e' NEWLINE ENDMARKER");
  expectTokens("'a\\'b'\n", "STRING:'a\\'b' NEWLINE ENDMARKER");
});

test("tokens: f-strings are split (PEP 701)", () => {
  expectTokens("f'a{x!r:>{w}}b'\n",
    "FSTRING_START:f' FSTRING_MIDDLE:a OP:{ NAME:x OP:! NAME:r OP:: FSTRING_MIDDLE:> OP:{ NAME:w OP:} FSTRING_MIDDLE OP:} FSTRING_MIDDLE:b FSTRING_END:' NEWLINE ENDMARKER");
  expectTokens("f'{x:=10}'\n", "FSTRING_START:f' OP:{ NAME:x OP:: FSTRING_MIDDLE:=10 OP:} FSTRING_END:' NEWLINE ENDMARKER");
  expectTokens("f'{f'{1}'}'\n",
    "FSTRING_START:f' OP:{ FSTRING_START:f' OP:{ NUMBER:1 OP:} FSTRING_END:' OP:} FSTRING_END:' NEWLINE ENDMARKER");
  expectTokens("f'{{a}}'\n", "FSTRING_START:f' FSTRING_MIDDLE:{{a}} FSTRING_END:' NEWLINE ENDMARKER");
});

test("tokens: soft keywords are names", () => {
  expectTokens("match type case _\n", "NAME:match NAME:type NAME:case NAME:_ NEWLINE ENDMARKER");
});
