/**
 * @fileoverview Entry point of the bundled compiler (numjit/_compiler/numjitc.js).
 *
 * In: process arguments. `serve` starts the compile service (one JSON request per line
 * on stdin, one JSON reply per line on stdout; see docs/protocol.md). Any other first
 * argument is a debugging command of the `numjitc` CLI (see cli.ts).
 * Out: the process's exit status.
 *
 * Startup snapshot. `node --snapshot-blob numjitc.blob --build-snapshot numjitc.js`
 * (run by compiler/build.mjs) runs this file in V8's snapshot builder: the bundle's
 * modules are evaluated, a few sample functions are compiled (warm-up.ts) so that V8
 * has the bytecode of the compiler's common paths, and the heap is saved. A process
 * started with `node --snapshot-blob numjitc.blob serve` then begins from that heap
 * instead of parsing and running the 0.7 MB bundle (numjit/_service.py decides when
 * the blob is current; docs/caching.md has the figures).
 */
import * as v8 from "node:v8";
import { runCli } from "./cli";
import "./serve";
import "./syntax/cli";
import { warmUp } from "./warm_up";

const snapshot = (v8 as any).startupSnapshot;
if (snapshot !== undefined && snapshot.isBuildingSnapshot()) {
  warmUp();
  // Started from the blob, argv is [node, ...arguments]: no script path.
  snapshot.setDeserializeMainFunction(() => { process.exitCode = runCli(process.argv.slice(1)); });
} else {
  process.exitCode = runCli(process.argv.slice(2));
}
