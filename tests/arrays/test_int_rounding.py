"""np.floor, np.ceil, np.trunc and np.rint of integer and bool arrays and numbers,
differentially against NumPy 2 (floor/ceil/trunc keep the integer or bool dtype and the
values; rint gives NumPy's float dtype), also inside fused expressions and reductions."""
import numpy as np
import pytest

from numjit.testing import assert_same


def rounders(x):
    return np.floor(x), np.ceil(x), np.trunc(x)


def rint(x):
    return np.rint(x)


def fused(x):
    return np.floor(x) * 2 + np.ceil(x) - np.trunc(x), np.sum(np.floor(x)), np.floor(x) / 2


def floor_scalar(n):
    return np.floor(n), np.ceil(n), np.trunc(n)


def floor_scalar_arith(n):
    return np.floor(n) + 1, np.ceil(n) * 2.5


INTS = [np.int8, np.int16, np.int32, np.int64, np.uint8, np.uint16, np.uint32, np.uint64]


@pytest.mark.parametrize("dtype", INTS)
def test_int_arrays(dtype):
    info = np.iinfo(dtype)
    x = np.array([0, 1, 7, info.max, info.min, info.max - 1], dtype=dtype)
    assert_same(rounders, x)
    assert_same(rounders, x[::2])
    assert_same(rounders, np.arange(12, dtype=dtype).reshape(3, 4).T)
    assert_same(rounders, np.zeros(0, dtype=dtype))
    assert_same(fused, x[:3])


def test_signed_values():
    x = np.array([-5, -1, 0, 3, -(2 ** 62), 2 ** 62 + 1], dtype=np.int64)
    assert_same(rounders, x)
    assert_same(fused, x)


def test_bool_arrays():
    assert_same(rounders, np.array([True, False, True]))
    assert_same(rounders, np.array([[True, False], [False, False]]).T)


@pytest.mark.parametrize("dtype", [np.int16, np.int32, np.int64, np.uint32, np.uint64])
def test_rint_ints(dtype):
    assert_same(rint, np.array([0, 3, 9], dtype=dtype))


def test_floats_unchanged():
    x = np.array([-2.5, -0.5, 0.5, 1.5, np.nan, -np.inf, -0.0])
    assert_same(rounders, x)
    assert_same(rounders, x.astype(np.float32))
    assert_same(rint, x)


def test_scalars():
    for n in [3, -7, 0, 2 ** 62]:
        assert_same(floor_scalar, n)
        assert_same(floor_scalar_arith, n)
    assert_same(floor_scalar, True)
    assert_same(floor_scalar, np.int32(-4))
    assert_same(floor_scalar, 2.5)
