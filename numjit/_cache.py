"""The on-disk cache of `cache=True`: compiled object code, reloaded in a new process
without Node.js and without LLVM's optimiser or code generator.

In: a Dispatcher with `cache=True`, the compile request built for it (docs/protocol.md:
the source of the function and of every jitted function it reaches, in any module, and
the frozen values of its globals, closure cells and defaults), and, after a compile, the
compiler's reply and the backend's Library. Out: a Library linked from the stored object
code, or None (a miss: compile, then `store`).

The key is a SHA-256 over the request (which already carries every source, frozen value,
argument type and option), the optimisation level and the environment: CPU name and
features, numjit's version and a hash of the compiler bundle, llvmlite's version, NumPy's
C-API version, Python's version. Anything that changes gives another key: a stale entry
is a miss, never a wrong load.

Where: `__pycache__/` next to the function's source file; when that is not writable (or
not safe, below), a per-user directory (`$XDG_CACHE_HOME/numjit`, else `~/.cache/numjit`,
made 0700) with one folder per source directory; `NUMJIT_CACHE_DIR` replaces both. A
directory (or entry) owned by another user, or writable by others (o+w), is never loaded
from or written to.

One file per function and signature: `<file stem>.<qualname>-<16 hex>.nji`, where the
hex digits hash the argument types and the Python version; the full key is inside the
entry, so a changed function overwrites its old entry rather than adding files. Format:

    b"NUMJITC1" | u32 header length | header (JSON) | object code | IR text | SHA-256

The last 32 bytes hash all that precedes them: a truncated or altered entry fails the
check, is reported with a NumjitWarning, ignored and rewritten. Entries are written to a
temporary file in the same directory and moved into place with os.replace, so a reader
sees a whole entry or none; processes compiling the same entry at once take turns on a
lock file (fcntl), so the later ones load what the first one wrote.
"""
import json
import os
import struct
import sys
import time
import warnings

from . import _stats

try:  # the builtin SHA-256 (hashlib's import loads OpenSSL: ~2 ms of a 5 ms budget)
    from _sha2 import sha256 as _sha256  # Python >= 3.12
except ImportError:
    try:
        from _sha256 import sha256 as _sha256  # Python <= 3.11
    except ImportError:
        from hashlib import sha256 as _sha256


class hashlib:  # noqa: N801 - the one function of hashlib this module uses
    sha256 = staticmethod(_sha256)


MAGIC = b"NUMJITC1"
SUFFIX = ".nji"
_DIGEST = 32
_env = None          # the environment part of every key, computed once per process
_dirs = {}           # source directory -> cache directory (or None: not cacheable)
_warned = set()
LOCK_TIMEOUT = 120.0  # seconds to wait for another process compiling the same entry


def _warn(text):
    from .errors import NumjitWarning

    if text not in _warned:
        _warned.add(text)
        warnings.warn(NumjitWarning(text), stacklevel=4)


# -- the key ----------------------------------------------------------------------------

