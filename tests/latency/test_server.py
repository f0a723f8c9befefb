"""The per-user shared compile server (numjit/_server.py): shared, private, idles out,
restarts cleanly, and can be turned off. No timings are asserted here (see bench/)."""
import json
import os
import signal
import subprocess
import sys
import time

import pytest

pytestmark = pytest.mark.skipif(not hasattr(os, "geteuid") or sys.platform == "win32",
                                reason="Unix sockets and POSIX permissions")

PROG = """
import json, os
import numjit
from numjit import _service

@numjit.njit
def add(a, b):
    return a + b

r = add(1.0, 2.0)

@numjit.njit
def bad(x):
    return x + "a"

try:
    bad(1.0)
    err = None
except numjit.errors.TypingError as e:
    err = "TypingError"
import sys
p = _service._proc
print(json.dumps({"r": r, "kind": type(p).__name__, "pid": _service.pid(), "err": err,
                  "llvm": "llvmlite.binding" in sys.modules}))
"""


def run(tmp_path, **env):
    e = dict(os.environ, XDG_RUNTIME_DIR=str(tmp_path / "run"), **env)
    prog = tmp_path / "prog.py"
    prog.write_text(PROG)
    out = subprocess.run([sys.executable, str(prog)], capture_output=True, text=True, env=e,
                         timeout=300)
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout.strip().splitlines()[-1])


@pytest.fixture
def rundir(tmp_path):
    d = tmp_path / "run"
    d.mkdir(mode=0o700)
    yield tmp_path
    sock_dir = d / "numjit"
    if sock_dir.is_dir():  # stop the servers these tests started
        for s in sock_dir.iterdir():
            if s.name.endswith(".sock"):
                s.unlink()  # a server exits within a second once its socket is gone


def _wait_gone(pid, seconds=20):
    end = time.time() + seconds
    while time.time() < end:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return True
        time.sleep(0.1)
    return False


def _bundle_stat():
    from numjit._compiler import BUNDLE

    st = os.stat(BUNDLE)
    return st.st_mtime_ns, st.st_size


def _wait_socket(rundir, seconds=60):
    d = rundir / "run" / "numjit"
    end = time.time() + seconds
    while time.time() < end:
        if d.is_dir() and [p for p in d.iterdir() if p.name.endswith(".sock")]:
            return True
        time.sleep(0.05)
    return False


def test_processes_share_one_private_server(rundir):
    for _attempt in range(3):  # a rebuilt compiler bundle rightly gets a server of its own
        before = _bundle_stat()
        first = run(rundir)
        # the first process compiles with a child of its own, then starts the server
        assert first["r"] == 3.0 and first["kind"] == "_Child" and first["err"] == "TypingError"
        assert _wait_socket(rundir)
        a = run(rundir)
        b = run(rundir)
        if _bundle_stat() == before:
            break
    assert a["r"] == b["r"] == 3.0
    assert a["kind"] == b["kind"] == "Connection"
    assert a["pid"] == b["pid"] is not None  # both found the same server
    # the server ran LLVM too: the clients mapped its object code without importing llvmlite
    assert not a["llvm"] and not b["llvm"]
    assert a["err"] == b["err"] == "TypingError"  # errors come back as they are
    d = rundir / "run" / "numjit"
    assert (os.stat(d).st_mode & 0o777) == 0o700
    socks = [p for p in d.iterdir() if p.name.endswith(".sock")]
    assert socks and all(os.stat(s).st_mode & 0o077 == 0 for s in socks)


def test_server_exits_when_idle(rundir):
    run(rundir, NUMJIT_SERVER_IDLE="5")
    assert _wait_socket(rundir)
    a = run(rundir)
    assert a["kind"] == "Connection"
    assert _wait_gone(a["pid"], 60)
    d = rundir / "run" / "numjit"
    assert not [p for p in d.iterdir() if p.name.endswith(".sock")]


def test_killed_server_is_replaced(rundir):
    run(rundir)
    assert _wait_socket(rundir)
    a = run(rundir)
    assert a["kind"] == "Connection"
    os.kill(a["pid"], signal.SIGKILL)
    assert _wait_gone(a["pid"])
    b = run(rundir)  # the dead server's socket refuses: a child of its own, a new server
    assert b["r"] == 3.0 and b["kind"] == "_Child"
    end = time.time() + 60
    while time.time() < end:
        c = run(rundir)
        if c["kind"] == "Connection":
            break
        time.sleep(0.2)
    assert c["kind"] == "Connection" and c["pid"] != a["pid"] and c["r"] == 3.0


def test_unsafe_socket_directory_is_not_used(rundir):
    d = rundir / "run" / "numjit"
    d.mkdir()
    os.chmod(d, 0o777)  # others could plant a socket here
    a = run(rundir)
    assert a["r"] == 3.0 and a["kind"] == "_Child"  # a compiler child of its own instead
    assert a["err"] == "TypingError"
    assert not list(d.iterdir())


def test_server_can_be_turned_off(rundir):
    a = run(rundir, NUMJIT_SERVER="0")
    assert a["r"] == 3.0 and a["kind"] == "_Child"
    assert not (rundir / "run" / "numjit").exists()


CONCURRENT = """
import json, sys
import numpy as np
import numjit

K = int(sys.argv[1])

@numjit.njit
def f(x, n):
    s = 0.0
    for i in range(x.shape[0]):
        for j in range(n):
            s += x[i] * (j + K)
    return s

x = np.arange(5.0)
print(json.dumps({"r": f(x, 3), "want": float(sum(v * (j + K) for v in x for j in range(3))),
                  "kind": type(numjit._service._proc).__name__}))
"""


def test_concurrent_clients_are_answered_correctly(rundir):
    # the server pipelines requests (one in the compiler while another is in LLVM)
    run(rundir)
    assert _wait_socket(rundir)
    prog = rundir / "conc.py"
    prog.write_text(CONCURRENT)
    env = dict(os.environ, XDG_RUNTIME_DIR=str(rundir / "run"))
    procs = [subprocess.Popen([sys.executable, str(prog), str(k)], stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True, env=env) for k in range(6)]
    for p in procs:
        out, err = p.communicate(timeout=300)
        assert p.returncode == 0, err
        got = json.loads(out.strip().splitlines()[-1])
        assert got["r"] == got["want"]
