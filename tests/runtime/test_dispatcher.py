"""The dispatcher, options, signatures, object mode and inspection, on the fake compiler."""
import io
import json
import math
import os
import subprocess
import sys
import warnings

import numpy as np
import pytest

import numjit
from numjit import errors, jit, njit, types

K = 3
SCALE = 2.5


def _requests(log):
    return [json.loads(line) for line in log.read_text().splitlines()]


def test_lazy_compile_once_per_signature(fake_compiler):
    @njit
    def add(x, y):
        """Adds."""
        return x + y

    assert add.signatures == [] and not fake_compiler.exists()
    assert add(1.0, 2.0) == 3.0
    assert add(3.0, 4.0) == 7.0
    assert add(y=1.0, x=2.0) == 3.0  # keywords take the Python path, same specialisation
    assert add.signatures == [(types.float64, types.float64)]
    assert len(_requests(fake_compiler)) == 1
    assert add.__name__ == "add" and add.__doc__ == "Adds." and add.__wrapped__ is add.py_func
    assert add.py_func(1, 2) == 3
    assert isinstance(add, numjit.Dispatcher) and "add" in repr(add)


def test_explicit_signatures_compile_eagerly_and_restrict(fake_compiler):
    @njit("float64(float64, float64)")
    def add_sig(x, y):
        return x + y

    assert len(_requests(fake_compiler)) == 1
    assert add_sig.signatures == [(types.float64, types.float64)]
    assert add_sig(1, 2) == 3.0  # ints convert to the declared floats
    assert add_sig(np.float32(1), True) == 2.0
    with pytest.raises(TypeError, match="No matching definition for argument type.*complex128"):
        add_sig(1j, 1.0)
    assert len(_requests(fake_compiler)) == 1
    assert _requests(fake_compiler)[0]["restype"] == "float64"


def test_signature_forms(fake_compiler):
    for sig in (["float64(float64, float64)"], types.float64(types.float64, types.float64),
                "(float64, float64)", (types.float64, types.float64)):
        def add_forms(x, y):
            return x + y

        d = njit(sig)(add_forms)
        assert d(1.0, 2.0) == 3.0


def test_compile_error_is_typing_error_with_position(fake_compiler):
    @njit
    def typo(x):
        return x + "a"

    with pytest.raises(errors.TypingError) as info:
        typo(1.0)
    text = str(info.value)
    assert f"{__file__}:" in text and "^^^" in text and "return x + 'a'" in text
    assert info.value.info["type"] == "TypingError"


def test_unsupported_argument_type_names_it(fake_compiler):
    @njit
    def add(x, y):
        return x + y

    with pytest.raises(TypeError, match="add.*set"):
        add({1}, 2.0)


def test_internal_error_from_bad_ir(fake_compiler):
    @njit
    def badir(x):
        return x

    with pytest.raises(errors.InternalError, match="report"):
        badir(1)


def test_missing_symbol_is_internal_error(fake_compiler):
    @njit
    def missing(x):
        return x

    with pytest.raises(errors.InternalError, match="numjit_no_such_symbol"):
        missing(1.0)


def test_forceobj_runs_python_with_a_warning(fake_compiler):
    @jit(forceobj=True)
    def anything(x):
        return [x, x]

    with pytest.warns(errors.NumjitObjectModeWarning, match="forceobj"):
        assert anything(1) == [1, 1]
    assert not fake_compiler.exists()


def test_nopython_false_falls_back_when_compile_fails(fake_compiler):
    @jit(nopython=False)
    def typo(x):
        return str(x) + "a"

    with pytest.warns(errors.NumjitObjectModeWarning, match="cannot add"):
        assert typo(1.0) == "1.0a"
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert typo(2.0) == "2.0a"  # warned once


def test_jit_defaults_to_nopython(fake_compiler):
    @jit
    def typo(x):
        return x

    with pytest.raises(errors.TypingError):
        typo(1.0)


def test_inspect_methods(fake_compiler):
    @njit
    def add(x, y):
        return x + y

    add(1.0, 2.0)
    sig = (types.float64, types.float64)
    llvm = add.inspect_llvm()
    assert list(llvm) == [sig] and "define" in llvm[sig]
    assert add.inspect_llvm(sig) == llvm[sig]
    asm = add.inspect_asm(sig)
    assert "nj_entry_add" in asm and "ret" in asm
    buf = io.StringIO()
    add.inspect_types(file=buf)
    assert "float64(float64, float64)" in buf.getvalue() and "x = float64" in buf.getvalue()
    assert add.nopython_signatures == [types.float64(types.float64, types.float64)]
    assert add.overloads[sig].entry_point > 0


