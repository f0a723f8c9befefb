"""0-d arrays: where NumPy gives a scalar (elementwise operations and ufuncs on 0-d
arrays, reductions, indexing every dimension, item(), float()), numjit returns a number;
where NumPy gives a 0-d array (np.array(x), copies, np.where), a 0-d array."""
import numpy as np
import pytest

from numjit import njit
from numjit.testing import assert_same


def ops(z):
    return z * 2, z + z, -z, z > 1, z ** 2, 3 - z, z / 2


def ufuncs(z):
    return np.sin(z), np.abs(z), np.maximum(z, 1), np.sqrt(np.abs(z)), np.isnan(z)


def mixed(z, a):
    return z + a, a * z, z * 2 + a


def reductions(z, a):
    return z.sum(), np.sum(z), z.max(), a.sum(), a[0].sum(axis=0), np.mean(z), a.argmax()


def indexing(z, a):
    return z[()], a[1, 2], a[1][2]


def conversions(z):
    return float(z), int(z), bool(z), z.item(), complex(z)


def item_any(a):
    return a.item()


def zero_d_arrays(z, x):
    return np.array(x), z.copy(), np.where(z > 1, z, 0.0), np.zeros_like(z)


def in_place(z):
    z += 1
    z *= 3
    return z


def branch(z):
    if z > 2:
        return 1
    return 0


@pytest.mark.parametrize("dt", [np.float64, np.float32, np.int64, np.int32, np.uint16])
def test_zero_dim_results_are_scalars(dt):
    z = np.array(3, dtype=dt)
    a = np.arange(6).reshape(2, 3).astype(dt)
    assert_same(ops, z)
    assert_same(ufuncs, z)
    assert_same(mixed, z, a)
    assert_same(reductions, z, a)
    assert_same(indexing, z, a)
    assert_same(conversions, z)
    assert_same(zero_d_arrays, z, dt(2))
    assert_same(in_place, z)
    assert_same(branch, z)


def test_zero_dim_kinds():
    r = njit(ops)(np.array(2.5))
    assert all(not isinstance(x, np.ndarray) for x in r)
    r = njit(zero_d_arrays)(np.array(2.5), 1.5)
    assert all(isinstance(x, np.ndarray) and x.ndim == 0 for x in r)
    assert_same(zero_d_arrays, np.array(2.5), 7)
    assert_same(zero_d_arrays, np.array(2.5), True)


def test_complex_zero_dim():
    z = np.array(1 + 2j)
    assert_same(complex_ops, z)
    assert_same(lambda_free_complex, z)


def complex_ops(z):
    return z * 2, z + z, -z, z == 1, z ** 2, 3 - z, z / 2


def lambda_free_complex(z):
    return np.exp(z), np.conj(z), np.angle(z), np.real(z)


def test_item():
    assert_same(item_any, np.array([4.5]))
    assert_same(item_any, np.array([[7]], dtype=np.int32))
    assert_same(item_any, np.arange(3.0))            # ValueError: size 3
    assert_same(item_any, np.zeros(0))               # ValueError: size 0
    assert_same(item_any, np.arange(10.0)[3:4])
