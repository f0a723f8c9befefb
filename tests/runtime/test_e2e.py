"""The runtime against the real compiler (numjit/_compiler/numjitc.js serve)."""
import io
import json
import os
import signal
import subprocess
import sys
import time
import warnings

import numpy as np
import pytest

from numjit import _service, errors, jit, njit, types
from numjit.testing import assert_same


@pytest.fixture(scope="module", autouse=True)
def real_compiler():
    _service.shutdown()
    _service.command = None
    _service.use_server = False  # these tests kill and fork their own compiler child
    try:
        reply = _service.request({"op": "ping"}, timeout=30)
    except errors.CompilerDiedError as e:
        pytest.skip(f"the compiler does not serve: {e}")
    if not reply.get("ok"):
        pytest.skip("the compiler does not answer ping")
    yield
    _service.shutdown()
    _service.use_server = True


def add(x, y):
    return x + y


def test_add_floats_end_to_end():
    f = njit(add)
    assert_same(f, 1.0, 2.5)
    assert f.signatures == [(types.float64, types.float64)]
    ir = f.inspect_llvm((types.float64, types.float64))
    assert "define" in ir and "fadd" in ir
    assert "ret" in f.inspect_asm((types.float64, types.float64))
    buf = io.StringIO()
    f.inspect_types(file=buf)
    assert "float64" in buf.getvalue() and "return x + y" in buf.getvalue()


def test_ints_bools_and_explicit_signature():
    assert_same(njit(add), 2, 3)
    s = njit("float64(int64, float64)")(add)
    assert s(2, 0.5) == 2.5 and s(True, 1.0) == 2.0
    with pytest.raises(TypeError, match="No matching definition"):
        s(1j, 1.0)


def test_typing_error_points_at_the_source():
    def bad(x):
        return x + "a"

    with pytest.raises(errors.TypingError) as info:
        njit(bad)(1.0)
    text = str(info.value)
    assert f"{__file__}:" in text and "^" in text and 'return x + "a"' in text


def test_object_mode_fallback_on_a_real_typing_error():
    def bad(x):
        return str(x) + "a"

    f = jit(nopython=False)(bad)
    with pytest.warns(errors.NumjitObjectModeWarning):
        assert f(1.0) == "1.0a"


def test_killed_node_then_next_compile_works():
    njit(add)(1.0, 2.0)
    pid = _service.pid()
    os.kill(pid, signal.SIGKILL)
    time.sleep(0.05)

    def add2(x, y):
        return x - y

    assert njit(add2)(5.0, 2.0) == 3.0
    assert _service.pid() not in (None, pid)


def test_forked_child_compiles():
    if not hasattr(os, "fork"):
        pytest.skip("no fork")
    njit(add)(1.0, 2.0)
    parent = _service.pid()
    r, w = os.pipe()
    child = os.fork()
    if child == 0:  # pragma: no cover
        code = 1
        try:
            def sub(x, y):
                return x - y
            os.write(w, json.dumps([njit(sub)(4.0, 1.0), _service.pid()]).encode())
            code = 0
        finally:
            os._exit(code)
    os.close(w)
    data = os.read(r, 1000)
    os.close(r)
    os.waitpid(child, 0)
    value, pid = json.loads(data)
    assert value == 3.0 and pid != parent
    assert _service.pid() == parent


@pytest.mark.parametrize("level", ["0", "3"])
def test_opt_env_in_a_fresh_process(level):
    code = ("from numjit import njit\n"
            "def f(x, y):\n    return x * y + 1.0\n"
            "print(njit(f)(2.0, 3.0))\n")
    path = os.path.join(os.path.dirname(__file__), "_tmp_opt_prog.py")
    with open(path, "w") as fh:
        fh.write(code)
    try:
        out = subprocess.run([sys.executable, path], capture_output=True, text=True, timeout=120,
                             env=dict(os.environ, NUMJIT_OPT=level))
    finally:
        os.remove(path)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "7.0"


def test_several_signatures_pick_the_closest():
    def ident(x):
        return x

    f = njit(["float64(float64)", "int64(int64)"])(ident)
    assert len(f.signatures) == 2
    assert f(2.5) == 2.5 and type(f(2.5)) is float
    assert f(3) == 3 and type(f(3)) is int
    assert type(f(True)) is int            # bool -> int64 beats bool -> float64
    assert type(f(np.int32(4))) is int
    with pytest.raises(TypeError, match="No matching definition"):
        f(1j)


def test_stopped_node_times_out_then_next_compile_works(monkeypatch):
    from numjit import config

    njit(add)(1.0, 2.0)
    pid = _service.pid()
    os.kill(pid, signal.SIGSTOP)  # alive but not answering
    monkeypatch.setattr(config, "COMPILE_TIMEOUT", 1.0)

    def mul(x, y):
        return x * y

    f = njit(mul)
    with pytest.raises(errors.CompilerDiedError, match="did not answer within 1 s"):
        f(2.0, 3.0)
    monkeypatch.setattr(config, "COMPILE_TIMEOUT", 60.0)
    assert f(2.0, 3.0) == 6.0
    assert _service.pid() != pid
