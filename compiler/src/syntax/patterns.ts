/**
 * @fileoverview `match` statement patterns (PEP 634): tokens to `Pattern` nodes.
 *
 * In: the parser just after `case`.
 * Out: the case's pattern (MatchValue, MatchSingleton, MatchSequence, MatchMapping,
 * MatchClass, MatchStar, MatchAs, MatchOr), spans as CPython computes them.
 */
import type { Expr, Pattern } from "./ast";
import { isName, name } from "./expressions";
import type { Parser } from "./parser";
import { FSTRING_START, NAME, NUMBER, OP, STRING } from "./tokenizer";
import { parseNumber, strings } from "./strings";

// patterns: open_sequence_pattern | pattern
// open_sequence_pattern: maybe_star_pattern ',' maybe_sequence_pattern?
export function closedOrPatterns(p: Parser): Pattern {
  const s = p.pos;
  const first = maybeStarPattern(p);
  if (!p.atOp(",")) {
    if (first.kind === "MatchStar") p.errorNode(first, "invalid syntax");
    return first;
  }
  const patterns = [first];
  while (p.eatOp(",")) {
    if (p.atOp(":") || p.atKw("if")) break;
    patterns.push(maybeStarPattern(p));
  }
  return p.fin({ kind: "MatchSequence", patterns, lineno: 0, col_offset: 0, end_lineno: 0, end_col_offset: 0 } as Pattern, s);
}

// maybe_star_pattern: star_pattern | pattern
function maybeStarPattern(p: Parser): Pattern {
  if (p.atOp("*")) {
    const s = p.pos++;
    const t = name(p);
    return p.fin({ kind: "MatchStar", name: t.value === "_" ? null : t.value, lineno: 0, col_offset: 0, end_lineno: 0, end_col_offset: 0 } as Pattern, s);
  }
  return pattern(p);
}

// pattern: as_pattern | or_pattern
// as_pattern: or_pattern 'as' pattern_capture_target
export function pattern(p: Parser): Pattern {
  const s = p.pos;
  const pat = orPattern(p);
  if (p.eatKw("as")) {
    const t = p.tok;
    if (t.type === NAME && t.value === "_") p.errorAt(t, "cannot use '_' as a target");
    if (!isName(t)) p.errorAt(t, "invalid pattern target");
    const nm = name(p).value;
    return p.fin({ kind: "MatchAs", pattern: pat, name: nm, lineno: 0, col_offset: 0, end_lineno: 0, end_col_offset: 0 } as Pattern, s);
  }
  return pat;
}

// or_pattern: '|'.closed_pattern+
function orPattern(p: Parser): Pattern {
  const s = p.pos;
  const first = closedPattern(p);
  if (!p.atOp("|")) return first;
  const patterns = [first];
  while (p.eatOp("|")) patterns.push(closedPattern(p));
  return p.fin({ kind: "MatchOr", patterns, lineno: 0, col_offset: 0, end_lineno: 0, end_col_offset: 0 } as Pattern, s);
}