def _file_hash(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        h.update(f.read())
    return h.hexdigest()


def bundle_hash(path):
    """SHA-256 of the compiler bundle, remembered in the per-user cache directory by the
    file's size and modification time (hashing 0.5 MB costs more than the whole load)."""
    try:
        st = os.stat(path)
    except OSError:
        return "missing"
    memo_dir = os.path.join(user_dir(), "bundle")
    memo = os.path.join(memo_dir, f"{st.st_size}-{st.st_mtime_ns}-{st.st_ino}.sha256")
    try:
        with open(memo) as f:
            h = f.read().strip()
        if len(h) == 64 and _safe(memo):
            return h
    except OSError:
        pass
    h = _file_hash(path)
    if _prepare(user_dir(), 0o700) == "ok" and _prepare(memo_dir, 0o700) == "ok":
        _write_atomic(memo, h.encode())
    return h


def environment():
    """What every key shares in this process: versions, CPU, compiler bundle."""
    global _env
    if _env is None:
        import llvmlite
        import numpy

        from . import __version__
        from ._compiler import BUNDLE

        host = host_target()
        bundle = bundle_hash(BUNDLE)
        try:
            from numpy._core import _multiarray_umath as mu
        except ImportError:  # NumPy 1.x
            from numpy.core import _multiarray_umath as mu
        _env = {
            "numjit": __version__, "bundle": bundle, "llvmlite": llvmlite.__version__,
            "numpy_abi": [numpy.__version__.split(".")[0], mu._get_ndarray_c_version()],
            "python": [sys.version, sys.implementation.cache_tag],
            "cpu": host["cpu"], "features": host["features"], "triple": host["triple"],
        }
    return _env


def _cpu_fingerprint():
    """What identifies this CPU for LLVM's host detection, read without LLVM: the first
    processor's entry of /proc/cpuinfo (vendor, family, model, flags); None elsewhere."""
    try:
        with open("/proc/cpuinfo", "rb") as f:
            text = f.read(1 << 16).split(b"\n\n", 1)[0]
    except OSError:
        return None
    keep = [ln for ln in text.splitlines()
            if ln.split(b":")[0].strip() in (b"vendor_id", b"cpu family", b"model", b"model name",
                                              b"stepping", b"flags", b"Features", b"CPU implementer",
                                              b"CPU part", b"isa")]
    if not keep:
        return None
    h = hashlib.sha256(b"\n".join(keep))
    h.update(sys.version.encode())
    import llvmlite  # the package only (its version), not the binding

    h.update(llvmlite.__version__.encode())
    return h.hexdigest()[:32]


def host_target():
    """LLVM's name and features of the host CPU and its triple. They come from LLVM
    once per machine and are remembered in the per-user cache directory under a
    fingerprint of /proc/cpuinfo, so that loading cached code never imports llvmlite."""
    fp = _cpu_fingerprint()
    memo = os.path.join(user_dir(), "host", f"{fp}.json") if fp else None
    if memo:
        try:
            with open(memo, "rb") as f:
                found = json.loads(f.read())
            if _safe(memo) and set(found) == {"cpu", "features", "triple"}:
                return found
        except (OSError, ValueError):
            pass
    from . import _backend

    st = _backend.state()
    found = {"cpu": st.cpu, "features": st.features, "triple": st.triple}
    if memo and _prepare(user_dir(), 0o700) == "ok" and _prepare(os.path.dirname(memo), 0o700) == "ok":
        _write_atomic(memo, json.dumps(found).encode())
    return found


def key_of(msg):
    """The full key (hex) of a compile request."""
    from ._backend import opt_level

    text = json.dumps({"request": msg, "opt": opt_level(), "env": environment()},
                      sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


# -- where ------------------------------------------------------------------------------

def _safe(path, st=None):
    """Owned by this user and not writable by others."""
    if not hasattr(os, "geteuid"):
        return True
    st = st or os.stat(path)
    return st.st_uid == os.geteuid() and not st.st_mode & 0o002


def _prepare(path, mode):
    """Creates `path` if needed; returns 'ok', 'unsafe' or 'unwritable'."""
    try:
        os.makedirs(path, mode=mode, exist_ok=True)
        if not _safe(path):
            return "unsafe"
    except OSError:
        return "unwritable"
    return "ok" if os.access(path, os.W_OK | os.X_OK) else "unwritable"


def user_dir():
    """The per-user cache directory (made 0700)."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, "numjit")


def _mirror(srcdir):
    name = os.path.basename(srcdir.rstrip(os.sep)) or "root"
    return f"{name}-{hashlib.sha256(srcdir.encode('utf-8', 'surrogateescape')).hexdigest()[:12]}"


def cache_dir(filename):
    """The directory holding the entries of functions defined in `filename`, or None
    when they cannot be cached (no such file, no usable directory)."""
    srcdir = os.path.dirname(os.path.abspath(filename))
    override = os.environ.get("NUMJIT_CACHE_DIR")
    memo = (srcdir, override, os.environ.get("XDG_CACHE_HOME"))
    if memo in _dirs:
        return _dirs[memo]
    found = None
    if override:
        base = os.path.abspath(override)
        if _prepare(base, 0o700) != "ok":
            _warn(f"NUMJIT_CACHE_DIR={override} is not a private writable directory "
                  "(owned by you, not writable by others); cache=True is off")
        else:
            d = os.path.join(base, _mirror(srcdir))
            found = d if _prepare(d, 0o700) == "ok" else None
    else:
        pyc = os.path.join(srcdir, "__pycache__")
        state = _prepare(pyc, 0o777) if os.path.isdir(srcdir) else "unwritable"
        if state == "ok":
            found = pyc
        else:
            if state == "unsafe":
                _warn(f"numjit does not use the cache directory {pyc}: it is owned by another "
                      "user or writable by others; using the per-user cache instead")
            base = user_dir()
            if _prepare(base, 0o700) == "ok":
                d = os.path.join(base, _mirror(srcdir))
                found = d if _prepare(d, 0o700) == "ok" else None
            else:
                _warn(f"the per-user cache directory {base} is not private and writable; "
                      "cache=True is off")
    _dirs[memo] = found
    return found


def _stem(filename):
    return os.path.splitext(os.path.basename(filename))[0]


def entry_path(disp, argtypes_keys, restype_key):
    """Where the entry of `disp` for these types lives, or None when not cacheable."""
    fn = disp.py_func
    filename = fn.__code__.co_filename
    if not os.path.isfile(filename):
        _warn(f"cannot cache {fn.__qualname__}: its source file {filename!r} is not a file "
              "on disk; it is compiled in every process")
        return None
    d = cache_dir(filename)
    if d is None:
        return None
    sig = json.dumps([argtypes_keys, restype_key, sys.implementation.cache_tag])
    h = hashlib.sha256(sig.encode("utf-8")).hexdigest()[:16]
    qual = fn.__qualname__.replace("<locals>", "locals").replace(os.sep, "_")
    return os.path.join(d, f"{_stem(filename)}.{qual}-{h}{SUFFIX}")


def has_entries(disp):
    """Whether any entry for `disp` exists (at decoration: then Node is not started
    in the background, since the first call will most likely load)."""
    fn = disp.py_func
    filename = fn.__code__.co_filename
    if not os.path.isfile(filename):
        return False
    d = cache_dir(filename)
    if d is None:
        return False
    qual = fn.__qualname__.replace("<locals>", "locals").replace(os.sep, "_")
    prefix = f"{_stem(filename)}.{qual}-"
    try:
        found = any(n.startswith(prefix) and n.endswith(SUFFIX) for n in os.listdir(d))
    except OSError:
        return False
    if found:  # the loader's modules, with the user's imports rather than at the first call
        from . import _backend, _elf, _request  # noqa: F401
    return found


# -- reading and writing ----------------------------------------------------------------

class CorruptEntry(Exception):
    pass


def encode(header, obj, ir):
    h = json.dumps(header, separators=(",", ":")).encode("utf-8")
    header_len = struct.pack("<I", len(h))
    body = b"".join([MAGIC, header_len, h, obj, ir.encode("utf-8")])
    return body + hashlib.sha256(body).digest()


def decode(data):
    """(header, object code, IR text) of an entry's bytes; CorruptEntry when the bytes
    are not a whole, unaltered entry."""
    if len(data) < len(MAGIC) + 4 + _DIGEST or not data.startswith(MAGIC):
        raise CorruptEntry("truncated or not a numjit cache entry")
    body, digest = data[:-_DIGEST], data[-_DIGEST:]
    if hashlib.sha256(body).digest() != digest:
        raise CorruptEntry("checksum mismatch (truncated or altered)")
    (n,) = struct.unpack_from("<I", body, len(MAGIC))
    start = len(MAGIC) + 4
    try:
        header = json.loads(body[start:start + n].decode("utf-8"))
        obj_len = int(header["obj_len"])
    except (ValueError, KeyError, TypeError):
        raise CorruptEntry("unreadable header") from None
    obj = body[start + n:start + n + obj_len]
    if len(obj) != obj_len:
        raise CorruptEntry("object code shorter than its header says")
    ir = body[start + n + obj_len:].decode("utf-8", "replace")
    return header, obj, ir


def _read(path):
    """The bytes of a safe entry, or None (missing, or not ours)."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    except OSError:
        return None
    try:
        st = os.fstat(fd)
        if not _safe(path, st):
            _warn(f"numjit ignores the cache entry {path}: it is owned by another user or "
                  "writable by others")
            return None
        chunks = []
        while True:
            b = os.read(fd, 1 << 20)
            if not b:
                break
            chunks.append(b)
        return b"".join(chunks)
    finally:
        os.close(fd)


def load(path, key, exports_check=True):
    """(Library, header) from the entry at `path` if it holds `key`, else None.
    A corrupt entry warns and counts as a miss (the compile that follows rewrites it)."""
    data = _read(path)
    if data is None:
        return None
    try:
        header, obj, ir = decode(data)
    except CorruptEntry as e:
        from .errors import NumjitWarning

        warnings.warn(NumjitWarning(f"numjit cache entry {path} is corrupt ({e}); ignoring it "
                                    "and compiling again"), stacklevel=5)
        _stats.cache_corrupt += 1
        return None
    if header.get("key") != key:
        return None  # stale: another version of the function, or another environment
    from . import _backend

    lib = _backend.load_object(obj, [header["entry"], header["native"]],
                               header.get("imports", ()), ir=ir, name=header.get("name"))
    return lib, header


def store(path, key, reply, lib):
    """Writes the entry atomically (temporary file + os.replace). Failures to write
    are silent: the cache is an optimisation."""
    header = {"key": key, "entry": reply["entry"], "native": reply["native"],
              "restype": reply.get("restype"), "argtypes": reply.get("argtypes"),
              "imports": list(lib.imports), "name": lib.name.split("_", 1)[-1],
              "annotations": reply.get("annotations", ""),
              "warnings": reply.get("warnings") or [], "obj_len": len(lib.object_code),
              "written": time.time()}
    if not _write_atomic(path, encode(header, lib.object_code, lib.ir or "")):
        return False
    _stats.cache_writes += 1
    return True


def _write_atomic(path, data):
    import tempfile

    try:
        fd, tmp = tempfile.mkstemp(prefix=".tmp-", suffix=".part", dir=os.path.dirname(path))
    except OSError:
        return False
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except OSError:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        return False
    return True


class EntryLock:
    """An advisory lock on `<entry>.lock`, so that processes compiling the same entry at
    once take turns (the later ones then load). Gives up waiting after LOCK_TIMEOUT
    seconds (a stuck holder never blocks a compile forever); a no-op without fcntl."""

    def __init__(self, path):
        self.path = path + ".lock"
        self.fd = None

    def __enter__(self):
        try:
            import fcntl
        except ImportError:
            return self
        try:
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0), 0o600)
        except OSError:
            return self
        deadline = time.monotonic() + LOCK_TIMEOUT
        delay = 0.002
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                self.fd = fd
                return self
            except OSError:
                if time.monotonic() > deadline:
                    os.close(fd)
                    return self
                time.sleep(delay)
                delay = min(delay * 2, 0.05)

    def __exit__(self, *exc):
        if self.fd is not None:
            import fcntl

            fcntl.flock(self.fd, fcntl.LOCK_UN)
            os.close(self.fd)
            self.fd = None


