"""Fixtures of the runtime tests: a fake compiler process speaking the protocol."""
import os
import sys

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)


@pytest.fixture
def fake_compiler(tmp_path, monkeypatch):
    """Points the compile service at tests/runtime/fake_compiler.py for one test; yields
    the path of the log file where it records each request (one JSON line each)."""
    from numjit import _service

    log = tmp_path / "requests.jsonl"
    monkeypatch.setenv("FAKE_COMPILER_LOG", str(log))
    _service.shutdown()
    old = _service.command
    _service.command = [sys.executable, os.path.join(HERE, "fake_compiler.py")]
    try:
        yield log
    finally:
        _service.shutdown()
        _service.command = old
