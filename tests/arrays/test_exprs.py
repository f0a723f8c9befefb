"""Array expressions: operators, comparisons and ufuncs with broadcasting, NumPy 2 result
dtypes, fusion, and in-place operators, differentially against NumPy."""
import numpy as np
import pytest

from numjit import njit
from numjit.testing import assert_same


def axpy(a, x, y):
    return a * x + y


def chain(a, b, c):
    return (a - b) * (a + b) / (c + 1.0) - 2 * a


def ufuncs(a, b):
    return (np.sin(a) + np.cos(b) * np.exp(-a) + np.sqrt(np.abs(b)) + np.log1p(np.abs(a)) + np.tanh(a)
            + np.arctan2(a, b + 1) + np.minimum(a, b) - np.maximum(a, 0.5) + np.floor(a) + np.ceil(b))


def cmps(a, b):
    return a < b, a >= 0.5, a == b, ~(a != b)


def neg(a):
    return -a, +a, np.abs(a), np.negative(a), np.square(a)


def inplace(a, b):
    a += b
    a *= 2
    a -= 1
    return a


def inplace_chain(a, b, c):
    a += b * c + 1.0
    return a


def int_ops(a, b):
    return a // b, a % b, a * b, a - b, a & b, a | b, a ^ b, a << 1, a >> 1


def div(a, b):
    return a / b


def power(a):
    return a ** 2, np.power(a, 3), 2.0 ** a


FLOATS = [np.linspace(-1, 2, 12).reshape(3, 4), np.asfortranarray(np.linspace(-1, 2, 12).reshape(3, 4)),
          np.linspace(-1, 2, 24).reshape(3, 8)[:, ::2]]


@pytest.mark.parametrize("a", FLOATS)
def test_float_exprs(a):
    b = a[::-1].copy() * 0.5 + 0.25
    assert_same(axpy, 2.0, a, b)
    assert_same(chain, a, b, b)
    assert_same(ufuncs, a, b)
    assert_same(cmps, a, b)
    assert_same(neg, a)
    assert_same(power, a)
    assert_same(div, a, b)


def test_broadcasting():
    a = np.arange(12.0).reshape(3, 4)
    assert_same(axpy, a, np.arange(4.0), 1.0)
    assert_same(axpy, np.arange(3.0).reshape(3, 1), np.arange(4.0), a)
    assert_same(chain, np.arange(4.0), a, np.ones((1, 4)))
    assert_same(axpy, a, np.arange(3.0), 1.0)  # shapes do not broadcast: ValueError


@pytest.mark.parametrize("dts", [(np.int32, np.int64), (np.int8, np.uint8), (np.float32, np.float32), (np.float32, np.int64),
                                 (np.int16, np.float32), (np.uint64, np.int64), (np.bool_, np.int8), (np.float32, np.complex64)])
def test_result_dtypes(dts):
    a = (np.arange(6) % 4 + 1).astype(dts[0])
    b = (np.arange(6) % 3 + 1).astype(dts[1])

    def add(a, b):
        return a + b, a * b, a - 1, a * 2.5, a + b * 1

    if dts[0] is np.bool_:
        assert_same(lambda_free_mul, a, b)
        return
    assert_same(add, a, b)


def lambda_free_mul(a, b):
    return a * b, a & a


def test_int_ops():
    a = np.array([7, -7, 5, 0, -3, 9])
    b = np.array([2, 2, -3, 4, 5, -2])
    assert_same(int_ops, a, b)
    assert_same(div, a, b)


def test_inplace_mutates_argument():
    a = np.arange(6.0).reshape(2, 3)
    assert_same(inplace, a, np.ones(3))
    assert_same(inplace_chain, a, np.arange(3.0), 2.0)
    x = np.arange(3.0)
    assert njit(inplace)(x, 1.0) is x


def test_fused_is_one_loop():
    f = njit(axpy)
    x = np.arange(4.0)
    f(2.0, x, x)
    ir = f.inspect_llvm(f.signatures[0])
    assert ir.count("call ptr @nj_rt_alloc") + ir.count("@nj_rt_alloc(") >= 1
    # a * x + y allocates exactly one array (the result), not a temporary
    assert ir.count("call noalias ptr @nj_rt_alloc") <= 1 and ir.count("call ptr @nj_rt_alloc") <= 1


def fused_reductions(a, b):
    return (np.sum(a * b), (a - b).sum(), np.mean(a ** 2), np.max(np.abs(a - b)), np.min(a + b), np.prod(a / 2 + 1),
            np.any(a > 3), np.all(a > -1), (a * 2 + b).max())


@pytest.mark.parametrize("args", [(np.linspace(-1, 4, 12), np.linspace(3, 0, 12)), (np.arange(12).reshape(3, 4), np.arange(4)),
                                  (np.asfortranarray(np.linspace(0, 1, 12).reshape(3, 4)), np.ones((3, 1))),
                                  (np.linspace(-1, 4, 1003), np.linspace(3, 0, 1003))])
def test_fused_reductions(args):
    assert_same(fused_reductions, *args)


def test_reduction_of_expression_allocates_nothing():
    def dot(a, b):
        return np.sum(a * b)

    f = njit(dot)
    x = np.arange(100.0)
    assert f(x, x) == np.sum(x * x)
    assert "nj_rt_alloc" not in f.inspect_llvm(f.signatures[0])