# -- clearing -----------------------------------------------------------------------------

def clear(path=None):
    """Removes the cache entries of the source file or directory `path` (all of the
    per-user cache when None); returns how many files were removed."""
    removed = 0
    dirs = []
    if path is None:
        base = os.environ.get("NUMJIT_CACHE_DIR") or user_dir()
        for root, _sub, files in os.walk(base):
            dirs.append((root, None))
    else:
        p = os.path.abspath(path)
        stem = _stem(p) if os.path.isfile(p) else None
        srcdir = os.path.dirname(p) if os.path.isfile(p) else p
        for d in (os.path.join(srcdir, "__pycache__"), cache_dir(os.path.join(srcdir, "x.py"))):
            if d:
                dirs.append((d, stem))
    for d, stem in dirs:
        try:
            names = os.listdir(d)
        except OSError:
            continue
        for n in names:
            if not (n.endswith(SUFFIX) or n.endswith(SUFFIX + ".lock")):
                continue
            if stem is not None and not n.startswith(stem + "."):
                continue
            try:
                os.unlink(os.path.join(d, n))
                removed += 1
            except OSError:
                pass
    return removed


# -- the dispatcher's side ------------------------------------------------------------------

class CacheStats:
    """A jitted function's `stats`: cache hits and misses by argument types (Numba's
    `dispatcher.stats.cache_hits` / `cache_misses`)."""

    def __init__(self):
        import collections

        self.cache_hits = collections.Counter()
        self.cache_misses = collections.Counter()

    def record(self, argtypes, hit):
        (self.cache_hits if hit else self.cache_misses)[argtypes] += 1

    def __repr__(self):
        return f"CacheStats(cache_hits={dict(self.cache_hits)}, cache_misses={dict(self.cache_misses)})"


