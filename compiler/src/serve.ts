/**
 * @fileoverview The compile service (`numjitc serve`) and the `compile` debugging command.
 *
 * In: `serve` reads one JSON request per line on stdin (docs/protocol.md); `compile FILE`
 * reads one request from a file (`--dump-after=PASS` prints that pass's output to stderr).
 * Out: one JSON reply per line on stdout, in request order. A mistake in user code is an
 * `ok: false` reply with a positioned error; a compiler bug is an `InternalError` reply;
 * nothing a request contains stops the service.
 */
import * as fs from "node:fs";
import { registerCommand } from "./cli";
import { CompileError, formatError, internalError, type ErrorReply } from "./diagnostics";
import { compile, PASSES, type PassName } from "./pipeline";
import type { CompileRequest } from "./protocol";
import { PySyntaxError } from "./syntax/errors";
import { registryListing } from "./builtins";

export const VERSION = "0.1.0";

/** Answers one request object; never throws. */
export function handleRequest(req: any, opts: { dumpAfter?: PassName | null } = {}): object {
  const id = req?.id ?? null;
  try {
    switch (req?.op) {
      case "ping": return { id, ok: true, version: VERSION };
      case "shutdown": return { id, ok: true };
      case "compile": {
        const result = compile(req as CompileRequest, opts);
        return { id, ok: true, ...result };
      }
      default:
        return { id, ok: false, error: internalError(new Error(`unknown op ${JSON.stringify(req?.op)}`), "<request>") };
    }
  } catch (e) {
    return { id, ok: false, error: errorReply(e, req) };
  }
}

function errorReply(e: unknown, req: any): ErrorReply {
  if (e instanceof CompileError) return formatError(e);
  if (e instanceof PySyntaxError) {
    // Positions of a syntax error are in the function's dedented source; map them.
    const desc = findDesc(req, e.filename);
    const first = desc?.firstlineno ?? 1, col0 = desc?.col_offset ?? 0;
    const err = new CompileError("SyntaxError", e.msg, {
      lineno: e.lineno, col_offset: e.col_offset, end_lineno: e.end_lineno, end_col_offset: e.end_col_offset,
    }, desc ? { filename: desc.filename, source: desc.source, firstlineno: first, col_offset: col0 } : null);
    return formatError(err);
  }
  const file = req?.functions?.[req?.root]?.filename ?? "<unknown>";
  return internalError(e, file);
}

function findDesc(req: any, filename: string): any {
  const fns = Object.values(req?.functions ?? {}) as any[];
  return fns.find((d) => d?.filename === filename) ?? fns[0];
}

function serve(): number {
  let buf = "";
  let stopped = false;  // after `shutdown`: no more lines are read
  process.stdin.setEncoding("utf8");
  const handleLine = (line: string) => {
    if (stopped || line.trim() === "") return;
    let req: any;
    try {
      req = JSON.parse(line);
    } catch (e) {
      process.stdout.write(JSON.stringify({ id: null, ok: false, error: internalError(e, "<request>") }) + "\n");
      return;
    }
    const reply = handleRequest(req);
    process.stdout.write(JSON.stringify(reply) + "\n");
    if (req?.op === "shutdown") {
      stopped = true;
      exitAfterFlush();
    }
  };
  process.stdin.on("data", (chunk: string) => {
    buf += chunk;
    let nl: number;
    while (!stopped && (nl = buf.indexOf("\n")) >= 0) {
      const line = buf.slice(0, nl);
      buf = buf.slice(nl + 1);
      handleLine(line);
    }
  });
  process.stdin.on("end", () => {
    if (buf.trim() !== "") handleLine(buf);
    if (!stopped) exitAfterFlush();
  });
  return 0;
}

/** Exits once stdout has taken everything written to it: a reply larger than the pipe's
 * buffer is still queued in Node when the last request has been answered, and
 * process.exit() at once would cut it off. */
function exitAfterFlush(): void {
  process.stdout.write("", () => process.exit(0));
}

registerCommand("serve", { usage: "serve", run: () => serve() });

registerCommand("compile", {
  usage: `compile REQUEST.json [--dump-after=${PASSES.join("|")}] [--ir]`,
  run(args) {
    const file = args.find((a) => !a.startsWith("--"));
    if (file === undefined) { process.stderr.write("compile: give a request file\n"); return 2; }
    const dump = args.find((a) => a.startsWith("--dump-after="))?.slice("--dump-after=".length) as PassName | undefined;
    const req = JSON.parse(fs.readFileSync(file, "utf8"));
    const reply: any = handleRequest({ id: 0, op: "compile", ...req }, { dumpAfter: dump ?? null });
    if (args.includes("--ir") && reply.ok) process.stdout.write(reply.ir);
    else if (!reply.ok) process.stderr.write(reply.error.formatted);
    else process.stdout.write(JSON.stringify(reply, null, 1) + "\n");
    return reply.ok ? 0 : 1;
  },
});

registerCommand("builtins", {
  usage: "builtins  (the builtins and library functions jitted code can call)",
  run() { process.stdout.write(registryListing()); return 0; },
});
