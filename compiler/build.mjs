// Bundles the compiler into one self-contained file, numjit/_compiler/numjitc.js,
// which the Python package ships and runs with Node.js. No runtime npm dependencies.
//
// Then builds V8's startup snapshot of that bundle, numjit/_compiler/numjitc.blob (see
// compiler/src/main.ts), and numjitc.blob.json, which says what the blob was built from:
// the bundle's SHA-256 and the node executable (path, size, modification time, version).
// numjit/_service.py starts the compiler from the blob only when both still match, and
// from the bundle otherwise; a node without --build-snapshot (before 18.20) just gets
// no blob. `node build.mjs --no-snapshot` skips it.
import { build } from "esbuild";
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import fs from "node:fs";
import { fileURLToPath } from "node:url";
import path from "node:path";

const here = path.dirname(fileURLToPath(import.meta.url));
const outfile = path.join(here, "../numjit/_compiler/numjitc.js");
await build({
  entryPoints: [path.join(here, "src/main.ts")],
  outfile,
  bundle: true,
  platform: "node",
  target: "node18",
  format: "cjs",
  minify: false,
  sourcemap: false,
  legalComments: "none",
  logLevel: "warning",
});

const blob = outfile.replace(/\.js$/, ".blob");
const manifest = blob + ".json";
for (const f of [blob, manifest]) fs.rmSync(f, { force: true });  // never a stale pair
if (!process.argv.includes("--no-snapshot")) {
  const tmp = `${blob}.${process.pid}.tmp`;
  try {
    execFileSync(process.execPath, ["--snapshot-blob", tmp, "--build-snapshot", outfile],
      { stdio: ["ignore", "ignore", "pipe"], env: { ...process.env, NODE_OPTIONS: "" } });
    const node = fs.realpathSync(process.execPath);
    const st = fs.statSync(node, { bigint: true });
    const info = {
      bundle_sha256: createHash("sha256").update(fs.readFileSync(outfile)).digest("hex"),
      node, node_size: Number(st.size), node_mtime_ns: String(st.mtimeNs),
      node_version: process.version,
    };
    fs.renameSync(tmp, blob);
    fs.writeFileSync(manifest, JSON.stringify(info, null, 1) + "\n");
  } catch (e) {
    fs.rmSync(tmp, { force: true });
    const why = String(e?.stderr ?? e?.message ?? e).trim().split("\n").slice(-3).join(" / ");
    console.warn(`numjit: no startup snapshot (the compiler starts from the bundle): ${why}`);
  }
}