def _reply_from(header, ir):
    return {"ok": True, "ir": ir, "entry": header["entry"], "native": header["native"],
            "argtypes": header.get("argtypes"), "restype": header.get("restype"),
            "annotations": header.get("annotations", ""), "warnings": header.get("warnings") or [],
            "cached": True}


def _try_load(path, key):
    got = load(path, key)
    if got is None:
        return None
    lib, header = got
    _stats.cache_hits += 1
    return _reply_from(header, lib.ir), lib


def compile_cached(disp, msg, compile_now):
    """(reply, Library, hit) for the request `msg` of `disp`: loaded from the cache,
    else from `compile_now()` (which returns (reply, Library)) and then stored."""
    # a stand-in compiler (tests) is not the bundle the key hashes: no caching then
    # (looked up without importing the service, which a cache hit never needs)
    service = sys.modules.get(__package__ + "._service")
    standin = service is not None and service.command is not None
    path = None if standin else entry_path(disp, msg["argtypes"], msg.get("restype"))
    if path is None:
        return compile_now() + (False,)
    key = key_of(msg)
    got = _try_load(path, key)
    if got is not None:
        return got + (True,)
    with EntryLock(path):
        got = _try_load(path, key)  # another process may have written it meanwhile
        if got is not None:
            return got + (True,)
        _stats.cache_misses += 1
        reply, lib = compile_now()
        store(path, key, reply, lib)
    return reply, lib, False


