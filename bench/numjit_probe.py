"""Tries numjit on benchmark kernels in a separate process, one JSON line per kernel.

numjit is young: a kernel may raise (fine: the runner records the first line), but it
may also abort the process (LLVM built with assertions) or hang. The runner starts this
probe first, with a time limit per kernel, and times in its own process only the kernels
that came back "ok" here. A kernel during which the probe died or hung is recorded as such.

Usage: numjit_probe.py MODE NAME [NAME ...]   (MODE: quick or full)
For each NAME the probe compiles the kernel with numjit, calls it at the CPython size and
at the timed size, and prints {"name", "status": "ok"|"error", "error", "compile_s"}.
"""
import json
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import kernels as K  # noqa: E402
from jits import first_line, jit  # noqa: E402


def main():
    mode, names = sys.argv[1], sys.argv[2:]
    try:
        import numjit
    except Exception as exc:  # report it on every kernel
        numjit, imp_err = None, first_line(exc)
    for name in names:
        print(json.dumps({"name": name, "status": "started"}), flush=True)
        if numjit is None:
            rec = {"status": "error", "error": "import numjit failed: " + imp_err}
        else:
            rec = probe(numjit, name, mode)
        rec["name"] = name
        print(json.dumps(rec), flush=True)


def probe(numjit, name, mode):
    if name.startswith("overhead:"):
        from kernels import overhead
        import numpy as np
        fn = getattr(overhead, name.split(":", 1)[1])
        args = {"two_floats": (1.0, 2.0), "one_array": (np.ones(3),),
                "three_arrays": (np.ones(3), np.ones(3), np.ones(3)),
                "new_array": (np.ones(3),)}[fn.__name__]
        sizes = [args]
        options = {}
    else:
        k = K.by_name(name)
        fn, options = k.fn, k.options
        sizes = [K.args_for(k, k.py_size(mode)), K.args_for(k, k.size(mode))]
    try:
        t0 = time.perf_counter()
        f = jit(numjit, fn, options)
        f(*sizes[0])
        compile_s = time.perf_counter() - t0
        for args in sizes[1:]:
            f(*args)
    except BaseException as exc:  # anything at all: the runner lists it
        return {"status": "error", "error": first_line(exc)}
    return {"status": "ok", "compile_s": compile_s}


if __name__ == "__main__":
    main()
