"""The per-user shared compile server's process: `python -m numjit._compile_server SOCKET`.

Started detached by the first process that needs the compiler (numjit/_server.py), it
keeps the two expensive things warm for every later process of the same user: the
TypeScript compiler (Node.js, as this process's own child over a pipe, numjit/_service.py)
and LLVM (llvmlite, numjit/_backend.py). A client sends the protocol's compile request
(docs/protocol.md) with `"object_opt": LEVEL`; the reply is the compiler's, plus the
object code LLVM made from its IR at that level (`object`, base64), the process symbols
it imports (`imports`) and the optimised IR (`opt_ir`). The client maps the object code
itself (numjit/_elf.py), so a first call in a fresh process imports neither Node nor
llvmlite. Other requests (`ping`, ...) are passed to the compiler as they are.

The socket is made 0600 in the private directory the client checked. The process serves
each connection on a thread of its own (the compiler takes one request at a time, LLVM
one module at a time, so concurrent clients are pipelined), and exits after `--idle`
seconds without a connection or request, or once its socket file is removed or replaced;
when it starts, it removes the sockets of older servers of the same Python executable, so
that edits of numjit or of the compiler leave one server running, not one per edit.
"""
import base64
import json
import os
import socket
import sys
import threading
import time


class Server:
    def __init__(self, path, idle):
        self.path, self.idle = path, idle
        self.last_use = time.monotonic()
        self.active = 0
        self.ino = None

    def handle(self, req):
        from . import _backend, _service
        from .errors import NumjitError

        opt = req.pop("object_opt", None)
        rid = req.pop("id", None)
        # No lock of our own: the compiler child takes one request at a time
        # (_service's lock) and LLVM one module at a time (_backend.LOCK), so while one
        # client's module is in LLVM (which runs without the GIL) the next client's
        # request is already in the compiler: concurrent clients are pipelined.
        try:
            reply = _service.request(req, what="compiling for a client")
        except NumjitError as e:
            return {"id": rid, "ok": False, "error": {"type": "InternalError", "message": str(e),
                                                      "formatted": str(e)}}
        if reply.get("ok") and req.get("op") == "compile" and opt is not None and "ir" in reply:
            try:
                obj, imports, opt_ir = _backend.emit_object(
                    reply["ir"], int(opt), resolve=False, noinline=[reply["native"]] if reply.get("native") else ())
            except NumjitError as e:
                err = dict(e.info or {}, type="InternalError", message=str(e), formatted=str(e))
                return {"id": rid, "ok": False, "error": err}
            reply["object"] = base64.b64encode(obj).decode("ascii")
            reply["imports"] = sorted(imports)
            reply["opt_ir"] = opt_ir
        reply["id"] = rid
        return reply

    def serve_conn(self, conn):
        try:
            f = conn.makefile("rwb")
            for line in f:
                if not line.strip():
                    continue
                self.last_use = time.monotonic()
                try:
                    req = json.loads(line)
                    reply = self.handle(req) if isinstance(req, dict) else {"id": None, "ok": False}
                except ValueError:
                    reply = {"id": None, "ok": False, "error": {"type": "InternalError",
                                                               "message": "a request that is not JSON"}}
                f.write((json.dumps(reply, separators=(",", ":")) + "\n").encode("utf-8"))
                f.flush()
                self.last_use = time.monotonic()
        except OSError:
            pass
        finally:
            self.active -= 1
            self.last_use = time.monotonic()
            try:
                conn.close()
            except OSError:
                pass

    def retire_others(self):
        """Removes the sockets of older servers of the same Python (another numjit or
        compiler build): they finish their open connections and exit, so that one
        server per Python executable lingers, not one per edit of numjit."""
        d, name = os.path.split(self.path)
        parts = name.split("-")
        if len(parts) != 3:
            return
        prefix = f"{parts[0]}-{parts[1]}-"
        for other in os.listdir(d):
            if other != name and other.startswith(prefix) and other.endswith(".sock"):
                try:
                    os.unlink(os.path.join(d, other))
                except OSError:
                    pass

    def mine(self):
        try:
            return os.lstat(self.path).st_ino == self.ino
        except OSError:
            return False

    def run(self):
        from . import _service

        _service.use_server = False  # this process runs the compiler as its own child
        s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            os.unlink(self.path)
        except OSError:
            pass
        old = os.umask(0o177)
        try:
            s.bind(self.path)
        finally:
            os.umask(old)
        os.chmod(self.path, 0o600)
        self.ino = os.lstat(self.path).st_ino
        s.listen(64)
        s.settimeout(0.5)
        self.retire_others()
        threading.Thread(target=self.warm, daemon=True).start()
        while True:
            try:
                conn, _ = s.accept()
            except socket.timeout:
                if not self.mine():
                    if self.active == 0:
                        break
                    continue
                if self.active == 0 and time.monotonic() - self.last_use > self.idle:
                    break
                continue
            conn.settimeout(None)
            self.active += 1
            self.last_use = time.monotonic()
            threading.Thread(target=self.serve_conn, args=(conn,), daemon=True).start()
        if self.mine():
            try:
                os.unlink(self.path)
            except OSError:
                pass
        s.close()
        _service.shutdown()

    def warm(self):
        """Starts the compiler and LLVM before the first request needs them."""
        from . import _backend, _service

        try:
            _service.request({"op": "ping"}, what="starting")
            _backend.state()
        except Exception:  # noqa: BLE001 - the first request reports it
            pass


def main(argv):
    path = argv[0]
    idle = 600.0
    for a in argv[1:]:
        if a.startswith("--idle="):
            idle = max(float(a[len("--idle="):]), 1.0)
    Server(path, idle).run()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
