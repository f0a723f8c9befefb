"""Global constants are frozen at compile time: numbers, bools, strings, tuples."""
from tests.conftest import assert_same

N = 10
SCALE = 2.5
FLAG = True
NAME = "numjit"
SHAPE = (3, 4)
MIXED = (1, 2.5, False)
NOTHING = None
Z = 1 + 2j


def test_number_globals():
    def f(x):
        return x * N + SCALE, FLAG and x > 0, Z * x
    assert_same(f, 3)


def test_tuple_globals():
    def f():
        a, b = SHAPE
        return a * b, MIXED[1], len(MIXED), SHAPE
    assert_same(f)


def test_none_and_str_globals(capsys):
    def f(x):
        if NOTHING is None:
            print(NAME, x)
        return x
    assert_same(f, 4)
    out = capsys.readouterr().out
    assert out == "numjit 4\nnumjit 4\n"


def test_global_loop_bound():
    def f():
        s = 0
        for i in range(N):
            s += i
        return s
    assert_same(f)


def test_numpy_scalar_globals_keep_their_type():
    import numpy as np
    from numjit import njit
    g = {"H": np.int16(-3), "F": np.float32(0.5)}

    def f(x):
        return x + H * 1, F + F  # noqa: F821
    f.__globals__.update(g)
    try:
        assert_same(f, 2)
        jf = njit(f)
        jf(2)
        text = jf.inspect_types() if isinstance(jf.inspect_types(), str) else ""
    finally:
        for k in g:
            f.__globals__.pop(k, None)
