import subprocess
import sys

import numjit


def test_version():
    assert numjit.__version__.count(".") == 2


def test_import_starts_no_node_and_no_llvmlite():
    code = "import sys, numjit; print('llvmlite' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
