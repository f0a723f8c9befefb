/**
 * @fileoverview Helpers for compiler tests: build a compile request from source text.
 */
import { handleRequest } from "../../src/serve";

export interface ReqOpts {
  argtypes: string[];
  globals?: Record<string, unknown>;
  options?: Record<string, unknown>;
  defaults?: Record<string, unknown>;
  extra?: Record<string, string>; // more functions: key -> source
  restype?: string;
}

/** Dedents `src` and returns a compile request for its first def. */
export function request(src: string, o: ReqOpts): any {
  const fns: Record<string, unknown> = {};
  const desc = (source: string, key: string) => {
    const text = dedent(source);
    const name = /def\s+(\w+)/.exec(text)![1];
    fns[key] = { name, qualname: name, module: "m", source: text, filename: "/tmp/m.py", firstlineno: 10, col_offset: 0,
      globals: o.globals ?? {}, freevars: {}, defaults: key === "m.root" ? o.defaults ?? {} : {}, options: o.options ?? {} };
  };
  desc(src, "m.root");
  for (const [k, s] of Object.entries(o.extra ?? {})) desc(s, k);
  return { id: 1, op: "compile", root: "m.root", argtypes: o.argtypes, functions: fns, ...(o.restype ? { restype: o.restype } : {}) };
}

export function compileSrc(src: string, o: ReqOpts): any {
  return handleRequest(request(src, o));
}

export function dedent(s: string): string {
  const lines = s.replace(/^\n/, "").split("\n");
  const indent = Math.min(...lines.filter((l) => l.trim() !== "").map((l) => /^ */.exec(l)![0].length));
  return lines.map((l) => l.slice(indent)).join("\n").replace(/\s*$/, "\n");
}
