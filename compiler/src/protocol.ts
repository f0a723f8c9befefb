/**
 * @fileoverview The shapes of the JSON messages between Python and the compiler.
 *
 * In/out: nothing; these are the TypeScript declarations of docs/protocol.md (the contract),
 * used by serve.ts and the phases that read function descriptors.
 */

export type ConstDesc =
  | { type: "int64" | "int32" | "uint64" | string; value: string }
  | { type: "float64" | "float32"; value: string }
  | { type: "bool"; value: boolean }
  | { type: "none" }
  | { type: "str"; value: string }
  | { type: "complex128" | "complex64"; real: string; imag: string }
  | { type: "tuple"; items: ConstDesc[] };

export type GlobalDesc =
  /** `attrs`: for the user's own modules, the attributes the code names. */
  | { kind: "module"; module: string; attrs?: Record<string, GlobalDesc> }
  | { kind: "module_attr"; module: string; attr: string }
  | { kind: "builtin"; name: string }
  | { kind: "const"; value: ConstDesc }
  | { kind: "function"; ref: string }
  | { kind: "unsupported"; pytype: string; repr: string };

export interface Options {
  fastmath?: boolean | string[];
  error_model?: "python" | "numpy";
  boundscheck?: boolean;
  nogil?: boolean;
  parallel?: boolean;
  inline?: "never" | "always";
  locals?: Record<string, string>;
}

export interface FunctionDesc {
  name: string;
  qualname: string;
  module: string;
  source: string;
  filename: string;
  firstlineno: number;
  col_offset: number;
  globals: Record<string, GlobalDesc>;
  freevars: Record<string, GlobalDesc>;
  defaults: Record<string, ConstDesc>;
  options: Options;
}

export interface CompileRequest {
  id: number;
  op: "compile";
  root: string;
  argtypes: string[];
  functions: Record<string, FunctionDesc>;
}

export interface CompileResult {
  ir: string;
  entry: string;
  native: string;
  argtypes: string[];
  restype: string;
  annotations: string;
  warnings: string[];
}
