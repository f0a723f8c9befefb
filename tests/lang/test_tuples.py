"""Tuples: packing, unpacking, constant indexing, len, iteration, enumerate, zip."""
from tests.conftest import assert_same


def test_pack_unpack_swap():
    def f(a, b):
        a, b = b, a
        t = a, b, a + b
        x, y, z = t
        return z, y, x
    # a and b each hold an int and a float: both are float64, as in Numba
    assert_same(f, 1, 2.5, check_type=False)


def test_nested_unpack():
    def f(a):
        t = (a, (a + 1, a * 2.0))
        p, (q, r) = t
        return p + q + r
    assert_same(f, 3)


def test_heterogeneous_constant_index():
    def f(a):
        t = (a, 2.5, True)
        return t[0], t[1], t[2], t[-1], t[-3], len(t)
    assert_same(f, 4)


def test_homogeneous_iteration_and_runtime_index():
    def f(i):
        t = (3, 1, 4, 1, 5)
        s = 0
        for v in t:
            s = s * 10 + v
        return s, t[i], len(t)
    assert_same(f, 2)
    assert_same(f, -1)


def test_runtime_index_out_of_range():
    def f(i):
        t = (1, 2, 3)
        return t[i]
    assert_same(f, 5)


def test_tuple_argument_and_return():
    def f(t):
        a, b = t
        return (b, a), a * b
    assert_same(f, (2, 3))
    assert_same(f, (2.5, 3.0))


def test_tuple_concat_and_compare():
    def f(a):
        t = (a, 1) + (2.5,)
        return t, (a, 1) == (a, 1), (a, 1) != (a, 2)
    assert_same(f, 7)


def test_enumerate_and_zip():
    def f(n):
        s = 0
        for i, v in enumerate(range(10, 10 + n)):
            s += i * v
        for a, b in zip(range(n), range(5, 100, 3)):
            s += a - b
        for i, v in enumerate((7, 8, 9), 1):
            s += i * v
        return s
    assert_same(f, 6)


def test_empty_tuple():
    def f():
        t = ()
        return len(t)
    assert_same(f)


def test_min_max_of_tuple():
    def f(a, b):
        t = (a, b, 3)
        return min(t), max(t)
    assert_same(f, 5, -2)


def test_tuple_ordering():
    def f(a, b):
        return ((a, b) < (2, 3), (a, b) <= (2, 3), (a, b) > (2, 3), (a, b) >= (2, 3), (a,) < (a, b), (a, b) > (a,),
                (a, 1.5) < (a, 2))
    for a, b in [(1, 9), (2, 2), (2, 3), (2, 4), (3, 0)]:
        assert_same(f, a, b)
