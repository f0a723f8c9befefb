/**
 * @fileoverview The frontend's `numjitc` commands.
 *
 * In: command-line arguments.
 * Out: on stdout,
 * - `tokens FILE`: one token per line (`line:col-line:col TYPE 'text'`), as
 *   `python -m tokenize` prints them;
 * - `ast FILE [--attrs] [--json] [--py311]`: the AST, indented like
 *   `ast.dump(indent=2)`, or as JSON;
 * - `parse-dump [--py311]`: reads file paths, one per line, on stdin and writes for each
 *   one line: `OK <canonical dump>` or `ERR <json error>` (used by tools/parse_check.py);
 * - `parse-bench [--py311]`: reads paths on stdin, loads them all, then parses them and
 *   prints the throughput, per wall-clock and per CPU second (used by bench/parse_speed.py).
 */
import { readFileSync } from "node:fs";
import { createInterface } from "node:readline";
import { registerCommand } from "../cli";
import { canonicalDump, prettyDump } from "./dump";
import { PySyntaxError } from "./errors";
import { parseModule, parseModuleBytes } from "./parser";
import { decodeSource } from "./source";
import { ErrorToken, TOKEN_NAMES, tokenize } from "./tokenizer";

function versionOf(args: string[]): [number, number] {
  return args.includes("--py311") ? [3, 11] : [3, 12];
}

function reportError(e: unknown): number {
  if (e instanceof PySyntaxError) {
    process.stderr.write(e.format() + "\n");
    return 1;
  }
  throw e;
}

registerCommand("tokens", {
  usage: "tokens FILE [--py311]",
  run(args) {
    const file = args.find((a) => !a.startsWith("--"));
    if (file === undefined) return 2;
    try {
      const text = decodeSource(readFileSync(file), file);
      const src = Buffer.from(text.replace(/\r\n?/g, "\n"), "utf8");
      const toks = tokenize(src, { version: versionOf(args), trivia: true, filename: file });
      const out: string[] = [];
      for (const t of toks) {
        if (t instanceof ErrorToken) {
          process.stdout.write(out.join("\n") + "\n");
          return reportError(t.error);
        }
        const pos = `${t.lineno},${t.col}-${t.endLineno},${t.endCol}:`;
        out.push(`${pos.padEnd(20)}${TOKEN_NAMES[t.type].padEnd(15)}${JSON.stringify(t.value)}`);
      }
      process.stdout.write(out.join("\n") + "\n");
      return 0;
    } catch (e) {
      return reportError(e);
    }
  },
});

registerCommand("ast", {
  usage: "ast FILE [--attrs] [--json] [--py311]",
  run(args) {
    const file = args.find((a) => !a.startsWith("--"));
    if (file === undefined) return 2;
    try {
      const version = versionOf(args);
      const mod = parseModuleBytes(readFileSync(file), file, { version });
      if (args.includes("--json")) {
        const json = JSON.stringify(mod, (_k, v) => {
          if (typeof v === "bigint") return v.toString();
          if (v instanceof Uint8Array) return Buffer.from(v).toString("latin1");
          return v;
        }, 1);
        process.stdout.write(json + "\n");
      } else {
        process.stdout.write(prettyDump(mod, args.includes("--attrs"), version[1] < 12) + "\n");
      }
      return 0;
    } catch (e) {
      return reportError(e);
    }
  },
});

registerCommand("parse-dump", {
  usage: "parse-dump [--py311]  (paths on stdin)",
  run(args) {
    const version = versionOf(args);
    const py311 = version[1] < 12;
    const rl = createInterface({ input: process.stdin, crlfDelay: Infinity });
    const lines: string[] = [];
    let waiting: (() => void) | null = null;
    let done = false;
    rl.on("line", (l) => { lines.push(l); waiting?.(); });
    rl.on("close", () => { done = true; waiting?.(); });
    const loop = async () => {
      for (;;) {
        while (lines.length === 0 && !done) await new Promise<void>((r) => { waiting = r; });
        waiting = null;
        if (lines.length === 0 && done) break;
        const path = lines.shift()!;
        let out: string;
        try {
          const mod = parseModuleBytes(readFileSync(path), path, { version });
          out = "OK " + canonicalDump(mod, py311);
        } catch (e) {
          if (!(e instanceof PySyntaxError)) {
            out = "ERR " + JSON.stringify({ internal: String((e as Error).stack ?? e) });
          } else {
            out = "ERR " + JSON.stringify({ msg: e.msg, lineno: e.lineno, col: e.col_offset, type: e.type });
          }
        }
        if (!process.stdout.write(out + "\n")) await new Promise<void>((r) => process.stdout.once("drain", () => r()));
      }
    };
    loop().catch((e) => { process.stderr.write(String(e) + "\n"); process.exitCode = 1; });
    return 0;
  },
});

registerCommand("parse-bench", {
  usage: "parse-bench [--py311] [--repeat N]  (paths on stdin)",
  run(args) {
    const version = versionOf(args);
    const ri = args.indexOf("--repeat");
    const repeat = ri >= 0 ? Number(args[ri + 1]) : 3;
    const paths = readFileSync(0, "utf8").split("\n").filter((l) => l.length > 0);
    const texts: string[] = [];
    const names: string[] = [];
    let bytes = 0;
    for (const p of paths) {
      try {
        const data = readFileSync(p);
        texts.push(decodeSource(data, p));
        names.push(p);
        bytes += data.length;
      } catch { /* undecodable: skipped */ }
    }
    let best = Infinity, bestCpu = Infinity, failures = 0;
    for (let r = 0; r < repeat; r++) {
      failures = 0;
      const t0 = process.hrtime.bigint();
      const c0 = process.cpuUsage();
      for (let i = 0; i < texts.length; i++) {
        try { parseModule(texts[i], names[i], { version }); } catch { failures++; }
      }
      const dt = Number(process.hrtime.bigint() - t0) / 1e9;
      const c = process.cpuUsage(c0);
      best = Math.min(best, dt);
      bestCpu = Math.min(bestCpu, (c.user + c.system) / 1e6);
    }
    const mb = bytes / 1e6;
    process.stdout.write(JSON.stringify({
      files: texts.length, failures, megabytes: mb, seconds: best, mb_per_s: mb / best,
      cpu_seconds: bestCpu, mb_per_cpu_s: mb / bestCpu,
    }) + "\n");
    return 0;
  },
});
