"""The compile service: the TypeScript compiler as a long-lived Node.js child process.

`request(msg)` sends one JSON object as one line on the child's stdin and returns the
reply line with the same `id` from its stdout (docs/protocol.md). The child is started on
the first request (or earlier, in the background, by `prestart()` when the first decorator
is applied, so that Node's start-up overlaps the rest of the user's import). Where it can,
the process talks instead to the user's shared compile server (numjit/_server.py), which
saves Node's start-up in every process after the first. One request is
in flight at a time (a lock). If the child dies, or does not answer within
config.COMPILE_TIMEOUT seconds, the request raises CompilerDiedError and the child is
discarded; the next request starts a fresh one. A child process made by os.fork() never
talks to its parent's compiler: it notices the pid changed and starts its own.
Nothing listens on a network port.
"""
import atexit
import collections
import io
import json
import os
import sys
import threading

from . import config
from .errors import CompilerDiedError

_lock = threading.RLock()
_proc = None  # the current _Child (or numjit._server.Connection), or None
command = None  # argv to run instead of `node numjitc.js serve` (tests use a fake compiler)
use_server = True  # False: always a child process of our own (tests of the child's life)


class _Child:
    """One running compiler process, with threads reading its stdout and stderr."""

    def __init__(self, snapshot=True):
        self.snapshot = False  # started from the startup snapshot (numjitc.blob)
        env = None
        if command is not None:
            self.argv = list(command)
        else:
            from ._compiler import BUNDLE
            from ._node import find_node

            if not os.path.exists(BUNDLE):
                raise CompilerDiedError(
                    f"the compiler bundle {BUNDLE} is missing; build it with `make setup` "
                    "(or `cd compiler && npm run build`)")
            try:
                node = find_node()
            except RuntimeError as e:
                raise CompilerDiedError(str(e)) from None
            # V8 refuses a blob under other V8 flags, which NODE_OPTIONS may hold
            blob = (snapshot_blob(node) if snapshot and not _snapshot_failed
                    and not os.environ.get("NODE_OPTIONS", "").strip() else None)
            if blob is not None:
                self.argv = [node, "--snapshot-blob", blob, "serve"]
                self.snapshot = True
            else:
                self.argv = [node, BUNDLE, "serve"]
            env = node_environment()
        import queue  # (here: a process that talks to the server needs it not)

        self.pid_owner = os.getpid()
        self.answered = False  # whether any reply came back
        self.proc = _spawn(self.argv, env)
        self.replies = queue.Queue()
        self.stderr_tail = collections.deque(maxlen=40)
        self.next_id = 1
        threading.Thread(target=self._read_stdout, name="numjit-compiler-out", daemon=True).start()
        threading.Thread(target=self._read_stderr, name="numjit-compiler-err", daemon=True).start()
        warm_llvm()  # this process runs LLVM itself: load it while Node starts and compiles

    def _read_stdout(self):
        # buffered: readline() on the unbuffered pipe would read a reply byte by byte
        # (one system call per byte: ~80 ms for the 100 kB reply of a mid-size kernel)
        f = io.BufferedReader(self.proc.stdout, 1 << 16)
        try:
            for line in iter(f.readline, b""):
                self.replies.put(line)
        except (OSError, ValueError):
            pass
        self.replies.put(None)  # end of stream: the process is gone

    def _read_stderr(self):
        f = self.proc.stderr
        try:
            for line in iter(f.readline, b""):
                text = line.decode("utf-8", "replace").rstrip("\n")
                self.stderr_tail.append(text)
                if config.DEBUG:
                    import sys

                    print("[numjitc]", text, file=sys.stderr)
        except (OSError, ValueError):
            pass

    def alive(self):
        return self.proc.poll() is None

    def forget(self):
        """In a forked child: close our copy of the pipe, so EOF still reaches it."""
        try:
            self.proc.stdin.close()
        except Exception:  # noqa: BLE001
            pass

    @property
    def pid(self):
        return self.proc.pid

    def kill(self):
        try:
            self.proc.kill()
        except OSError:
            pass
        try:
            self.proc.wait(timeout=5)
        except Exception:  # noqa: BLE001
            pass
        for f in (self.proc.stdin, self.proc.stdout, self.proc.stderr):
            try:
                f.close()
            except Exception:  # noqa: BLE001
                pass

    def close(self):
        """Asks the process to exit (EOF on stdin), then kills it if it lingers."""
        try:
            self.proc.stdin.close()
            self.proc.wait(timeout=1)
        except Exception:  # noqa: BLE001
            self.kill()

    def died(self, what, timeout=None):
        code = self.proc.poll()
        if timeout is not None and code is None:
            why = f"did not answer within {timeout:g} s (NUMJIT_COMPILE_TIMEOUT)"
        elif code is not None and code < 0:
            why = f"was killed by signal {-code}"
        else:
            why = f"exited with status {code}"
        msg = (f"the numjit compiler process ({' '.join(self.argv)}) {why} while {what}; "
               "the next compile starts a new one.")
        tail = [line for line in self.stderr_tail if line.strip()]
        if tail:
            msg += "\nIts last messages:\n  " + "\n  ".join(tail[-12:])
        return CompilerDiedError(msg)

    def call(self, msg, what, timeout):
        import queue

        rid = self.next_id
        self.next_id += 1
        msg = dict(msg, id=rid)
        data = (json.dumps(msg, separators=(",", ":")) + "\n").encode("utf-8")
        try:
            self.proc.stdin.write(data)
            self.proc.stdin.flush()
        except (OSError, ValueError):
            raise self.died(what) from None
        except BaseException:
            self.kill()  # interrupted mid-line (Ctrl-C): the stream is no longer in step
            raise
        while True:
            try:
                line = self.replies.get(timeout=timeout)
            except queue.Empty:
                raise self.died(what, timeout) from None
            if line is None:
                try:
                    self.proc.wait(timeout=1)
                except Exception:  # noqa: BLE001 - still running: reported as such
                    pass
                raise self.died(what)
            try:
                reply = json.loads(line)
            except ValueError:
                # not protocol: a stray print in the compiler; keep it for the diagnostics
                self.stderr_tail.append("(stdout) " + line.decode("utf-8", "replace").rstrip())
                continue
            if reply.get("id") == rid:
                self.answered = True
                return reply


