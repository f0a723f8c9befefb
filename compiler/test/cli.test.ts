import { test } from "node:test";
import assert from "node:assert/strict";
import { runCli } from "../src/cli";

test("unknown command gives usage status 2", () => {
  const write = process.stderr.write;
  (process.stderr as any).write = () => true;
  try {
    assert.equal(runCli(["no-such-command"]), 2);
  } finally {
    (process.stderr as any).write = write;
  }
});
