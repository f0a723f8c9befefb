/**
 * @fileoverview The shared compile server (`numjitc listen SOCKET`): the compile service
 * of serve.ts on a Unix socket, so that every Python process of one user reuses one warm
 * Node.js instead of paying for Node's start-up (the largest part of a first call).
 *
 * In: the path of a socket inside a directory the Python side made private (0700, owned
 * by the user; it checks again before each connection). Each connection speaks the
 * protocol of docs/protocol.md: one JSON request per line, replies in order.
 * Out: replies on each connection. The server exits when it has had no connection and no
 * request for `--idle=SECONDS` (default 600), when its socket file is removed or replaced
 * (a newer server took over), or on SIGTERM; it removes its socket on the way out.
 */
import * as fs from "node:fs";
import * as net from "node:net";
import { registerCommand } from "./cli";
import { internalError } from "./diagnostics";
import { handleRequest } from "./serve";

function listen(socketPath: string, idleSeconds: number): number {
  let lastUse = Date.now();
  let open = 0;
  let ino = -1;
  const server = net.createServer((conn) => {
    open++;
    lastUse = Date.now();
    let buf = "";
    conn.setEncoding("utf8");
    conn.on("data", (chunk: string) => {
      buf += chunk;
      let nl: number;
      while ((nl = buf.indexOf("\n")) >= 0) {
        const line = buf.slice(0, nl);
        buf = buf.slice(nl + 1);
        if (line.trim() === "") continue;
        lastUse = Date.now();
        let reply: object;
        try {
          reply = handleRequest(JSON.parse(line));
        } catch (e) {
          reply = { id: null, ok: false, error: internalError(e, "<request>") };
        }
        conn.write(JSON.stringify(reply) + "\n");
      }
    });
    const done = () => { open--; lastUse = Date.now(); };
    conn.on("close", done);
    conn.on("error", () => { /* the client went away; close follows */ });
  });
  const quit = () => {
    try {
      if (fs.statSync(socketPath).ino === ino) fs.unlinkSync(socketPath);
    } catch { /* already gone */ }
    process.exit(0);
  };
  server.on("error", (e) => { process.stderr.write(`numjitc listen: ${e.message}\n`); process.exit(1); });
  // another server may have lost the race to bind: the client retries, so just try
  try { fs.unlinkSync(socketPath); } catch { /* none */ }
  server.listen(socketPath, () => {
    try { fs.chmodSync(socketPath, 0o600); ino = fs.statSync(socketPath).ino; } catch { quit(); }
    process.stdout.write("listening\n");
  });
  const timer = setInterval(() => {
    let mine = false;
    try { mine = fs.statSync(socketPath).ino === ino; } catch { mine = false; }
    if (!mine) {  // removed or replaced: no longer reachable; finish the open connections
      server.close();
      if (open === 0) process.exit(0);
      return;
    }
    if (open === 0 && Date.now() - lastUse > idleSeconds * 1000) quit();
  }, Math.min(1000, idleSeconds * 500));
  timer.unref?.();
  server.ref();
  process.on("SIGTERM", quit);
  process.on("SIGINT", quit);
  return 0;
}

registerCommand("listen", {
  usage: "listen SOCKET [--idle=SECONDS]  (the compile service on a Unix socket, shared by processes)",
  run(args) {
    const sock = args.find((a) => !a.startsWith("--"));
    if (sock === undefined) { process.stderr.write("listen: give a socket path\n"); return 2; }
    const idle = Number(args.find((a) => a.startsWith("--idle="))?.slice("--idle=".length) ?? "600");
    return listen(sock, Number.isFinite(idle) && idle > 0 ? idle : 600);
  },
});
