/**
 * @fileoverview The compile pipeline: one request in, one LLVM module out.
 *
 * In: a `compile` request (docs/protocol.md): the root function's key, its argument
 * types, and the descriptors of every jitted function it reaches.
 * Out: a `CompileResult` (LLVM IR text, entry and native symbols, types, annotations),
 * or a thrown `CompileError` / `PySyntaxError` for the user.
 *
 * The passes, in order:
 *   1. parse        syntax/parser.ts   source text → AST (`FunctionDef`)
 *   2. build_ir     build_ir.ts        AST → untyped IR (names resolved, control flow explicit)
 *   3. infer        infer.ts           untyped IR + argument types → typed IR (casts explicit)
 *      fuse         arrays/fuse.ts     merges chains of elementwise array operations into one loop
 *   4. lower        lower.ts           typed IR → LLVM IR text of the native functions
 *   5. entry        entry.ts           the METH_FASTCALL entry point of the root
 *   6. annotate     annotate.ts        inspect_types() text
 * The IR verifiers (verify.ts) run after build_ir and after infer.
 * `dumpAfter` names a pass whose output is written to stderr (`--dump-after=PASS`).
 */
import { parseModule } from "./syntax/parser";
import type * as A from "./syntax/ast";
import { annotate } from "./annotate";
import { buildFunction } from "./build_ir";
import { CompileError, typingError, unsupported, type SourceRef } from "./diagnostics";
import { emitEntry } from "./entry";
import { constFromDesc, Inference, type Program } from "./infer";
import { printIR, type ConstValue, type UFunction } from "./ir";
import { ModuleText } from "./llvm";
import { lowerFunctions } from "./lower";
import { fuseArrayExprs } from "./arrays/fuse";
import type { CompileRequest, CompileResult, FunctionDesc } from "./protocol";
import { parseType, type Type } from "./types";
import { verifyTyped, verifyUntyped } from "./verify";

export const PASSES = ["parse", "build_ir", "infer", "lower", "entry", "annotate"] as const;
export type PassName = (typeof PASSES)[number];

export interface PipelineOptions { dumpAfter?: PassName | null; dump?: (text: string) => void }

/** Parses the functions of a request on demand and builds their untyped IR. */
class RequestProgram implements Program {
  private fns = new Map<string, UFunction>();
  constructor(private req: CompileRequest, private opts: PipelineOptions) {}

  get(key: string): UFunction {
    const got = this.fns.get(key);
    if (got !== undefined) return got;
    const desc = this.req.functions[key];
    if (desc === undefined) throw new Error(`function ${key} is referenced but not described in the request`);
    const src: SourceRef = { filename: desc.filename, source: desc.source, firstlineno: desc.firstlineno, col_offset: desc.col_offset };
    const def = parseDef(desc, src);
    let fn: UFunction;
    try {
      fn = buildFunction(def, key, desc, src);
    } catch (e) {
      if (e instanceof CompileError && e.where === null) e.where = src;
      throw e;
    }
    verifyUntyped(fn);
    for (const inner of fn.inner.values()) verifyUntyped(inner);
    this.fns.set(key, fn);
    const register = (f: UFunction) => { for (const [k, inner] of f.inner) { this.fns.set(k, inner); register(inner); } };
    register(fn);
    this.dump("build_ir", () => [fn, ...fn.inner.values()].map(printIR).join("\n"));
    return fn;
  }

  defaults(fn: UFunction): Map<string, ConstValue> {
    if (fn.captures.length > 0 || fn.key.includes(".<locals>.")) return fn.innerDefaults;
    const out = new Map<string, ConstValue>();
    for (const [name, d] of Object.entries(fn.desc.defaults ?? {})) {
      if ((d as { type: string }).type === "unsupported") continue;
      out.set(name, constFromDesc(d, fn.span));
    }
    return out;
  }

  dump(pass: PassName, text: () => string): void {
    if (this.opts.dumpAfter === pass) (this.opts.dump ?? ((t) => process.stderr.write(t)))(`;; after ${pass}\n${text()}\n`);
  }
}

function parseDef(desc: FunctionDesc, src: SourceRef): A.FunctionDef {
  const mod = parseModule(desc.source, desc.filename);
  const def = mod.body.find((s) => s.kind === "FunctionDef") as A.FunctionDef | undefined;
  if (def === undefined) {
    const e = unsupported(`the source of ${desc.qualname} is not a plain \`def\`; numjit compiles functions defined with def.`, null);
    e.where = src;
    throw e;
  }
  return def;
}

/** Runs every pass on one compile request. */
export function compile(req: CompileRequest & { restype?: string }, opts: PipelineOptions = {}): CompileResult {
  const program = new RequestProgram(req, opts);
  const rootDesc = req.functions[req.root];
  if (rootDesc === undefined) throw new Error(`the root ${req.root} is not among the request's functions`);
  const root = program.get(req.root);
  const argtypes: Type[] = req.argtypes.map((k) => {
    const t = parseType(k);
    if (t === null) {
      const e = typingError(`numjit does not know the argument type '${k}'.`, root.span);
      e.where = root.src;
      throw e;
    }
    return t;
  });
  const restype = req.restype ? parseType(req.restype) : null;
  const inference = new Inference(program, rootDesc.options ?? {});
  const fns = inference.run(root, argtypes, restype);
  fuseArrayExprs(fns);
  const byKey = new Map(fns.map((f) => [f.key, f]));
  for (const f of fns) verifyTyped(f, byKey);
  program.dump("infer", () => fns.map((f) => `${f.key} -> ${f.restype.key}\n${[...f.vars].map(([v, t]) => `  ${v}: ${t.key}`).join("\n")}`).join("\n"));
  const m = new ModuleText();
  // threads of a parallel region share arrays: atomic refcounts in the whole module
  m.atomicRefcounts = Object.values(req.functions).some((d) => d.options?.parallel === true);
  lowerFunctions(fns, m);
  const rootFn = fns[0];
  let entry: string;
  try {
    entry = emitEntry(rootFn, m);
  } catch (e) {
    if (e instanceof CompileError && e.where === null) e.where = rootFn.src;
    throw e;
  }
  const ir = m.text(`numjit:${req.root}`);
  program.dump("lower", () => ir);
  return {
    ir, entry, native: rootFn.symbol, argtypes: rootFn.argtypes.map((t) => t.key), restype: rootFn.restype.key,
    annotations: annotate(fns), warnings: [],
  };
}
