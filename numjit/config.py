"""numjit's settings, read once from the environment when numjit is first used.

NUMJIT_DISABLE_JIT=1   decorators hand back the plain Python function (for pdb, coverage)
NUMJIT_OPT=0..3        LLVM optimisation level (default 3)
NUMJIT_BOUNDSCHECK=0|1 overrides every function's boundscheck option (as NUMBA_BOUNDSCHECK)
NUMJIT_DEBUG=1         compiler errors include internals; the compiler's stderr is shown
NUMJIT_DUMP_LLVM=1     print the LLVM IR the compiler sends, before optimisation, to stderr
NUMJIT_COMPILE_TIMEOUT seconds to wait for one compile before the compiler is declared hung
NUMJIT_PRESTART=0      do not start the compiler process in the background at decoration
NUMJIT_NODE            path of the node executable to run the compiler with
NUMJIT_SERVER=0        do not use (or start) the per-user shared compile server
NUMJIT_DIRECT_LLVM=0|1 0: always go through llvmlite.binding; 1: always call libllvmlite
                       directly (default: directly while llvmlite.binding is not imported)
NUMJIT_CACHE_DIR       where cache=True keeps compiled code (default: __pycache__)
NUMJIT_NUM_THREADS     threads of parallel regions (default: the usable cores; NUMBA_NUM_THREADS too)

The attributes may also be set at run time (`numjit.config.DISABLE_JIT = True`); they
are read when a decorator is applied or a function compiled. NUMBA_DISABLE_JIT is honoured
too, so that scripts written for Numba behave the same.
"""
import os


def _flag(name, default=False):
    for var in ("NUMJIT_" + name, "NUMBA_" + name):
        v = os.environ.get(var)
        if v is not None:
            return v.strip().lower() not in ("", "0", "false", "no", "off")
    return default


def _int(name, default):
    v = os.environ.get("NUMJIT_" + name)
    try:
        return int(v) if v not in (None, "") else default
    except ValueError:
        return default


DISABLE_JIT = _flag("DISABLE_JIT")
OPT = _int("OPT", 3)
DEBUG = _flag("DEBUG")
BOUNDSCHECK = (_flag("BOUNDSCHECK") if (os.environ.get("NUMJIT_BOUNDSCHECK") or
                                         os.environ.get("NUMBA_BOUNDSCHECK")) else None)
DUMP_LLVM = _flag("DUMP_LLVM")
COMPILE_TIMEOUT = float(os.environ.get("NUMJIT_COMPILE_TIMEOUT") or 120.0)
PRESTART = _flag("PRESTART", True)
SERVER = _flag("SERVER", True)
SERVER_IDLE = _int("SERVER_IDLE", 600)  # seconds the shared compile server lingers unused


def _num_threads():
    from ._parallel import default_threads  # NUMJIT_NUM_THREADS / NUMBA_NUM_THREADS / cores

    try:
        return default_threads()
    except ValueError:  # a malformed NUMJIT_NUM_THREADS: the cores (set_num_threads still works)
        return max(1, os.cpu_count() or 1)


# threads of parallel regions at most (set_num_threads chooses up to this many)
NUMBA_NUM_THREADS = NUMJIT_NUM_THREADS = _num_threads()
