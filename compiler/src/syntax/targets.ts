/**
 * @fileoverview Assignment and deletion targets: validation and `ctx` marking.
 *
 * In: an expression parsed as a Load (the parser reads `a, b[0] = ...` as an expression
 * first, as the left side is only known to be a target when `=` follows).
 * Out: the same nodes with `ctx` set to "Store" or "Del" on every Name, Attribute,
 * Subscript, Starred, List and Tuple of the target; or a PySyntaxError worded as
 * CPython's ("cannot assign to function call here. Maybe you meant '==' instead of '='?").
 */
import type { Expr, ExprContext } from "./ast";
import type { Parser } from "./parser";
import { describe, isBitwiseOrLevel } from "./expressions";

/** What the target is for; it selects the error wording. */
export type TargetUse = "assign" | "assign-eq" | "del" | "for" | "with" | "comp" | "aug" | "ann";

/** Marks `e` as a target (ctx Store or Del) or throws if it cannot be one. */
export function setContext(p: Parser, e: Expr, ctx: ExprContext, use: TargetUse): void {
  switch (e.kind) {
    case "Name":
      if (ctx !== "Del" && e.id === "__debug__") p.errorNode(e, "cannot assign to __debug__");
      e.ctx = ctx;
      return;
    case "Attribute":
      if (ctx !== "Del" && e.attr === "__debug__") p.errorNode(e, "cannot assign to __debug__");
      e.ctx = ctx;
      return;
    case "Subscript":
      e.ctx = ctx;
      return;
    case "Starred":
      if (ctx === "Del") p.errorNode(e, "cannot delete starred");
      e.ctx = ctx;
      setContext(p, e.value, ctx, use);
      return;
    case "Tuple":
    case "List":
      if (use === "aug" || use === "ann") break;
      e.ctx = ctx;
      for (const x of e.elts) setContext(p, x, ctx, use === "assign-eq" ? "assign" : use);
      return;
  }
  const what = describe(e);
  if (use === "aug") p.errorNode(e, `'${what}' is an illegal expression for augmented assignment`);
  if (use === "ann") {
    p.errorNode(e, e.kind === "Tuple" ? "only single target (not tuple) can be annotated"
      : e.kind === "List" ? "only single target (not list) can be annotated" : "illegal target for annotation");
  }
  if (ctx === "Del") p.errorNode(e, `cannot delete ${what}`);
  if (use === "assign-eq" && isBitwiseOrLevel(e) && e.kind !== "GeneratorExp" &&
      !(e.kind === "Constant" && (e.value.tag === "None" || e.value.tag === "bool"))) {
    p.errorNode(e, `cannot assign to ${what} here. Maybe you meant '==' instead of '='?`);
  }
  p.errorNode(e, `cannot assign to ${what}`);
}