// closed_pattern:
//     | literal_pattern | capture_pattern | wildcard_pattern | value_pattern
//     | group_pattern | sequence_pattern | mapping_pattern | class_pattern
function closedPattern(p: Parser): Pattern {
  const s = p.pos;
  const t = p.tok;
  if (t.type === NUMBER || (t.type === OP && t.value === "-")) {
    const value = signedNumberExpr(p);
    return p.fin({ kind: "MatchValue", value, lineno: 0, col_offset: 0, end_lineno: 0, end_col_offset: 0 } as Pattern, s);
  }
  if (t.type === STRING || t.type === FSTRING_START) {
    // f-strings parse here; CPython's compiler (not its parser) rejects them
    const value = strings(p);
    return p.fin({ kind: "MatchValue", value, lineno: 0, col_offset: 0, end_lineno: 0, end_col_offset: 0 } as Pattern, s);
  }
  if (t.type === NAME) {
    if (t.value === "None" || t.value === "True" || t.value === "False") {
      p.pos++;
      const value = t.value === "None" ? { tag: "None" as const } : { tag: "bool" as const, value: t.value === "True" };
      return p.fin({ kind: "MatchSingleton", value, lineno: 0, col_offset: 0, end_lineno: 0, end_col_offset: 0 } as Pattern, s);
    }
    if (!isName(t)) p.errorAt(t, "invalid syntax");
    // name_or_attr
    p.pos++;
    let e: Expr = p.finTok({ kind: "Name", id: t.value, ctx: "Load", lineno: 0, col_offset: 0, end_lineno: 0, end_col_offset: 0 } as Expr, t);
    let dotted = false;
    while (p.eatOp(".")) {
      dotted = true;
      const attr = name(p).value;
      e = p.fin({ kind: "Attribute", value: e, attr, ctx: "Load", lineno: 0, col_offset: 0, end_lineno: 0, end_col_offset: 0 } as Expr, s);
    }
    if (p.atOp("(")) return classPattern(p, s, e);
    if (dotted) return p.fin({ kind: "MatchValue", value: e, lineno: 0, col_offset: 0, end_lineno: 0, end_col_offset: 0 } as Pattern, s);
    const nm = t.value === "_" ? null : t.value;
    return p.fin({ kind: "MatchAs", pattern: null, name: nm, lineno: 0, col_offset: 0, end_lineno: 0, end_col_offset: 0 } as Pattern, s);
  }
  if (t.type === OP) {
    if (t.value === "(") {
      p.pos++;
      if (p.eatOp(")")) return p.fin({ kind: "MatchSequence", patterns: [] as Pattern[], lineno: 0, col_offset: 0, end_lineno: 0, end_col_offset: 0 } as Pattern, s);
      const first = maybeStarPattern(p);
      if (p.eatOp(")")) {
        if (first.kind === "MatchStar") return p.fin({ kind: "MatchSequence", patterns: [first], lineno: 0, col_offset: 0, end_lineno: 0, end_col_offset: 0 } as Pattern, s);
        return first;
      }
      const patterns = [first];
      while (p.eatOp(",")) {
        if (p.atOp(")")) break;
        patterns.push(maybeStarPattern(p));
      }
      p.expectOp(")");
      return p.fin({ kind: "MatchSequence", patterns, lineno: 0, col_offset: 0, end_lineno: 0, end_col_offset: 0 } as Pattern, s);
    }
    if (t.value === "[") {
      p.pos++;
      const patterns: Pattern[] = [];
      while (!p.atOp("]")) {
        patterns.push(maybeStarPattern(p));
        if (!p.eatOp(",")) break;
      }
      p.expectOp("]");
      return p.fin({ kind: "MatchSequence", patterns, lineno: 0, col_offset: 0, end_lineno: 0, end_col_offset: 0 } as Pattern, s);
    }
    if (t.value === "{") return mappingPattern(p);
  }
  return p.errorAt(t, "invalid syntax");
}

// signed_number: NUMBER | '-' NUMBER
// complex_number: signed_real_number ('+' | '-') imaginary_number
function signedNumberExpr(p: Parser): Expr {
  const s = p.pos;
  let e: Expr;
  if (p.eatOp("-")) {
    const nt = p.tok;
    if (nt.type !== NUMBER) p.errorAt(nt, "invalid syntax");
    p.pos++;
    const operand = p.finTok({ kind: "Constant", value: parseNumber(nt.value), string_kind: null, lineno: 0, col_offset: 0, end_lineno: 0, end_col_offset: 0 } as Expr, nt);
    e = p.fin({ kind: "UnaryOp", op: "USub", operand, lineno: 0, col_offset: 0, end_lineno: 0, end_col_offset: 0 } as Expr, s);
  } else {
    const nt = p.next();
    e = p.finTok({ kind: "Constant", value: parseNumber(nt.value), string_kind: null, lineno: 0, col_offset: 0, end_lineno: 0, end_col_offset: 0 } as Expr, nt);
  }
  if (p.atOp("+") || p.atOp("-")) {
    const op = p.next().value === "+" ? "Add" : "Sub";
    const it = p.tok;
    if (it.type !== NUMBER) p.errorAt(it, "invalid syntax");
    p.pos++;
    const v = parseNumber(it.value);
    if (v.tag !== "complex") p.errorAt(it, "imaginary number required in complex literal");
    const right = p.finTok({ kind: "Constant", value: v, string_kind: null, lineno: 0, col_offset: 0, end_lineno: 0, end_col_offset: 0 } as Expr, it);
    e = p.fin({ kind: "BinOp", left: e, op, right, lineno: 0, col_offset: 0, end_lineno: 0, end_col_offset: 0 } as Expr, s);
  }
  return e;
}

