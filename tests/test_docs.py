"""docs/supported.md is generated from the compiler's registry and must be current."""
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def test_supported_features_doc_is_current():
    script = os.path.join(ROOT, "tools", "gen_features_doc.py")
    res = subprocess.run([sys.executable, script, "--check"], capture_output=True, text=True)
    assert res.returncode == 0, res.stdout + res.stderr
