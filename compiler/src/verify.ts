/**
 * @fileoverview Verifiers run between passes: they check the invariants each IR promises.
 *
 * In: an untyped `UFunction` (after build_ir) or a typed `TFunction` (after infer).
 * Out: nothing, or a thrown Error (a compiler bug, reported as InternalError) naming the
 * function, block and broken invariant. They are cheap and always on, so that a bug
 * surfaces as a clear message here rather than as invalid LLVM IR later.
 *
 * Untyped IR: every reachable block ends in a terminator whose targets exist.
 * Typed IR: every variable read has a type; `arith` operands have the node's type (shift
 * amounts too); `cmp` operands share one type; `cast` converts between types that
 * convert; branch conditions are bool; returns have the function's return type; calls
 * pass the callee's parameter types.
 */
import type { UFunction } from "./ir";
import type { TExpr, TFunction } from "./typed_ir";
import { bool, canConvert, type Type } from "./types";

export function verifyUntyped(fn: UFunction): void {
  const ids = new Set(fn.blocks.map((b) => b.id));
  for (const b of fn.blocks) {
    const fail = (msg: string) => { throw new Error(`IR verifier: ${fn.key} B${b.id}: ${msg}`); };
    const t = b.term;
    if (t === null) fail("block has no terminator");
    else if (t.k === "jump" && !ids.has(t.target)) fail(`jump to missing block B${t.target}`);
    else if (t.k === "branch" && (!ids.has(t.then) || !ids.has(t.else))) fail("branch to a missing block");
  }
}

export function verifyTyped(tf: TFunction, all: Map<string, TFunction>): void {
  const ids = new Set(tf.blocks.map((b) => b.id));
  for (const b of tf.blocks) {
    const fail = (msg: string): never => { throw new Error(`typed IR verifier: ${tf.key} B${b.id}: ${msg}`); };
    const typeOf = (v: string): Type => tf.vars.get(v) ?? fail(`variable ${v} has no type`);
    const expr = (e: TExpr): void => {
      switch (e.k) {
        case "arith":
          if (typeOf(e.lhs) !== e.type || typeOf(e.rhs) !== e.type) fail(`${e.op} operands ${typeOf(e.lhs).key}, ${typeOf(e.rhs).key} are not ${e.type.key}`);
          return;
        case "cmp":
          if (typeOf(e.lhs) !== typeOf(e.rhs)) fail(`comparison of ${typeOf(e.lhs).key} with ${typeOf(e.rhs).key}`);
          if (e.type !== bool) fail("comparison is not bool");
          return;
        case "cast":
          if (!canConvert(typeOf(e.value), e.type) && typeOf(e.value).tag !== "method" && e.type.tag !== "method") {
            fail(`cast from ${typeOf(e.value).key} to ${e.type.key}`);
          }
          return;
        case "call": {
          const callee = all.get(e.target) ?? fail(`call of unknown ${e.target}`);
          if (callee.argtypes.length !== e.args.length) fail(`call of ${e.target} with ${e.args.length} arguments`);
          e.args.forEach((a, i) => { if (typeOf(a) !== callee.argtypes[i]) fail(`argument ${i} of ${e.target} is ${typeOf(a).key}, not ${callee.argtypes[i].key}`); });
          if (callee.restype !== e.type) fail(`call of ${e.target} typed ${e.type.key}, returns ${callee.restype.key}`);
          return;
        }
        case "intrinsic":
          e.args.forEach((a, i) => {
            const want = e.impl.args[i];
            if (want !== undefined && typeOf(a) !== want) fail(`${e.impl.name} argument ${i} is ${typeOf(a).key}, not ${want.key}`);
          });
          return;
        case "var": if (typeOf(e.name) !== e.type) fail(`copy of ${e.name} typed ${e.type.key}`); return;
        case "unary": case "is_none": case "truth": case "tuple": case "extract": case "dyn_index":
        case "getiter": case "make_closure": case "const": case "arg": case "opaque":
          return;
      }
    };
    for (const s of b.body) {
      if (s.k === "assign") {
        expr(s.value);
        if (typeOf(s.target) !== s.value.type) fail(`${s.target}: ${typeOf(s.target).key} assigned a ${s.value.type.key}`);
      } else {
        const it = typeOf(s.iter);
        if (it.tag !== "iter") fail(`iternext on ${it.key}`);
        if (typeOf(s.valid) !== bool) fail("iternext validity is not bool");
      }
    }
    const t = b.term;
    if (t.k === "branch") {
      if (typeOf(t.cond) !== bool) fail("branch condition is not bool");
      if (!ids.has(t.then) || !ids.has(t.else)) fail("branch to a missing block");
    } else if (t.k === "jump") {
      if (!ids.has(t.target)) fail("jump to a missing block");
    } else if (t.k === "return") {
      if (typeOf(t.value) !== tf.restype) fail(`return of ${typeOf(t.value).key} from a function returning ${tf.restype.key}`);
    }
  }
}
