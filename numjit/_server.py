"""The per-user shared compile server, client side: one warm Node.js and one warm LLVM
for all of a user's processes.

Node's start-up, the loading of the compiler bundle and the import of llvmlite cost far
more than compiling a small function, and every fresh Python process paid them. Instead,
the first process that needs the compiler compiles with a child of its own as before and
then starts `python -m numjit._compile_server SOCKET` detached from itself (waiting for a
server to come up would cost that process more than its own child); every later process
connects to the socket and speak the
usual protocol (docs/protocol.md) over it. The server also runs LLVM and returns object
code, which the client maps itself (numjit/_elf.py): a client never starts Node or
imports llvmlite.

Private to the user: the socket lives in a directory made 0700 (`$XDG_RUNTIME_DIR/numjit`
or `<tmp>/numjit-<uid>`), which is checked before every connection (a directory, not a
link, owned by this user, no access for group or others), and the server's peer
credentials (SO_PEERCRED) must be this user's. The socket's name hashes the compiler
bundle, the node and Python executables, numjit's sources and llvmlite's version, so a
changed installation gets a new server. The server exits after NUMJIT_SERVER_IDLE seconds
(default 600) without use, or when its socket is removed. If it dies or hangs, the request
raises CompilerDiedError, the hung server is killed, and the next request starts a new
one. Where any of this is not available (no AF_UNIX, an unsafe directory, the server does
not come up), `connect()` returns None and the caller runs a compiler child of its own.
"""
import json
import os
import socket
import stat
import struct
import time

from . import config
from .errors import CompilerDiedError

START_TIMEOUT = 10.0  # seconds to wait for a freshly started server's socket


def socket_dir():
    """The private directory of the user's socket, created if needed; None if unsafe."""
    if not hasattr(socket, "AF_UNIX") or not hasattr(os, "geteuid"):
        return None
    uid = os.geteuid()
    run = os.environ.get("XDG_RUNTIME_DIR")
    d = os.path.join(run, "numjit") if run and os.path.isdir(run) else \
        os.path.join(_tmpdir(), f"numjit-{uid}")
    try:
        os.mkdir(d, 0o700)
    except FileExistsError:
        pass
    except OSError:
        return None
    try:
        st = os.lstat(d)
    except OSError:
        return None
    if not stat.S_ISDIR(st.st_mode) or st.st_uid != uid or st.st_mode & 0o077:
        return None
    return d


def _tmpdir():
    """tempfile.gettempdir() in the common case, without importing tempfile (which
    imports shutil, random, bz2 and lzma: ~3 ms of a first call's 30)."""
    for var in ("TMPDIR", "TEMP", "TMP"):
        d = os.environ.get(var)
        if d and os.path.isdir(d):
            return os.path.abspath(d)
    if os.path.isdir("/tmp") and os.access("/tmp", os.W_OK | os.X_OK):
        return "/tmp"
    import tempfile

    return tempfile.gettempdir()


def _argv_and_name():
    import sys

    import llvmlite  # the package's version only, not LLVM

    from . import __file__ as pkg_init
    from ._cache import hashlib  # (SHA-256 without hashlib's OpenSSL import)
    from ._compiler import BUNDLE
    from ._node import find_node

    node = find_node()
    st = os.stat(BUNDLE)
    pkg = os.path.dirname(os.path.dirname(os.path.abspath(pkg_init)))
    ident = json.dumps([node, BUNDLE, st.st_size, st.st_mtime_ns, st.st_ino, bool(config.DEBUG),
                        sys.executable, sys.version, pkg, llvmlite.__version__,
                        _mtimes(os.path.dirname(os.path.abspath(pkg_init)))])
    h = hashlib.sha256(ident.encode()).hexdigest()[:12]
    exe = hashlib.sha256(sys.executable.encode()).hexdigest()[:6]
    # nj-<python>-<everything>: a new server retires the older ones of its Python
    return [sys.executable, "-m", "numjit._compile_server"], f"nj-{exe}-{h}.sock", pkg


def _mtimes(pkgdir):
    """The numjit sources' modification times: an edited runtime gets a new server."""
    out = []
    for n in sorted(os.listdir(pkgdir)):
        if n.endswith(".py"):
            out.append(os.stat(os.path.join(pkgdir, n)).st_mtime_ns)
    return out


def _peer_ok(sock):
    """(ok, pid): the server at the other end runs as this user."""
    so = getattr(socket, "SO_PEERCRED", None)
    if so is None:
        return True, None  # the 0700 directory is the guarantee
    pid, uid, _gid = struct.unpack("3i", sock.getsockopt(socket.SOL_SOCKET, so, struct.calcsize("3i")))
    return uid == os.geteuid(), pid