@pytest.mark.parametrize("opts,exc,match", [
    ({"fastmath": "yes"}, TypeError, "fastmath"),
    ({"fastmath": {"nnan", "bogus"}}, ValueError, "bogus"),
    ({"error_model": "c"}, ValueError, "error_model"),
    ({"boundscheck": 1}, TypeError, "boundscheck"),
    ({"nogil": "no"}, TypeError, "nogil"),
    ({"inline": "sometimes"}, ValueError, "inline"),
    ({"locals": {"x": "nosuchtype"}}, TypeError, "locals"),
    ({"parallel": "x"}, TypeError, "parallel"),
    ({"frobnicate": True}, TypeError, "frobnicate"),
])
def test_option_validation(opts, exc, match):
    with pytest.raises(exc, match=match):
        njit(**opts)


def test_options_reach_the_compiler(fake_compiler):
    @njit(fastmath={"nnan", "contract"}, error_model="numpy", boundscheck=True, nogil=True,
          parallel=True, inline="always", locals={"z": types.float32}, cache=True)
    def add(x, y):
        z = x + y
        return z

    add(1.0, 2.0)
    opts = _requests(fake_compiler)[0]["functions"][_requests(fake_compiler)[0]["root"]]["options"]
    assert opts == {"fastmath": ["contract", "nnan"], "error_model": "numpy", "boundscheck": True,
                    "nogil": True, "parallel": True, "inline": "always", "locals": {"z": "float32"}}
    assert njit(fastmath=True)(add.py_func)._compiler_options["fastmath"] is True


def test_njit_refuses_object_mode():
    with pytest.raises(ValueError):
        njit(forceobj=True)


def helper(a):
    return a


jitted_helper = njit(helper)


def test_request_describes_globals_closures_defaults(fake_compiler):
    from math import sqrt

    offset = 0.5

    def add_all(x, y=1.5, *, z=(1, 2.0)):
        t = (K, SCALE, math.pi, np.float32(1), None, "s", True, 2 ** 70)
        def inner(v):
            return abs(v) + offset + jitted_helper(v) + sqrt(v) + len(t) + np.sin(v) + numjit.prange(3)[0]
        return inner(x) + y + z[0]

    d = njit(add_all)
    with pytest.raises(errors.UnsupportedError):
        d(1.0)  # the fake cannot compile it; we look at the request
    req = _requests(fake_compiler)[0]
    fns = req["functions"]
    desc = fns[req["root"]]
    g = desc["globals"]
    assert g["K"] == {"kind": "const", "value": {"type": "int64", "value": "3"}}
    assert g["SCALE"] == {"kind": "const", "value": {"type": "float64", "value": "2.5"}}
    assert g["math"] == {"kind": "module", "module": "math"}
    assert g["np"] == {"kind": "module", "module": "numpy"}
    assert g["numjit"] == {"kind": "module", "module": "numjit"}
    assert g["abs"] == {"kind": "builtin", "name": "abs"}
    assert g["len"] == {"kind": "builtin", "name": "len"}
    assert g["jitted_helper"]["kind"] == "function"
    ref = g["jitted_helper"]["ref"]
    assert fns[ref]["name"] == "helper" and fns[ref]["source"].startswith("def helper")
    assert desc["freevars"]["sqrt"] == {"kind": "module_attr", "module": "math", "attr": "sqrt"}
    assert desc["freevars"]["offset"] == {"kind": "const", "value": {"type": "float64", "value": "0.5"}}
    assert desc["defaults"] == {"y": {"type": "float64", "value": "1.5"}, "z": {
        "type": "tuple", "items": [{"type": "int64", "value": "1"}, {"type": "float64", "value": "2.0"}]}}
    assert req["argtypes"] == ["float64", "float64", "UniTuple(int64 x 1)"] or \
        req["argtypes"] == ["float64", "float64", "Tuple(int64, float64)"]


def test_recursion_is_described_once(fake_compiler):
    global rec
    def rec(n):
        return 1 if n < 1 else rec(n - 1)

    rec = njit(rec)
    with pytest.raises(errors.UnsupportedError):
        rec(3)
    req = _requests(fake_compiler)[0]
    assert list(req["functions"]) == [req["root"]]
    assert req["functions"][req["root"]]["globals"]["rec"] == {"kind": "function", "ref": req["root"]}


def _run(code, **env):
    e = dict(os.environ, **env)
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=e,
                          timeout=60)


def test_disable_jit_env():
    code = ("import numjit\n@numjit.njit\ndef f(x):\n    return [x]\n"
            "@numjit.njit('float64(float64)')\ndef g(x):\n    return [x]\n"
            "print(f(1), g(2), f.__class__.__name__)")
    out = _run(code, NUMJIT_DISABLE_JIT="1")
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[1] [2] function"


def test_prange_is_range_outside_compiled_code():
    assert list(numjit.prange(3)) == [0, 1, 2]
    assert numjit.int64 is types.int64 and numjit.float64[:] is types.float64[:]


def test_pickles_by_reference():
    import pickle

    assert pickle.loads(pickle.dumps(jitted_helper)) is jitted_helper