# -- how the child is started ------------------------------------------------------------

class _WaitTimeout(Exception):
    pass


class _Spawned:
    """A child process with pipes on its stdin, stdout and stderr, started with
    posix_spawn: the part of subprocess.Popen the compiler child uses, without importing
    subprocess (~5 ms of a first call's critical path, in the thread that then has to
    send Node the request)."""

    def __init__(self, argv, env):
        fds = []
        try:
            r0, w0 = os.pipe()
            fds += [r0, w0]
            r1, w1 = os.pipe()
            fds += [r1, w1]
            r2, w2 = os.pipe()
            fds += [r2, w2]
            # the pipes are close-on-exec; dup2 onto 0, 1, 2 makes just those the child's
            actions = [(os.POSIX_SPAWN_DUP2, r0, 0), (os.POSIX_SPAWN_DUP2, w1, 1),
                       (os.POSIX_SPAWN_DUP2, w2, 2)]
            self.pid = os.posix_spawnp(argv[0], argv, os.environ if env is None else env,
                                       file_actions=actions)
        except BaseException:
            for fd in fds:
                os.close(fd)
            raise
        for fd in (r0, w1, w2):
            os.close(fd)
        self.stdin = open(w0, "wb", buffering=0)
        self.stdout = open(r1, "rb", buffering=0)
        self.stderr = open(r2, "rb", buffering=0)
        self.returncode = None

    def poll(self):
        if self.returncode is None:
            try:
                pid, status = os.waitpid(self.pid, os.WNOHANG)
            except ChildProcessError:
                self.returncode = -9  # reaped elsewhere: gone
                return self.returncode
            if pid == self.pid:
                self.returncode = os.waitstatus_to_exitcode(status)
        return self.returncode

    def wait(self, timeout=None):
        import time

        deadline = None if timeout is None else time.monotonic() + timeout
        delay = 0.0005
        while self.poll() is None:
            if deadline is not None and time.monotonic() >= deadline:
                raise _WaitTimeout(f"pid {self.pid} still running after {timeout} s")
            time.sleep(delay)
            delay = min(delay * 2, 0.02)
        return self.returncode

    def kill(self):
        if self.poll() is None:
            os.kill(self.pid, 9)


