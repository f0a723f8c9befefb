// Bundles the compiler into one self-contained file, numjit/_compiler/numjitc.js,
// which the Python package ships and runs with Node.js. No runtime npm dependencies.
import { build } from "esbuild";
import { fileURLToPath } from "node:url";
import path from "node:path";

const here = path.dirname(fileURLToPath(import.meta.url));
await build({
  entryPoints: [path.join(here, "src/main.ts")],
  outfile: path.join(here, "../numjit/_compiler/numjitc.js"),
  bundle: true,
  platform: "node",
  target: "node18",
  format: "cjs",
  minify: false,
  sourcemap: false,
  legalComments: "none",
  logLevel: "warning",
});
