// Bundles the compiler into one self-contained file, numjit/_compiler/numjitc.js,
// which the Python package ships and runs with Node.js. No runtime npm dependencies.
//
// Then builds V8's startup snapshot of that bundle, numjit/_compiler/numjitc-HASH.blob
// (see compiler/src/main.ts), and numjitc.blob.json, which names it and says what it was
// built from: the bundle's SHA-256 and the node executable (path, size, mtime, version).
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

// The blob is named by the bundle's hash and built from a private copy of the bundle read
// once, so a blob always holds the code of the hash it is named by, even when two
// builds run at once; numjitc.blob.json names the current one.
const dir = path.dirname(outfile);
const manifest = path.join(dir, "numjitc.blob.json");
const old = fs.readdirSync(dir).filter((f) => /^numjitc(-[0-9a-f]+)?\.blob$/.test(f));
for (const f of [manifest, ...old.map((f) => path.join(dir, f))]) fs.rmSync(f, { force: true });
if (!process.argv.includes("--no-snapshot")) {
  const code = fs.readFileSync(outfile);
  const sha = createHash("sha256").update(code).digest("hex");
  const blob = path.join(dir, `numjitc-${sha.slice(0, 16)}.blob`);
  const src = path.join(dir, `numjitc.${process.pid}.tmp.js`);
  const tmp = `${blob}.${process.pid}.tmp`;
  try {
    fs.writeFileSync(src, code);
    execFileSync(process.execPath, ["--snapshot-blob", tmp, "--build-snapshot", src],
      { stdio: ["ignore", "ignore", "pipe"], env: { ...process.env, NODE_OPTIONS: "" } });
    const node = fs.realpathSync(process.execPath);
    const st = fs.statSync(node, { bigint: true });
    const info = {
      blob: path.basename(blob), bundle_sha256: sha,
      node, node_size: Number(st.size), node_mtime_ns: String(st.mtimeNs),
      node_version: process.version,
    };
    fs.renameSync(tmp, blob);
    const tmpManifest = `${manifest}.${process.pid}.tmp`;
    fs.writeFileSync(tmpManifest, JSON.stringify(info, null, 1) + "\n");
    fs.renameSync(tmpManifest, manifest);
  } catch (e) {
    fs.rmSync(tmp, { force: true });
    const why = String(e?.stderr ?? e?.message ?? e).trim().split("\n").slice(-3).join(" / ");
    console.warn(`numjit: no startup snapshot (the compiler starts from the bundle): ${why}`);
  } finally {
    fs.rmSync(src, { force: true });
  }
}