def _spawn(argv, env):
    if hasattr(os, "posix_spawnp") and hasattr(os, "waitstatus_to_exitcode"):
        return _Spawned(argv, env)
    import subprocess

    return subprocess.Popen(argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, bufsize=0, close_fds=True, env=env)


# Environment variables Node.js acts on at start-up that the compiler never needs:
# NODE_EXTRA_CA_CERTS makes every node process read and parse a certificate file before
# running anything (~80 ms where it names the system's bundle), for TLS the compiler
# never uses.
_NODE_ENV_DROP = ("NODE_EXTRA_CA_CERTS",)
_snapshot_failed = False  # a child started from the blob died before answering
_snapshot_memo = {}


def node_environment():
    """The environment of a compiler child: ours, less what only slows Node's start."""
    if not any(k in os.environ for k in _NODE_ENV_DROP):
        return None
    return {k: v for k, v in os.environ.items() if k not in _NODE_ENV_DROP}


def snapshot_blob(node):
    """The path of the compiler's startup snapshot (numjitc-HASH.blob, built with the
    bundle by compiler/build.mjs) if it was built from the current bundle by this `node`
    executable, else None (the child then starts from the bundle). numjitc.blob.json
    names the blob and records the bundle's SHA-256 and the node executable's path, size
    and modification time."""
    from ._compiler import BUNDLE

    manifest = os.path.join(os.path.dirname(BUNDLE), "numjitc.blob.json")
    try:
        bst = os.stat(BUNDLE)
        nst = os.stat(os.path.realpath(node))
        mst = os.stat(manifest)
    except OSError:
        return None
    memo_key = (node, BUNDLE, bst.st_size, bst.st_mtime_ns, bst.st_ino, mst.st_mtime_ns,
                mst.st_ino, nst.st_size, nst.st_mtime_ns)
    if memo_key in _snapshot_memo:
        return _snapshot_memo[memo_key]
    result = None
    try:
        with open(manifest, encoding="utf-8") as f:
            info = json.load(f)
        blob = os.path.join(os.path.dirname(BUNDLE), os.path.basename(str(info.get("blob"))))
        if (info.get("node") == os.path.realpath(node) and info.get("node_size") == nst.st_size
                and str(info.get("node_mtime_ns")) == str(nst.st_mtime_ns)
                and os.path.isfile(blob)):
            from . import _cache

            if info.get("bundle_sha256") == _cache.bundle_hash(BUNDLE):
                result = blob
    except (OSError, ValueError, AttributeError):
        result = None
    _snapshot_memo[memo_key] = result
    return result


def _current():
    """The live compiler for this process, connected or started if needed (call with
    _lock held): the user's shared server when there is one (or one can be started),
    else a child process of our own."""
    global _proc
    if _proc is not None and (_proc.pid_owner != os.getpid() or not _proc.alive()):
        if _proc.pid_owner == os.getpid():
            _proc.kill()
        _proc = None  # a forked child never uses (or kills) its parent's compiler
    if _proc is None:
        if command is None and use_server and config.SERVER:
            from . import _server

            _proc = _server.connect()  # None when there is none (started after this compile)
        if _proc is None:
            try:
                _proc = _Child()
            except OSError as e:
                raise CompilerDiedError(f"could not start the numjit compiler: {e}") from None
    return _proc


