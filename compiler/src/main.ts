/**
 * @fileoverview Entry point of the bundled compiler (numjit/_compiler/numjitc.js).
 *
 * In: process arguments. `serve` starts the compile service (one JSON request per line
 * on stdin, one JSON reply per line on stdout; see docs/protocol.md). Any other first
 * argument is a debugging command of the `numjitc` CLI (see cli.ts).
 * Out: the process's exit status.
 */
import { runCli } from "./cli";
import "./serve";
import "./syntax/cli";

process.exitCode = runCli(process.argv.slice(2));