# -- the runtime's own code ------------------------------------------------------------------

def runtime_library(ir, exports, name, opt):
    """`_backend.compile_ir(ir, exports, name=name, opt=opt)` for numjit's own fixed
    modules (the native dispatcher, the array runtime), whose object code is kept in the
    per-user cache directory, so that a process that only loads cached functions never
    runs LLVM's code generator."""
    from . import _backend

    try:
        level = _backend.opt_level() if opt is None else opt
        env = {k: v for k, v in environment().items() if k != "bundle"}
        key = hashlib.sha256(json.dumps([ir, list(exports), level, env],
                                        sort_keys=True).encode("utf-8")).hexdigest()
        d = os.path.join(user_dir(), "runtime")
        ok = _prepare(user_dir(), 0o700) == "ok" and _prepare(d, 0o700) == "ok"
    except Exception:  # noqa: BLE001 - no cache: compile
        ok = False
    if not ok:
        return _backend.compile_ir(ir, exports, name=name, opt=opt)
    path = os.path.join(d, f"{name}-{key[:24]}{SUFFIX}")
    data = _read(path)
    if data is not None:
        try:
            header, obj, _ir = decode(data)
            if header.get("key") == key:
                return _backend.load_object(obj, exports, header.get("imports", ()), ir=ir, name=name)
        except CorruptEntry:
            pass  # rewritten below
    lib = _backend.compile_ir(ir, exports, name=name, opt=level)
    header = {"key": key, "imports": list(lib.imports), "obj_len": len(lib.object_code)}
    _write_atomic(path, encode(header, lib.object_code, ""))
    return lib
