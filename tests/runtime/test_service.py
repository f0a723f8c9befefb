"""The compile service: start, death, hang, restart, fork."""
import json
import os
import signal
import sys
import time

import pytest

from numjit import _service, errors, njit


def test_ping_starts_the_process_lazily(fake_compiler):
    assert _service.pid() is None
    reply = _service.request({"op": "ping"})
    assert reply["ok"] and _service.pid() is not None


def test_killed_compiler_raises_then_restarts(fake_compiler):
    _service.request({"op": "ping"})
    pid = _service.pid()
    os.kill(pid, signal.SIGKILL)
    time.sleep(0.1)
    # the dead process is noticed before the request (it is not running any more) ...
    assert _service.request({"op": "ping"})["ok"]
    assert _service.pid() != pid


def test_death_during_a_compile_is_a_clear_error(fake_compiler):
    @njit
    def die(x):
        return x

    with pytest.raises(errors.CompilerDiedError, match="exited with status 3.*next compile"):
        die(1.0)
    assert isinstance(errors.CompilerDiedError("x"), RuntimeError)

    @njit
    def add(x, y):
        return x + y

    assert add(1.0, 2.0) == 3.0  # a fresh process


def test_hang_times_out(fake_compiler, monkeypatch):
    from numjit import config

    monkeypatch.setattr(config, "COMPILE_TIMEOUT", 0.5)

    @njit
    def hang(x):
        return x

    t = time.time()
    with pytest.raises(errors.CompilerDiedError, match="did not answer within 0.5 s"):
        hang(1.0)
    assert time.time() - t < 10
    assert _service.request({"op": "ping"})["ok"]


def test_forked_child_starts_its_own_compiler(fake_compiler):
    if not hasattr(os, "fork"):
        pytest.skip("no fork")
    _service.request({"op": "ping"})
    parent_pid = _service.pid()

    @njit
    def add_forked(x, y):
        return x + y

    r, w = os.pipe()
    child = os.fork()
    if child == 0:  # pragma: no cover - runs in the child
        code = 1
        try:
            ok = add_forked(1.0, 2.0) == 3.0 and _service.pid() not in (None, parent_pid)
            os.write(w, json.dumps({"ok": ok, "pid": _service.pid()}).encode())
            code = 0
        finally:
            os._exit(code)
    os.close(w)
    data = os.read(r, 1000)
    os.close(r)
    _, status = os.waitpid(child, 0)
    assert os.WEXITSTATUS(status) == 0
    res = json.loads(data)
    assert res["ok"] and res["pid"] != parent_pid
    assert _service.pid() == parent_pid  # the parent's compiler is untouched
    assert _service.request({"op": "ping"})["ok"]


def test_missing_node_or_bundle_is_a_clear_error(monkeypatch):
    _service.shutdown()
    monkeypatch.setattr(_service, "command", ["/nonexistent/node", "x.js", "serve"])
    with pytest.raises(errors.CompilerDiedError, match="could not start"):
        _service.request({"op": "ping"})
    _service.shutdown()


def test_requests_are_logged_in_protocol_shape(fake_compiler):
    @njit
    def add_logged(x, y):
        return x + y

    add_logged(1.0, 2.0)
    req = json.loads(fake_compiler.read_text().splitlines()[-1])
    assert req["op"] == "compile" and req["argtypes"] == ["float64", "float64"]
    desc = req["functions"][req["root"]]
    assert desc["name"] == "add_logged" and desc["source"].startswith("@njit\ndef add_logged")
    assert desc["filename"] == __file__ and desc["col_offset"] == 4
    with open(__file__) as f:
        assert f.readlines()[desc["firstlineno"] - 1].strip() == "@njit"
