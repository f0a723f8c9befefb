"""Helpers for the cache tests: modules written to a temporary directory and run in
fresh Python processes, each reporting what it did as one JSON line."""
import json
import os
import subprocess
import sys
import textwrap

import pytest

REPORT = """
import json as _json, numjit as _nj
from numjit import _service as _svc, _stats as _st
print("NJREPORT " + _json.dumps({"result": _result, "stats": _st.snapshot(),
                                 "node": _svc._proc is not None}))
"""


class Project:
    """A temporary directory of modules, and a way to run code against them."""

    def __init__(self, root, home):
        self.root = root
        self.home = home  # per-user cache (XDG_CACHE_HOME), private to the test

    def write(self, name, text):
        path = os.path.join(self.root, name)
        with open(path, "w") as f:
            f.write(textwrap.dedent(text))
        return path

    def env(self, **extra):
        env = dict(os.environ)
        env.pop("NUMJIT_CACHE_DIR", None)
        env["XDG_CACHE_HOME"] = self.home
        env["PYTHONDONTWRITEBYTECODE"] = "1"
        env.update({k: v for k, v in extra.items() if v is not None})
        for k, v in extra.items():
            if v is None:
                env.pop(k, None)
        return env

    def popen(self, code, **extra):
        script = textwrap.dedent(code) + REPORT
        return subprocess.Popen([sys.executable, "-W", "always", "-c", script], cwd=self.root,
                                env=self.env(**extra), stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, text=True)

    @staticmethod
    def result(p, timeout=300):
        out, err = p.communicate(timeout=timeout)
        for line in out.splitlines():
            if line.startswith("NJREPORT "):
                r = json.loads(line[len("NJREPORT "):])
                r["stderr"] = err
                return r
        raise AssertionError(f"the process failed (status {p.returncode}):\n{out}\n{err}")

    def run(self, code, **extra):
        return self.result(self.popen(code, **extra))

    def entries(self, where=None):
        d = where or os.path.join(self.root, "__pycache__")
        try:
            return sorted(n for n in os.listdir(d) if n.endswith(".nji"))
        except FileNotFoundError:
            return []


@pytest.fixture
def project(tmp_path):
    root = tmp_path / "proj"
    root.mkdir()
    home = tmp_path / "home"
    home.mkdir(mode=0o700)
    return Project(str(root), str(home))