def _try_connect(path):
    try:
        st = os.lstat(path)
    except OSError:
        return None
    if not stat.S_ISSOCK(st.st_mode) or st.st_uid != os.geteuid():
        return None
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.settimeout(2.0)  # a hung server with a full backlog must not hang a decoration
    try:
        s.connect(path)
    except OSError:
        s.close()
        return None
    s.settimeout(None)
    ok, pid = _peer_ok(s)
    if not ok:
        s.close()
        return None
    return Connection(s, path, pid)


_pending = None  # (argv, path, pkg, dir, name) of a server to start after this compile


def connect():
    """A Connection to the user's compile server, or None. When there is no server, None
    is returned at once (the caller compiles with a child of its own, which is quicker
    than waiting for a server to come up) and `start_pending()` starts one afterwards,
    for the processes that follow."""
    global _pending
    d = socket_dir()
    if d is None:
        return None
    try:
        argv, name, pkg = _argv_and_name()
    except (OSError, RuntimeError, ImportError):
        return None  # the child path reports a missing bundle or node properly
    path = os.path.join(d, name)
    if len(os.fsencode(path)) > 107:  # AF_UNIX paths are limited (108 bytes with the NUL)
        return None
    c = _try_connect(path)
    if c is None:
        _pending = (argv, path, pkg, d, name)
    return c


def start_pending():
    """Starts the server that `connect()` found missing (detached; not waited for). One
    starter at a time (a lock file); if another process is starting it, nothing to do."""
    global _pending
    if _pending is None:
        return
    argv, path, pkg, d, name = _pending
    _pending = None
    import fcntl

    try:
        lock_fd = os.open(os.path.join(d, name + ".lock"), os.O_RDWR | os.O_CREAT, 0o600)
    except OSError:
        return
    try:
        try:
            fcntl.flock(lock_fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            return  # someone else is starting it
        c = _try_connect(path)
        if c is not None:
            c.close()
            return
        env = dict(os.environ)
        env["PYTHONPATH"] = pkg + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
        import subprocess

        try:
            subprocess.Popen(argv + [path, f"--idle={max(config.SERVER_IDLE, 1)}"],
                             stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                             stderr=subprocess.DEVNULL, close_fds=True, start_new_session=True,
                             cwd=d, env=env)
        except OSError:
            return
        # hold the lock until the socket exists, so concurrent starters do not race
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline and not os.path.exists(path):
            time.sleep(0.01)
    finally:
        os.close(lock_fd)


def wait_for_server(timeout=START_TIMEOUT):
    """For tests: a Connection once the server is up, or None after `timeout` seconds."""
    d = socket_dir()
    if d is None:
        return None
    _argv, name, _pkg = _argv_and_name()
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        c = _try_connect(os.path.join(d, name))
        if c is not None:
            return c
        time.sleep(0.02)
    return None


class Connection:
    """One process's connection to the server, with the interface of _service._Child."""

    def __init__(self, sock, path, pid):
        self.sock = sock
        self.path = path
        self.server_pid = pid
        self.pid_owner = os.getpid()
        self.rfile = sock.makefile("rb")
        self.next_id = 1
        self.broken = False
        self.argv = ["numjit compile server", path]

    @property
    def pid(self):
        return self.server_pid

    def alive(self):
        return not self.broken

    def forget(self):
        """In a forked child: leave the parent's connection alone."""

    def close(self):
        self.broken = True
        for f in (self.rfile, self.sock):
            try:
                f.close()
            except OSError:
                pass

    def kill(self):
        """The server died or hung: make sure it is gone, so the next request starts a
        fresh one (only our own server, identified by its peer credentials)."""
        self.close()
        if self.server_pid:
            try:
                os.kill(self.server_pid, 9)
            except OSError:
                pass
        try:
            if stat.S_ISSOCK(os.lstat(self.path).st_mode):
                os.unlink(self.path)
        except OSError:
            pass

    def died(self, what, timeout=None):
        why = (f"did not answer within {timeout:g} s (NUMJIT_COMPILE_TIMEOUT)" if timeout is not None
               else "closed the connection")
        return CompilerDiedError(f"the numjit compile server ({self.path}) {why} while {what}; "
                                 "the next compile starts a new one.")

    def call(self, msg, what, timeout):
        rid = self.next_id
        self.next_id += 1
        msg = dict(msg, id=rid)
        if msg.get("op") == "compile":
            from ._backend import opt_level

            msg["object_opt"] = opt_level()  # the server also runs LLVM, at our level
        data = (json.dumps(msg, separators=(",", ":")) + "\n").encode("utf-8")
        try:
            self.sock.settimeout(timeout)
            self.sock.sendall(data)
            while True:
                line = self.rfile.readline()
                if not line:
                    self.broken = True
                    raise self.died(what)
                try:
                    reply = json.loads(line)
                except ValueError:
                    continue
                if reply.get("id") == rid:
                    return reply
        except socket.timeout:
            self.broken = True
            raise self.died(what, timeout) from None
        except OSError:
            self.broken = True
            raise self.died(what) from None
        except BaseException:
            self.broken = True  # interrupted mid-line: the stream is no longer in step
            raise
