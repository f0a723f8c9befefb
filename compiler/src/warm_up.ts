/**
 * @fileoverview Sample compiles run while V8's startup snapshot is built (main.ts).
 *
 * In: nothing. Out: nothing but V8 state: the compiler's common paths (tokenizer, parser,
 * name resolution, inference, lowering of scalars, loops, arrays and math, the entry
 * point) have been run, so the snapshot holds their bytecode and a process started from
 * it compiles its first function several times faster than a fresh one. Every request
 * is answered through handleRequest, which never throws; a failing sample is ignored
 * (the snapshot is still good, only less warm). The compiler keeps no state between
 * requests that changes what a later request produces, so the samples leave no trace in
 * any output (tests/latency/test_snapshot.py compares replies with and without the blob).
 */
import { registerCommand } from "./cli";
import { handleRequest } from "./serve";

const OPTIONS = {
  fastmath: false, error_model: "python", boundscheck: false, nogil: false,
  parallel: false, inline: "never", locals: {},
};

const BUILTIN = (name: string) => ({ kind: "builtin", name });
const MODULE = (module: string) => ({ kind: "module", module });

function request(source: string, argtypes: string[], globals: Record<string, object>): object {
  const name = /def (\w+)/.exec(source)![1];
  const key = `__numjit_warm_up__.${name}`;
  return {
    id: 0, op: "compile", root: key, argtypes,
    functions: {
      [key]: {
        name, qualname: name, module: "__numjit_warm_up__", source,
        filename: "<numjit warm-up>", firstlineno: 1, col_offset: 0,
        globals, freevars: {}, defaults: {}, options: OPTIONS,
      },
    },
  };
}

const SAMPLES: object[] = [
  request("def add(a, b):\n    return a + b\n", ["float64", "float64"], {}),
  request("def add(a, b):\n    return a + b\n", ["int64", "int64"], {}),
  request(
    "def loops(n, m):\n" +
    "    total = 0\n" +
    "    for j in range(n):\n" +
    "        c = -1.5 + 3.0 * j / n\n" +
    "        k = 0\n" +
    "        z = 0.0\n" +
    "        while k < m and z * z < 4.0:\n" +
    "            z = z * z + c\n" +
    "            k += 1\n" +
    "        if k == m or j % 3 == 0:\n" +
    "            total += k\n" +
    "        else:\n" +
    "            total -= 1\n" +
    "    return total\n",
    ["int64", "int64"], { range: BUILTIN("range") }),
  request(
    "def arrays(x, v, s):\n" +
    "    n = x.shape[0]\n" +
    "    y = x.copy()\n" +
    "    acc = 0.0\n" +
    "    for i in range(n):\n" +
    "        for j in range(x.shape[1]):\n" +
    "            d = x[i, j] - v[j]\n" +
    "            y[i, j] += s * d\n" +
    "            acc += math.sqrt(abs(d)) + d ** 2\n" +
    "    z = np.zeros(n)\n" +
    "    for i in range(n):\n" +
    "        z[i] = y[i, 0] * 0.5\n" +
    "    return acc + np.sum(z * 2.0 + 1.0) + len(v)\n",
    ["array(float64, 2d, C)", "array(float64, 1d, C)", "float64"],
    { range: BUILTIN("range"), abs: BUILTIN("abs"), len: BUILTIN("len"),
      math: MODULE("math"), np: MODULE("numpy") }),
];

/** Compiles each sample a few times (V8 compiles a function's bytecode on its first
 * call and keeps it in the snapshot). */
export function warmUp(): void {
  for (let round = 0; round < 3; round++) {
    for (const req of SAMPLES) handleRequest(req);
  }
}

registerCommand("warm-up", {
  usage: "warm-up  (compiles the startup snapshot's samples; prints ok or the error of each)",
  run() {
    let bad = 0;
    for (const req of SAMPLES) {
      const reply: any = handleRequest(req);
      if (!reply.ok) bad++;
      process.stdout.write(`${(req as any).root} ${(req as any).argtypes.join(",")}: ${reply.ok ? "ok" : reply.error.formatted ?? reply.error.message}\n`);
    }
    return bad === 0 ? 0 : 1;
  },
});