def request(msg, what="compiling", timeout=None):
    """Sends `msg` (a dict without `id`) and returns the reply dict."""
    global _proc, _snapshot_failed
    timeout = config.COMPILE_TIMEOUT if timeout is None else timeout
    with _lock:
        child = _current()
        try:
            reply = child.call(msg, what, timeout)
        except CompilerDiedError:
            # exited (not hung) before any answer, started from the blob?
            blob_failed = (getattr(child, "snapshot", False) and not child.answered
                           and child.proc.poll() is not None)
            child.kill()
            if _proc is child:
                _proc = None
            if not blob_failed:
                raise
            # a blob this node cannot start from (it checks versions and flags itself):
            # once more from the bundle, and never the blob again in this process
            _snapshot_failed = True
            child = _proc = _current()
            try:
                reply = child.call(msg, what, timeout)
            except CompilerDiedError:
                child.kill()
                if _proc is child:
                    _proc = None
                raise
    server = sys.modules.get(__package__ + "._server")
    if server is not None and server._pending is not None and msg.get("op") == "compile":
        server.start_pending()  # for the processes that follow this one
    return reply


_warm = None  # the backend warm-up thread


def prestart():
    """Connects to the compile server, or starts the compiler child, if neither is there
    yet: called when the first function is decorated, so that Node's start-up (tens of
    ms) runs in its own process while the user's modules finish importing. Done here, in
    the caller's thread: it costs ~1 ms with a server and a few ms (the `subprocess`
    import, the fork) without one, and a background thread would wait for the GIL while
    the importing thread holds it, starting Node later. Errors are left to the first
    compile, which reports them."""
    if not config.PRESTART or (_proc is not None and _proc.pid_owner == os.getpid()):
        return
    if _lock.acquire(blocking=False):
        try:
            _current()
        except Exception:  # noqa: BLE001 - the first compile reports it properly
            pass
        finally:
            _lock.release()


def warm_backend():
    """Loads LLVM in a background thread (once), while the main thread waits for the
    compiler's first reply."""
    global _warm
    if _warm is None:
        _warm = threading.Thread(target=_warm_backend, name="numjit-llvm", daemon=True)
        _warm.start()


_warm_llvm = None  # the thread importing llvmlite.binding and creating the target machine


def warm_llvm():
    """Imports llvmlite and sets up LLVM's target machine in a background thread (once
    per process): for a process that runs LLVM itself (no compile server), this ~50 ms
    overlaps Node's start-up and compile instead of following them."""
    global _warm_llvm
    if _warm_llvm is None:
        def run():
            try:
                from . import _backend

                _backend.warm()  # llvmlite's library (or llvmlite.binding) and the target
            except Exception:  # noqa: BLE001 - the first compile reports it properly
                pass

        _warm_llvm = threading.Thread(target=run, name="numjit-llvm-import", daemon=True)
        _warm_llvm.start()


def _warm_backend():
    try:
        from . import _fastpath

        _fastpath._ensure_dispatch()  # imports llvmlite, sets up the JIT, links the dispatcher
    except Exception:  # noqa: BLE001 - the first compile reports it properly
        pass


def _join_warm():
    # LLVM must not be working in a daemon thread while the process exits
    for w in (_warm, _warm_llvm):
        if w is not None and w.is_alive():
            w.join(timeout=5)


def pid():
    """The compiler's process id, or None when none is running (for tests)."""
    p = _proc
    return p.pid if p is not None and p.pid_owner == os.getpid() and p.alive() else None


def shutdown():
    global _proc
    with _lock:
        if _proc is not None and _proc.pid_owner == os.getpid():
            _proc.close()
        _proc = None


def _after_fork_in_child():
    global _lock, _proc, _warm, _warm_llvm
    _warm = _warm_llvm = None
    _lock = threading.RLock()
    if _proc is not None:
        _proc.forget()
    _proc = None


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_after_fork_in_child)
atexit.register(shutdown)
atexit.register(_join_warm)