// mapping_pattern: '{' [items_pattern ','?] ['**' NAME ','?] '}'
// key_value_pattern: (literal_expr | attr) ':' pattern
function mappingPattern(p: Parser): Pattern {
  const s = p.pos++;
  const keys: Expr[] = [];
  const patterns: Pattern[] = [];
  let rest: string | null = null;
  while (!p.atOp("}")) {
    if (p.eatOp("**")) {
      if (p.atKw("_")) p.errorAt(p.tok, "invalid syntax");
      rest = name(p).value;
      p.eatOp(",");
      break;
    }
    keys.push(mappingKey(p));
    p.expectOp(":");
    patterns.push(pattern(p));
    if (!p.eatOp(",")) break;
  }
  p.expectOp("}");
  return p.fin({ kind: "MatchMapping", keys, patterns, rest, lineno: 0, col_offset: 0, end_lineno: 0, end_col_offset: 0 } as Pattern, s);
}

// key_value_pattern's key: (literal_expr | attr)
// literal_expr: signed_number | complex_number | strings | 'None' | 'True' | 'False'
function mappingKey(p: Parser): Expr {
  const t = p.tok;
  const s = p.pos;
  if (t.type === NUMBER || (t.type === OP && t.value === "-")) return signedNumberExpr(p);
  if (t.type === STRING || t.type === FSTRING_START) return strings(p);
  if (t.type === NAME && (t.value === "None" || t.value === "True" || t.value === "False")) {
    p.pos++;
    const value = t.value === "None" ? { tag: "None" as const } : { tag: "bool" as const, value: t.value === "True" };
    return p.finTok({ kind: "Constant", value, string_kind: null, lineno: 0, col_offset: 0, end_lineno: 0, end_col_offset: 0 } as Expr, t);
  }
  if (isName(t)) {
    p.pos++;
    let e: Expr = p.finTok({ kind: "Name", id: t.value, ctx: "Load", lineno: 0, col_offset: 0, end_lineno: 0, end_col_offset: 0 } as Expr, t);
    if (!p.atOp(".")) p.errorAt(t, "invalid syntax");
    while (p.eatOp(".")) {
      const attr = name(p).value;
      e = p.fin({ kind: "Attribute", value: e, attr, ctx: "Load", lineno: 0, col_offset: 0, end_lineno: 0, end_col_offset: 0 } as Expr, s);
    }
    return e;
  }
  return p.errorAt(t, "invalid syntax");
}

// class_pattern:
//     | name_or_attr '(' ')'
//     | name_or_attr '(' positional_patterns ','? ')'
//     | name_or_attr '(' keyword_patterns ','? ')'
//     | name_or_attr '(' positional_patterns ',' keyword_patterns ','? ')'
function classPattern(p: Parser, s: number, cls: Expr): Pattern {
  p.expectOp("(");
  const patterns: Pattern[] = [];
  const kwd_attrs: string[] = [];
  const kwd_patterns: Pattern[] = [];
  while (!p.atOp(")")) {
    const t = p.tok;
    if (isName(t) && p.peek().type === OP && p.peek().value === "=") {
      p.pos += 2;
      kwd_attrs.push(t.value);
      kwd_patterns.push(pattern(p));
    } else {
      const pat = pattern(p);
      if (kwd_attrs.length > 0) p.errorNode(pat, "positional patterns follow keyword patterns");
      patterns.push(pat);
    }
    if (!p.eatOp(",")) break;
  }
  p.expectOp(")");
  return p.fin({ kind: "MatchClass", cls, patterns, kwd_attrs, kwd_patterns, lineno: 0, col_offset: 0, end_lineno: 0, end_col_offset: 0 } as Pattern, s);
}