def test_threads_compile_once(fake_compiler):
    import threading

    @njit
    def add(x, y):
        return x + y

    results, barrier = [], threading.Barrier(8)

    def work():
        barrier.wait()
        results.append(add(1.0, 2.0))

    threads = [threading.Thread(target=work) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results == [3.0] * 8
    assert len(_requests(fake_compiler)) == 1


def test_method_binding(fake_compiler):
    class C:
        add = njit(lambda self, y: self + y)

    assert C.add is C.__dict__["add"]


def test_no_source_is_a_clear_error(fake_compiler):
    ns = {}
    exec("def add(x, y):\n    return x + y\n", ns)
    with pytest.raises(errors.UnsupportedError, match="source of add is not available"):
        njit(ns["add"])(1.0, 2.0)


def test_compiler_warnings_become_python_warnings(fake_compiler):
    @njit
    def addwarn(x, y):
        return x + y

    with pytest.warns(errors.NumjitWarning, match="test warning"):
        assert addwarn(1.0, 2.0) == 3.0


def test_dump_llvm(fake_compiler, monkeypatch, capsys):
    from numjit import config

    monkeypatch.setattr(config, "DUMP_LLVM", True)

    @njit
    def add(x, y):
        return x + y

    add(1.0, 2.0)
    assert "define ptr @nj_entry_add" in capsys.readouterr().err


def test_numba_spellings():
    import numjit as numba

    assert numba.core.types.float64 is types.float64
    assert numba.core.errors.TypingError is errors.TypingError
    assert numba.errors.NumbaError is errors.NumjitError
    assert numba.literal_unroll((1, 2)) == (1, 2)


def test_function_keys_are_deterministic_and_unique(fake_compiler):
    def make(k):
        def inner(x):
            return x + k
        return njit(inner)

    a, b = make(1.0), make(2.0)

    def sum_two(x, y):
        return a(x) + b(y)

    with pytest.raises(errors.UnsupportedError):
        njit(sum_two)(1.0, 2.0)
    req = _requests(fake_compiler)[0]
    base = f"{__name__}.test_function_keys_are_deterministic_and_unique.<locals>"
    assert req["root"] == f"{base}.sum_two"
    assert sorted(req["functions"]) == sorted([f"{base}.sum_two", f"{base}.make.<locals>.inner",
                                               f"{base}.make.<locals>.inner#2"])
    fa = req["functions"][f"{base}.make.<locals>.inner"]
    assert fa["freevars"]["k"]["value"]["value"] == "1.0"


def test_conversion_costs():
    from numjit.dispatcher import _conversion_cost as cost

    t = types
    assert cost(t.int64, t.int64) == 0
    assert cost(t.int32, t.int64) < cost(t.int32, t.float64)
    assert cost(t.boolean, t.int64) < cost(t.boolean, t.float64)
    assert cost(t.float64, t.int64) is None and cost(t.complex128, t.float64) is None
    assert cost(t.int64, t.int32) is not None  # Python ints reach int32 signatures
    assert cost(t.float64[::1], t.float64[:]) == 1 and cost(t.float64[:], t.float64[::1]) is None
    ro = t.Array(t.float64, 1, "C", readonly=True)
    assert cost(t.float64[::1], ro) is not None and cost(ro, t.float64[::1]) is None
    assert cost(t.UniTuple(t.int64, 2), t.Tuple((t.int64, t.float64))) == 10
    assert cost(t.none, t.Optional(t.int64)) == 1 and cost(t.int64, t.Optional(t.int64)) == 1


def test_user_module_attributes_are_described(fake_compiler):
    import helpers_mod

    def uses_module(x):
        return helpers_mod.twice(x) + helpers_mod.N + math.pi

    with pytest.raises(errors.UnsupportedError):
        njit(uses_module)(1.0)
    req = _requests(fake_compiler)[0]
    desc = req["functions"][req["root"]]
    assert desc["globals"]["math"] == {"kind": "module", "module": "math"}  # known: no attrs
    mod = desc["freevars"]["helpers_mod"]  # imported in the test, so a closure cell
    assert mod["kind"] == "module" and mod["module"] == "helpers_mod"
    assert mod["attrs"]["N"] == {"kind": "const", "value": {"type": "int64", "value": "3"}}
    ref = mod["attrs"]["twice"]["ref"]
    assert req["functions"][ref]["name"] == "twice"


def test_object_mode_for_argument_types_numjit_cannot_take(fake_compiler):
    @jit(nopython=False)
    def first(xs):
        return xs[0]

    with pytest.warns(errors.NumjitObjectModeWarning, match="dict"):
        assert first({0: 7}) == 7
    assert first.overloads == {}

    @njit
    def first_nopython(xs):
        return xs[0]

    with pytest.raises(TypeError, match="dict"):
        first_nopython({0: 7})
