"""The compiler's V8 startup snapshot (numjitc.blob, compiler/build.mjs) and how the
compiler child is started (numjit/_service.py): the blob answers exactly as the bundle
does, is used only when it was built from the current bundle by the same node, and a blob
node cannot start from falls back to the bundle. No timings are asserted here (bench/)."""
import json
import os
import shutil
import subprocess

import pytest

from numjit import _compiler, _service
from numjit._node import find_node

MANIFEST = os.path.join(os.path.dirname(_compiler.BUNDLE), "numjitc.blob.json")


def current_blob():
    """The blob the manifest names now (a rebuild of the bundle renames it)."""
    with open(MANIFEST) as f:
        return os.path.join(os.path.dirname(MANIFEST), json.load(f)["blob"])


needs_blob = pytest.mark.skipif(not os.path.exists(MANIFEST), reason="no startup snapshot "
                                "was built (node without --build-snapshot)")

ARRAYS = {
    "op": "compile", "root": "m.f", "argtypes": ["array(float64, 2d, C)", "float64"],
    "functions": {"m.f": {
        "name": "f", "qualname": "f", "module": "m", "filename": "/x/m.py", "firstlineno": 3,
        "col_offset": 0, "freevars": {}, "defaults": {},
        "source": ("def f(x, s):\n    t = 0.0\n    for i in range(x.shape[0]):\n"
                   "        t += math.sqrt(abs(x[i, 0])) * s\n    return t + np.sum(x * 2.0)\n"),
        "globals": {"range": {"kind": "builtin", "name": "range"}, "abs": {"kind": "builtin", "name": "abs"},
                    "math": {"kind": "module", "module": "math"}, "np": {"kind": "module", "module": "numpy"}},
        "options": {"fastmath": False, "error_model": "python", "boundscheck": False, "nogil": False,
                    "parallel": False, "inline": "never", "locals": {}}}},
}
TINY = json.loads(json.dumps(ARRAYS))
TINY["argtypes"] = ["int64", "float64"]
TINY["functions"]["m.f"]["source"] = "def f(x, s):\n    return x + s\n"
BAD = json.loads(json.dumps(TINY))
BAD["functions"]["m.f"]["source"] = "def f(x, s):\n    return x + 'a'\n"


def _serve(argv, reqs):
    text = "".join(json.dumps(dict(r, id=i)) + "\n" for i, r in enumerate(reqs))
    out = subprocess.run(argv, input=text, capture_output=True, text=True, timeout=120,
                         env=_service.node_environment())
    assert out.returncode == 0, out.stderr
    return out.stdout


@needs_blob
def test_blob_is_current_and_used(monkeypatch):
    monkeypatch.delenv("NODE_OPTIONS", raising=False)
    node = find_node()
    assert _service.snapshot_blob(node) == current_blob()
    _service.shutdown()
    saved = _service.use_server
    _service.use_server = False
    try:
        assert _service.request({"op": "ping"})["ok"]
        assert _service._proc.snapshot and "--snapshot-blob" in _service._proc.argv
    finally:
        _service.shutdown()
        _service.use_server = saved


@needs_blob
def test_blob_answers_as_the_bundle():
    node = find_node()
    # more than a pipe's 64 kB of replies to input that ends at once: the service must
    # not exit before stdout has taken them all
    reqs = [TINY, ARRAYS, BAD, {"op": "ping"}] + [ARRAYS] * 8
    plain = _serve([node, _compiler.BUNDLE, "serve"], reqs)
    snap = _serve([node, "--snapshot-blob", current_blob(), "serve"], reqs)
    assert len(plain) > 1 << 16
    assert plain == snap
    replies = [json.loads(line) for line in plain.split("\n") if line]
    assert [r["ok"] for r in replies] == [True, True, False, True] + [True] * 8


def test_stale_or_foreign_blob_is_not_used(tmp_path, monkeypatch):
    bundle = tmp_path / "numjitc.js"
    shutil.copy(_compiler.BUNDLE, bundle)
    (tmp_path / "numjitc-0123.blob").write_bytes(b"not a snapshot")
    node = os.path.realpath(find_node())
    st = os.stat(node)
    info = {"blob": "numjitc-0123.blob", "bundle_sha256": "0" * 64, "node": node, "node_size": st.st_size,
            "node_mtime_ns": str(st.st_mtime_ns)}
    (tmp_path / "numjitc.blob.json").write_text(json.dumps(info))
    monkeypatch.setattr(_compiler, "BUNDLE", str(bundle))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    assert _service.snapshot_blob(node) is None  # another bundle's blob

    from numjit import _cache
    info["bundle_sha256"] = _cache._file_hash(str(bundle))
    (tmp_path / "numjitc.blob.json").write_text(json.dumps(info))
    assert _service.snapshot_blob(node) == str(tmp_path / "numjitc-0123.blob")
    (tmp_path / "numjitc-0123.blob").unlink()  # the blob it names is gone
    os.utime(tmp_path / "numjitc.blob.json", ns=(2, 2))
    assert _service.snapshot_blob(node) is None
    (tmp_path / "numjitc-0123.blob").write_bytes(b"not a snapshot")
    info["node_size"] += 1  # another node
    (tmp_path / "numjitc.blob.json").write_text(json.dumps(info))
    os.utime(tmp_path / "numjitc.blob.json", ns=(1, 1))  # (a new memo key)
    assert _service.snapshot_blob(node) is None
    (tmp_path / "numjitc.blob.json").unlink()
    assert _service.snapshot_blob(node) is None


def test_blob_node_cannot_start_from_falls_back(tmp_path, monkeypatch):
    bad = tmp_path / "bad.blob"
    bad.write_bytes(b"not a snapshot")  # node aborts at start-up on it
    monkeypatch.setattr(_service, "snapshot_blob", lambda node: str(bad))
    monkeypatch.setattr(_service, "_snapshot_failed", False)
    monkeypatch.setattr(_service, "use_server", False)
    _service.shutdown()
    try:
        reply = _service.request(TINY)
        assert reply["ok"] and "ir" in reply
        assert _service._snapshot_failed and not _service._proc.snapshot
    finally:
        _service.shutdown()


@needs_blob
def test_not_used_under_node_options(monkeypatch):
    # V8 checks its flags against the blob's: a child is started from the bundle then
    monkeypatch.setenv("NODE_OPTIONS", "--max-old-space-size=2000")
    monkeypatch.setattr(_service, "use_server", False)
    _service.shutdown()
    try:
        assert _service.request(TINY)["ok"]
        assert not _service._proc.snapshot and not _service._snapshot_failed
    finally:
        _service.shutdown()


def test_node_environment_drops_startup_only_variables(monkeypatch):
    monkeypatch.setenv("NODE_EXTRA_CA_CERTS", "/nonexistent.pem")
    monkeypatch.setenv("NUMJIT_SOMETHING", "1")
    env = _service.node_environment()
    assert "NODE_EXTRA_CA_CERTS" not in env and env["NUMJIT_SOMETHING"] == "1"
    monkeypatch.delenv("NODE_EXTRA_CA_CERTS")
    assert _service.node_environment() is None  # (inherit ours as it is)
